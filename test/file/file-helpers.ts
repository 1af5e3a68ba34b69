import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { UserError } from '../../db/shared/errors.ts';
import { ROOT } from '../helpers.ts';

/** Everything that would change if a file were written to, renamed or had a journal beside it. */
export interface Fingerprint {
  readonly sha256: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly dir: readonly string[];
}

const LONG_AGO = new Date('2020-01-02T03:04:05Z');

/**
 * Dates the file in the past first, so that any write, even within the same clock tick as the
 * test, shows as a changed mtime.
 */
export function fingerprint(file: string, { backdate = false } = {}): Fingerprint {
  if (backdate) utimesSync(file, LONG_AGO, LONG_AGO);
  return {
    sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
    size: statSync(file).size,
    mtimeMs: statSync(file).mtimeMs,
    dir: readdirSync(path.dirname(file)).sort(),
  };
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The error `fn` throws, which must be a UserError: what a clerk is shown. */
export function userErrorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError, but nothing was thrown');
}

/**
 * Leaves `file` as a crash in the middle of a big edit does: part of the edit written into the
 * file and a hot journal beside it. A separate process is killed so that nothing in this one
 * closes the connection cleanly.
 */
export function crashMidTransaction(file: string): void {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = FULL');
    db.pragma('cache_size = 1'); // spill changed pages into the file before commit
    db.exec('BEGIN');
    db.exec("UPDATE project SET name = name || '（未完成的修改）', goal = hex(randomblob(600))");
    db.exec('DELETE FROM indicator');
    process.kill(process.pid, 'SIGKILL');
  `;
  const result = spawnSync(process.execPath, ['-e', script, file], { cwd: ROOT });
  expect(result.signal, String(result.stderr)).toBe('SIGKILL');
}
