import { spawnSync } from 'node:child_process';
import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDocumentFile } from '../../db/document-file.ts';
import {
  FOREIGN_TEMP_AGE_MS,
  removeOrphanTemps,
  tempOwner,
  tempPathFor,
} from '../../db/temp-files.ts';
import { tempDir } from '../helpers.ts';
import { userErrorOf } from './file-helpers.ts';

/*
 * Every temporary file says whose it is, and the next run in the folder removes those of dead
 * processes (kills in real processes: leftovers.test.ts; the backup before an upgrade:
 * upgrade-backup.test.ts).
 */

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

describe('temporary files', () => {
  it('are named with the target, the computer and the process', () => {
    const dir = tempDir();
    const temp = tempPathFor(path.join(dir, '表.2025.jxmb'));
    expect(path.dirname(temp)).toBe(dir);
    const name = path.basename(temp);
    expect(name.startsWith('.表.2025.jxmb.')).toBe(true);
    expect(name.endsWith('.jxmb-tmp')).toBe(true);
    expect(tempOwner(name)).toMatchObject({ host: os.hostname(), pid: process.pid });
    expect(tempOwner(`${name}-journal`)).toMatchObject({ pid: process.pid });
    expect(tempPathFor(path.join(dir, 'a.jxmb'))).not.toBe(tempPathFor(path.join(dir, 'a.jxmb')));
    expect(tempOwner('.表.jxmb.1234.5678.tmp')).toBeUndefined();
    expect(tempOwner('表.jxmb')).toBeUndefined();
  });

  it('of dead processes (and old ones of earlier versions) are removed; others are kept', () => {
    const dir = tempDir();
    const host = encodeURIComponent(os.hostname()).replaceAll('.', '%2E');
    const dead = deadPid();
    const names = {
      deadHere: `.表.jxmb.${host}.${dead}.1700000000000-0.jxmb-tmp`,
      deadJournal: `.表.jxmb.${host}.${dead}.1700000000000-0.jxmb-tmp-journal`,
      liveHere: `.表.jxmb.${host}.${process.pid}.1700000000000-1.jxmb-tmp`,
      oldElsewhere: '.表.pdf.other-pc.4242.1700000000000-0.jxmb-tmp',
      freshElsewhere: '.表.docx.other-pc.4242.1700000000000-1.jxmb-tmp',
      legacyOld: '.表.jxmb.4242.1700000000000.tmp',
      legacyOldJournal: '.表.jxmb.4242.1700000000000.tmp-journal',
      legacyExportOld: '.表.pdf.4242-k3j9x.tmp',
      legacyLockOld: '~$表.jxmb.lock.4242.1700000000000.tmp',
      legacyFresh: '.表.docx.4242-abc12.tmp',
      document: '表.jxmb',
      clerksHiddenFile: '.表.jxmb.备注',
    };
    for (const n of Object.values(names)) writeFileSync(path.join(dir, n), 'x');
    const old = new Date(Date.now() - FOREIGN_TEMP_AGE_MS - 60_000);
    const oldOnes = [
      names.oldElsewhere,
      names.legacyOld,
      names.legacyOldJournal,
      names.legacyExportOld,
      names.legacyLockOld,
      names.document,
      names.clerksHiddenFile,
    ];
    for (const n of oldOnes) utimesSync(path.join(dir, n), old, old);

    expect(removeOrphanTemps(dir).sort()).toEqual(
      [
        names.deadHere,
        names.deadJournal,
        names.oldElsewhere,
        names.legacyOld,
        names.legacyOldJournal,
        names.legacyExportOld,
        names.legacyLockOld,
      ].sort(),
    );
    expect(readdirSync(dir).sort()).toEqual(
      [
        names.liveHere,
        names.freshElsewhere,
        names.legacyFresh,
        names.document,
        names.clerksHiddenFile,
      ].sort(),
    );
  });

  it('never appear under the target name when the disk is full (SQLITE_FULL)', () => {
    const dir = tempDir();
    const target = path.join(dir, '表.jxmb');
    const e = userErrorOf(() =>
      createDocumentFile(target, {}, (db) => {
        // SQLite's own page limit gives the same SQLITE_FULL a full disk does.
        db.pragma('max_page_count = 40');
        const insert = db.prepare('INSERT INTO unit (name, position) VALUES (?, ?)');
        for (let i = 0; i < 10_000; i++) insert.run('单位'.repeat(100), i);
      }),
    );
    expect(e.message).toMatch(/磁盘已满/);
    expect(e.message).toContain('表.jxmb');
    expect(readdirSync(dir)).toEqual([]);
  });
});
