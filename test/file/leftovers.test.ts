import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { writeFileAtomic } from '../../templates/export/write-file.ts';
import { ROOT, tempDir } from '../helpers.ts';

/*
 * A program killed while writing a document leaves its temporary file beside the target; the
 * next run that creates, opens for editing or writes a file in that folder removes it.
 */

const CHILD = path.join(ROOT, 'test', 'file', 'store-child.ts');

function runChild(mode: string, file: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', CHILD, mode, file], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function hidden(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith('.'));
}

describe('temporary files of killed processes', () => {
  it('are removed by the next run that creates a document there', () => {
    const dir = tempDir();
    const r = runChild('create-and-die', path.join(dir, '新表.jxmb'));
    expect(r.signal, r.stderr).toBe('SIGKILL');
    expect(hidden(dir).length).toBeGreaterThan(0); // what the kill left behind
    expect(existsSync(path.join(dir, '新表.jxmb'))).toBe(false);

    TargetDocument.create(path.join(dir, '另一个表.jxmb'), { department: '部门', year: 2025 });
    expect(hidden(dir)).toEqual([]);
    expect(readdirSync(dir)).toEqual(['另一个表.jxmb']);
  });

  it('are also cleaned when a document there is opened or an export is written there', () => {
    for (const act of ['open', 'export'] as const) {
      const dir = tempDir();
      const doc = path.join(dir, '表.jxmb');
      TargetDocument.create(doc, { department: '部门', year: 2025 });
      expect(runChild('create-and-die', path.join(dir, '新表.jxmb')).signal).toBe('SIGKILL');
      expect(hidden(dir).length).toBeGreaterThan(0);
      if (act === 'open') TargetDocument.open(doc).close();
      else writeFileAtomic(path.join(dir, '表.pdf'), new Uint8Array([1, 2, 3]));
      expect(hidden(dir), act).toEqual([]);
    }
  });
});
