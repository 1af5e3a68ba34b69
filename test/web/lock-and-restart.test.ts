import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { lockPathFor } from '../../db/file-lock.ts';
import { tempDir } from '../helpers.ts';
import {
  ensureRenderer,
  firstProjectId,
  post,
  startWeb,
  writeSmallDocument,
} from './web-process.ts';

/**
 * Browser mode and the document's lock, with real `jxmb web` processes: one writer per file,
 * a restarted server that the open page reaches again at the same address with the same token,
 * a killed server whose lock the next one takes over, and errors nobody caught that must not
 * take the server down.
 */

beforeAll(ensureRenderer);

function setUp() {
  const dir = tempDir();
  const file = path.join(dir, '表.jxmb');
  writeSmallDocument(file);
  return { dir, file, stateDir: path.join(tempDir(), 'state') };
}

function lockPid(file: string): number {
  return (JSON.parse(readFileSync(lockPathFor(file), 'utf8')) as { pid: number }).pid;
}

describe('jxmb web and the document lock', () => {
  it('restarted on the same document, keeps its port and token: the old page just goes on', async () => {
    const { dir, file, stateDir } = setUp();
    const first = await startWeb(['表.jxmb'], { cwd: dir, stateDir });
    const login = await fetch(first.url, { redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const id = await firstProjectId(first);
    expect((await first.post('/api/updateProject', { id, name: '重启前' })).status).toBe(200);
    expect(await first.stop()).toBe(0);
    // A clean stop releases the lock.
    expect(existsSync(lockPathFor(file))).toBe(false);
    // The address and the token are remembered for the user only.
    if (process.platform !== 'win32') {
      expect(statSync(stateDir).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(stateDir, 'web-servers.json')).mode & 0o777).toBe(0o600);
    }

    const second = await startWeb(['表.jxmb'], { cwd: dir, stateDir });
    expect(second.port).toBe(first.port);
    expect(second.token).toBe(first.token);
    // What the page that was open sends: the old bearer token for calls, the old cookie for files.
    const edit = await post(first.port, first.token, '/api/updateProject', { id, name: '重启后' });
    expect(edit.status).toBe(200);
    const page = await fetch(`http://127.0.0.1:${first.port}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    await second.stop();

    // --new-token: a fresh secret, the old one is refused.
    const third = await startWeb(['表.jxmb', '--new-token'], { cwd: dir, stateDir });
    expect(third.port).toBe(first.port);
    expect(third.token).not.toBe(first.token);
    const old = await fetch(`http://127.0.0.1:${third.port}/api/getVersion`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${first.token}` },
      body: '{}',
    });
    expect(old.status).toBe(401);
    await third.stop();
  });

  it('restarted on the same folder without a document, keeps its port and token too', async () => {
    const { dir, stateDir } = setUp();
    const first = await startWeb([], { cwd: dir, stateDir });
    await first.stop();
    const second = await startWeb([], { cwd: dir, stateDir });
    expect([second.port, second.token]).toEqual([first.port, first.token]);
    expect((await post(first.port, first.token, '/host/currentDocument')).status).toBe(200);
  });

  it('a second server on a document the first holds opens it read-only; the first still edits', async () => {
    const { dir, file, stateDir } = setUp();
    const first = await startWeb(['表.jxmb'], { cwd: dir, stateDir });
    const second = await startWeb(['表.jxmb'], { cwd: dir, stateDir });
    expect(second.port).not.toBe(first.port);
    expect(second.output()).toContain('只读');
    expect(second.output()).toContain('“表.jxmb”已由');

    const id = await firstProjectId(second);
    const refused = await second.post('/api/updateProject', { id, name: '第二个' });
    expect(refused.status).toBe(400);
    expect(refused.json.code).toBe('readOnly');
    expect(refused.json.lock?.pid).toBe(first.child.pid);
    const state = (await second.post('/api/getDocument')).json.result as {
      readOnly: unknown;
    };
    expect(state.readOnly).not.toBeNull();

    expect((await first.post('/api/updateProject', { id, name: '第一个' })).status).toBe(200);
    expect(lockPid(file)).toBe(first.child.pid);
    // The read-only server leaves the lock alone when it stops, and did not take the address.
    await second.stop();
    expect(lockPid(file)).toBe(first.child.pid);
    expect((await first.post('/api/updateProject', { id, name: '仍可编辑' })).status).toBe(200);
    await first.stop();
    const again = await startWeb(['表.jxmb'], { cwd: dir, stateDir });
    expect(again.port).toBe(first.port);
    await again.stop();
  });

  it('a page asking for a document another server holds gets code locked and the holder', async () => {
    const { dir, file, stateDir } = setUp();
    const holder = await startWeb(['表.jxmb'], { cwd: dir, stateDir });
    const other = await startWeb([], { cwd: dir, stateDir });
    const refused = await other.post('/host/openDocument', { path: '表.jxmb' });
    expect(refused.status).toBe(400);
    expect(refused.json.code).toBe('locked');
    expect(refused.json.lock).toMatchObject({ pid: holder.child.pid, stale: false });
    expect(refused.json.error).toContain('表.jxmb');
    const readOnly = await other.post('/host/openDocument', { path: '表.jxmb', mode: 'readOnly' });
    expect(readOnly.status).toBe(200);
    expect((readOnly.json.result as { readOnly: unknown }).readOnly).not.toBeNull();
    // The holder opening its own document again gets it as it is, not a lock error.
    const own = await holder.post('/host/openDocument', { path: file });
    expect(own.status).toBe(200);
    expect((own.json.result as { readOnly: unknown }).readOnly).toBeNull();
    expect(lockPid(file)).toBe(holder.child.pid);
  });

  it('a server killed with SIGKILL leaves a lock that the next jxmb web takes over', async () => {
    const { dir, file, stateDir } = setUp();
    const killed = await startWeb(['表.jxmb'], { cwd: dir, stateDir });
    expect(lockPid(file)).toBe(killed.child.pid);
    killed.child.kill('SIGKILL');
    expect(await killed.exited).toBe('SIGKILL');
    expect(existsSync(lockPathFor(file))).toBe(true);

    const next = await startWeb(['表.jxmb'], { cwd: dir, stateDir });
    expect(next.output()).toContain('接管');
    expect(next.output()).not.toContain('只读');
    expect(lockPid(file)).toBe(next.child.pid);
    const id = await firstProjectId(next);
    expect((await next.post('/api/updateProject', { id, name: '接管后' })).status).toBe(200);
    // Same address and token as the killed one: its page reconnects.
    expect([next.port, next.token]).toEqual([killed.port, killed.token]);
    await next.stop();
    expect(existsSync(lockPathFor(file))).toBe(false);
  });

  it('survives an unhandled rejection and an uncaught exception, and keeps serving', async () => {
    const { dir, stateDir } = setUp();
    const run = await startWeb(['表.jxmb'], {
      cwd: dir,
      stateDir,
      nodeArgs: [
        '--import',
        pathToFileURL(path.join(import.meta.dirname, 'stray-errors.mjs')).href,
      ],
    });
    run.child.kill('SIGUSR2');
    for (let i = 0; i < 50 && !run.output().includes('定时器'); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(run.child.exitCode).toBeNull();
    expect(run.output()).toMatch(/未处理的异步错误.*服务继续运行.*无人等待的 Promise/);
    expect(run.output()).toMatch(/未捕获的异常.*服务继续运行.*定时器中抛出的异常/);
    const r = await run.post('/api/getVersion');
    expect(r.status).toBe(200);
    expect(await run.stop()).toBe(0);
  });
});
