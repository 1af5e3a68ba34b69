import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, watch } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { createFileAtVersion } from '../../db/document-file.ts';
import { SCHEMA_VERSION } from '../../db/migrations.ts';
import { ROOT, tempDir } from '../helpers.ts';
import { sha256 } from './file-helpers.ts';

/*
 * The copy of an older file made before it is upgraded is the one a clerk reaches for when
 * anything goes wrong: it must only ever exist whole under its official name (表.v1-备份.jxmb),
 * however the program is stopped while writing it.
 */

const CHILD = path.join(ROOT, 'test', 'file', 'store-child.ts');

function hidden(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith('.'));
}

/** Opens `file` for editing in another process; `onName` sees every name appearing beside it. */
async function openInChild(
  file: string,
  onName: (name: string, child: ReturnType<typeof spawn>) => void,
): Promise<{ code: number | null; signal: string | null }> {
  const dir = path.dirname(file);
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'open', file], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  const watcher = watch(dir, (_event, name) => {
    if (name) onName(String(name), child);
  });
  const result = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  // Let the last events of the folder arrive.
  await new Promise((resolve) => setTimeout(resolve, 100));
  watcher.close();
  return result;
}

/** The smallest tree a document can have: one category of each level. */
function addTree(db: Database.Database): void {
  db.exec(`INSERT INTO category_level1 (code, name, role, position) VALUES ('1', '产出指标', 'output', 0);
           INSERT INTO category_level2 (code, level1_code, name, position) VALUES ('11', '1', '数量指标', 0);`);
}

describe('the backup before an upgrade', () => {
  /** An older (version 1) document of about 20 MB, so that copying it takes a moment. */
  function oldDocument(file: string): void {
    const db = createFileAtVersion(file, 1);
    db.exec(`INSERT INTO document (id, department, year, money_unit, tree_id, tree_name)
             VALUES (1, '区委组织部', 2024, '万元', 'default', '默认')`);
    addTree(db);
    db.exec("INSERT INTO unit (name, position) VALUES ('本级', 0)");
    const insert = db.prepare(
      'INSERT INTO project (unit_id, position, name, goal) VALUES (1, ?, ?, ?)',
    );
    db.transaction(() => {
      for (let i = 0; i < 200; i++) insert.run(i, `项目${i}`, '完成年度培训任务。'.repeat(4000));
    })();
    db.close();
  }

  it('exists under its official name only whole, even when the program is killed copying it', async () => {
    const dir = tempDir();
    const file = path.join(dir, '表.jxmb');
    oldDocument(file);
    const original = sha256(file);
    const backup = path.join(dir, '表.v1-备份.jxmb');

    // Kill the upgrading program the moment the backup's name appears in the folder.
    const { signal } = await openInChild(file, (name, child) => {
      if (name.includes('备份')) child.kill('SIGKILL');
    });
    expect(signal, 'the child was killed during the backup').toBe('SIGKILL');

    // Whatever the moment of the kill, a file under the official name is the whole original.
    if (existsSync(backup)) expect(sha256(backup)).toBe(original);
    expect(sha256(file)).toBe(original); // the upgrade had not started

    // The next open upgrades, leaves a whole backup and no leftovers.
    const doc = TargetDocument.open(file);
    const backupPath = doc.backupPath;
    doc.close();
    expect(backupPath).toBeDefined();
    expect(sha256(backupPath!)).toBe(original);
    expect(hidden(dir)).toEqual([]);
    const upgraded = new Database(file, { readonly: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    upgraded.close();
  }, 60_000);

  it('is written to a temporary name first, then renamed', async () => {
    // The same property, checked without a kill: while the copy is being written, the folder
    // shows only a temporary name. A watcher records every name that appears.
    const dir = tempDir();
    mkdirSync(path.join(dir, 'docs'));
    const file = path.join(dir, 'docs', '表.jxmb');
    const db = createFileAtVersion(file, 1);
    db.exec(`INSERT INTO document (id, department, year, money_unit, tree_id, tree_name)
             VALUES (1, '部门', 2024, '万元', 'default', '默认')`);
    addTree(db);
    db.close();
    const seen = new Set<string>();
    const { code } = await openInChild(file, (name) => seen.add(name));
    expect(code).toBe(0);
    const temps = [...seen].filter((n) => n.startsWith('.表.v1-备份.jxmb.'));
    expect(temps.length, [...seen].join(' ')).toBeGreaterThan(0);
    expect(existsSync(path.join(dir, 'docs', '表.v1-备份.jxmb'))).toBe(true);
    expect(readdirSync(path.join(dir, 'docs')).sort()).toEqual(['表.jxmb', '表.v1-备份.jxmb']);
  });
});
