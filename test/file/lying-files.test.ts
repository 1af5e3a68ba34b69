import { spawn } from 'node:child_process';
import { truncateSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { inProcess, runCliAsync } from '../cli/run.ts';
import { ROOT, tempDir } from '../helpers.ts';
import { makeDocument, withSql } from './damage.ts';
import { fingerprint, userErrorOf } from './file-helpers.ts';

/*
 * Every open validates the file the same way, read-only (info, check, dump, export, the source
 * of 由上年文件新建) or for editing: a file whose structure is damaged or was changed by
 * another tool is refused with the same clear message, never half-read, and left untouched.
 */

const NO_STACK = /\n\s+at /;

const CASES: { name: string; damage: (file: string) => void; says: RegExp }[] = [
  {
    name: 'a document cut by its last byte',
    damage: (f) => truncateSync(f, fingerprint(f).size - 1),
    says: /已损坏（内容不完整或被其他程序改动过），无法打开/,
  },
  {
    name: 'a document missing its last page',
    damage: (f) => truncateSync(f, fingerprint(f).size - 4096),
    says: /已损坏/,
  },
  {
    name: 'a trigger of the tree dropped',
    damage: (f) => withSql(f, (db) => db.exec('DROP TRIGGER indicator_code_in_tree_update')),
    says: /已被其他程序改动过（缺少触发器 indicator_code_in_tree_update），无法打开/,
  },
  {
    name: 'a trigger of the tree weakened',
    damage: (f) =>
      withSql(f, (db) =>
        db.exec(`DROP TRIGGER indicator_code_in_tree_insert;
                 CREATE TRIGGER indicator_code_in_tree_insert BEFORE INSERT ON indicator
                 WHEN 0 BEGIN SELECT 1; END;`),
      ),
    says: /已被其他程序改动过（缺少触发器 indicator_code_in_tree_insert 的原有定义）/,
  },
  {
    name: 'a table missing',
    damage: (f) => withSql(f, (db) => db.exec('DROP TABLE indicator')),
    says: /已被其他程序改动过（缺少表 indicator/,
  },
  {
    name: 'a column missing',
    damage: (f) => withSql(f, (db) => db.exec('ALTER TABLE project DROP COLUMN goal')),
    says: /缺少表 project 的列 goal/,
  },
];

describe('a file that lies', () => {
  it.each(CASES)(
    '$name: every open refuses it the same way and leaves it untouched',
    async (c) => {
      const dir = tempDir();
      const file = path.join(dir, '表.jxmb');
      makeDocument(file);
      c.damage(file);
      const before = fingerprint(file, { backdate: true });

      const messages = [
        userErrorOf(() => TargetDocument.open(file, { readonly: true })).message,
        userErrorOf(() => TargetDocument.open(file)).message,
        userErrorOf(() => EditorSession.open(file)).message,
        userErrorOf(() => EditorSession.open(file, { mode: 'readOnly' })).message,
      ];
      for (const m of messages) expect(m).toMatch(c.says);
      expect(new Set(messages).size).toBe(1);
      expect(messages[0]).toContain('文件未作任何改动');

      // Every read-only command in this process, and one as the real command line.
      const runs = [
        await inProcess(['info', file]),
        await inProcess(['check', file]),
        await inProcess(['dump', file]),
        await inProcess(['export', file, '--docx', path.join(dir, '表.docx')]),
        await runCliAsync(['check', file]),
      ];
      for (const r of runs) {
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(c.says);
        expect(r.stderr).not.toMatch(NO_STACK);
        expect(r.stdout).toBe('');
      }
      expect(fingerprint(file)).toEqual(before);
    },
    60_000,
  );

  it('locked by another SQLite connection gets a message, not a stack trace', async () => {
    const dir = tempDir();
    const file = path.join(dir, '表.jxmb');
    makeDocument(file);
    // Another program in the middle of writing: it holds SQLite's exclusive lock.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]);
         db.exec('BEGIN EXCLUSIVE');
         console.log('locked');
         setTimeout(() => {}, 60000);`,
        file,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      const cli = runCliAsync(['info', file]);
      const says = /正被其他程序使用.*暂时无法打开/;
      expect(userErrorOf(() => TargetDocument.open(file, { readonly: true })).message).toMatch(
        says,
      );
      const r = await cli;
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(says);
      expect(r.stderr).not.toMatch(NO_STACK);
    } finally {
      holder.kill('SIGKILL');
    }
  }, 60_000);
});
