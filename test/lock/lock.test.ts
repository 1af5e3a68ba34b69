import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { isUserError, type UserError } from '../../db/shared/errors.ts';
import { LOCK_STALE_AFTER_MS, lockHolder, lockPathFor } from '../../db/file-lock.ts';
import { ROOT, tempDir } from '../helpers.ts';

/**
 * One writer per document: the lock file beside it, with real second programs (child processes
 * running the same EditorSession the editor uses), as two clerks on one shared drive would.
 */

const CHILD = path.join(ROOT, 'test', 'lock', 'lock-child.ts');

function makeDoc(dir: string, name = '表.jxmb'): string {
  const file = path.join(dir, name);
  TargetDocument.create(file, { department: '区委组织部', year: 2025 });
  return file;
}

function refusal(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (isUserError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

/** A second program holding `file`: waits until it says it has it. */
async function holder(file: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'hold', file], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const fail = () => {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`child said: ${out}\n${err}`));
      };
      const timer = setTimeout(fail, 20_000);
      const poll = setInterval(() => {
        if (exited && !pattern.test(out)) return fail();
        const m = pattern.exec(out);
        if (m) {
          clearInterval(poll);
          clearTimeout(timer);
          out = out.slice(m.index + m[0].length);
          resolve(m[0]);
        }
      }, 10);
    });
  await waitFor(/ready \d+\n/);
  return {
    child,
    edit: async (text: string) => {
      child.stdin.write(`edit ${text}\n`);
      return waitFor(/(done|refused [^\n]*)\n/);
    },
    exit: () => exitOf(child, () => child.stdin.write('exit\n')),
    kill: () => exitOf(child, () => child.kill('SIGKILL')),
  };
}

function exitOf(child: ChildProcess, act: () => void): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    act();
  });
}

describe('the lock file', () => {
  it('says who has the document open, and goes when the document is closed', () => {
    const file = makeDoc(tempDir());
    const session = EditorSession.open(file);
    const record = JSON.parse(readFileSync(lockPathFor(file), 'utf8')) as Record<string, unknown>;
    expect(path.basename(lockPathFor(file))).toBe('~$表.jxmb.lock');
    expect(record).toMatchObject({ app: 'jxmb', host: os.hostname(), pid: process.pid });
    expect(Date.parse(String(record.since))).toBeGreaterThan(Date.now() - 60_000);
    session.close();
    expect(lockHolder(file)).toBeUndefined();
  });

  it('a second opener is told who and since when, in Chinese, and may open read-only', () => {
    const file = makeDoc(tempDir());
    const first = EditorSession.open(file);
    try {
      const e = refusal(() => EditorSession.open(file));
      expect(e.code).toBe('locked');
      expect(e.message).toMatch(/^“表\.jxmb”已由 .+（电脑 .+）自 \d{4}-\d\d-\d\d \d\d:\d\d 起打开/);
      expect(e.message).toContain('只读打开');
      expect(e.lock).toMatchObject({ pid: process.pid, stale: false });
      // A live holder cannot be taken over.
      expect(refusal(() => EditorSession.open(file, { mode: 'takeOver' })).code).toBe('locked');

      const reader = EditorSession.open(file, { mode: 'readOnly' });
      try {
        expect(reader.state().readOnly?.reason).toMatch(/^只读：“表\.jxmb”已由/);
        const r = refusal(() => reader.call('setDepartment', { department: '改' }));
        expect(r.code).toBe('readOnly');
        expect(r.message).toContain('本窗口为只读');
        // The holder's edit reaches the reader, whose version changes with it.
        const before = reader.version;
        first.call('setDepartment', { department: '区委组织部（改）' });
        expect(reader.version).not.toBe(before);
        expect(reader.state().data.department).toBe('区委组织部（改）');
      } finally {
        reader.close();
      }
    } finally {
      first.close();
    }
  });

  it('a lock from another computer is stale only when it has not been refreshed for a while', () => {
    const file = makeDoc(tempDir());
    const write = (ageMs: number) =>
      writeFileSync(
        lockPathFor(file),
        JSON.stringify({
          app: 'jxmb',
          id: 'x',
          user: '李四',
          host: 'OTHER-PC-不存在',
          pid: 1,
          since: new Date(Date.now() - ageMs - 3_600_000).toISOString(),
          refreshed: new Date(Date.now() - ageMs).toISOString(),
        }),
      );
    write(30_000);
    let e = refusal(() => EditorSession.open(file));
    expect(e.message).toContain('李四（电脑 OTHER-PC-不存在）');
    expect(e.lock?.stale).toBe(false);
    expect(refusal(() => EditorSession.open(file, { mode: 'takeOver' })).code).toBe('locked');

    write(LOCK_STALE_AFTER_MS + 60_000);
    e = refusal(() => EditorSession.open(file));
    expect(e.lock?.stale).toBe(true);
    expect(e.message).toContain('接管');
    const session = EditorSession.open(file, { mode: 'takeOver' });
    expect(lockHolder(file)).toMatchObject({ pid: process.pid, stale: false });
    session.close();
  });

  it('a holder whose lock was taken over stops saving, and says so', () => {
    const file = makeDoc(tempDir());
    const session = EditorSession.open(file);
    try {
      // Another computer takes it over (e.g. after this one looked gone on a network share).
      writeFileSync(
        lockPathFor(file),
        JSON.stringify({
          app: 'jxmb',
          id: 'theirs',
          user: '王五',
          host: 'PC-2',
          pid: 7,
          since: new Date().toISOString(),
          refreshed: new Date().toISOString(),
        }),
      );
      const e = refusal(() => session.call('setDepartment', { department: '改' }));
      expect(e.code).toBe('lockLost');
      expect(e.message).toContain('王五（电脑 PC-2）');
      expect(e.message).toContain('另存为');
      expect(TargetDocument.open(file, { readonly: true }).snapshot().department).toBe(
        '区委组织部',
      );
    } finally {
      session.close();
    }
    // Closing does not remove the new holder's lock.
    expect(lockHolder(file)?.user).toBe('王五');
  });
});

describe('two real programs on one document', () => {
  it('the second is refused while the first runs, reads its edits, and takes over after a crash', async () => {
    const file = makeDoc(tempDir());
    const other = await holder(file);
    try {
      const e = refusal(() => EditorSession.open(file));
      expect(e.code).toBe('locked');
      expect(e.lock).toMatchObject({ pid: other.child.pid, host: os.hostname(), stale: false });

      const reader = EditorSession.open(file, { mode: 'readOnly' });
      expect(await other.edit('第一次修改')).toBe('done\n');
      expect(reader.state().data.department).toBe('第一次修改');
      reader.close();

      // The holder crashes: its lock stays behind, recognised as stale (its process is gone).
      await other.kill();
      const after = refusal(() => EditorSession.open(file));
      expect(after.lock).toMatchObject({ pid: other.child.pid, stale: true });
      const mine = EditorSession.open(file, { mode: 'takeOver' });
      mine.call('setDepartment', { department: '接管后修改' });
      mine.close();
      expect(TargetDocument.open(file, { readonly: true }).snapshot().department).toBe(
        '接管后修改',
      );
    } finally {
      other.child.kill('SIGKILL');
    }
  }, 30_000);

  it('a program that exits normally leaves no lock', async () => {
    const file = makeDoc(tempDir());
    const other = await holder(file);
    await other.exit();
    expect(lockHolder(file)).toBeUndefined();
    EditorSession.open(file).close();
  }, 30_000);

  /**
   * Two programs each make LOCK_N edits, taking turns through the lock (each waits while the
   * other has the document): every edit of both is there, the file is intact.
   */
  const N = Number(process.env.LOCK_N ?? 25);
  it(`two programs taking turns through the lock, ${N} edits each: nothing lost`, async () => {
    const file = makeDoc(tempDir());
    const run = (name: string) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', CHILD, 'loop', file, name, String(N)],
          { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
      });
    const started = Date.now();
    const results = await Promise.all([run('甲'), run('乙')]);
    expect(results).toEqual([`ok ${N}\n`, `ok ${N}\n`]);
    const doc = TargetDocument.open(file, { readonly: true });
    try {
      const names = new Set(doc.snapshot().units.map((u) => u.name));
      for (const who of ['甲', '乙']) {
        for (let i = 0; i < N; i++) expect(names.has(`${who}-${i}`)).toBe(true);
      }
      expect(names.size).toBe(2 * N);
    } finally {
      doc.close();
    }
    expect(lockHolder(file)).toBeUndefined();
    console.log(
      `lock: 2 programs × ${N} edits through the lock, ${2 * N} found, ${Date.now() - started} ms`,
    );
  }, 600_000);
});
