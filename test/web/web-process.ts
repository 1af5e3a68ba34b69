import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { ownFixture, ROOT } from '../helpers.ts';

/**
 * `jxmb web` as a clerk starts it: a real child process (on the Node running the tests, which
 * is the project's Node 22), talked to over real HTTP. Every server gets the state folder the
 * test gives it (JXMB_STATE_DIR), never the user's own.
 */

export const STATIC = path.join(ROOT, 'out', 'renderer');

/** npm test builds the renderer first; build it when a web test file is run alone. */
export function ensureRenderer(): void {
  if (existsSync(path.join(STATIC, 'index.html'))) return;
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT },
  );
}

/** A small real document (the own fixture, imported) at `file`. */
export function writeSmallDocument(file: string): void {
  writeDraft(
    importPublishedText(readFileSync(ownFixture('small-published.txt'), 'utf8')).draft,
    file,
  );
}

const fileDirs: string[] = [];
/**
 * A temporary folder that lasts until the test file is done (helpers' tempDir is removed after
 * each test: too early for a server started in beforeAll).
 */
export function fileTempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-web-'));
  fileDirs.push(dir);
  return dir;
}

export interface WebRun {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  readonly token: string;
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** SIGTERM (as a service manager or Ctrl+C would), then waits for the exit. */
  stop(): Promise<number | string>;
  /** POST a call with this server's token; `body` is sent as it is when a string. */
  post(route: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

export interface Reply {
  readonly status: number;
  readonly json: {
    ok: boolean;
    result?: unknown;
    error?: string;
    code?: string;
    lock?: { pid: number; user: string; stale: boolean };
    version?: string;
  };
}

// Servers a test left running (it failed half-way) are killed when its file is done.
const running = new Set<ChildProcess>();
afterAll(async () => {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGKILL');
        }),
    ),
  );
  running.clear();
  while (fileDirs.length) rmSync(fileDirs.pop()!, { recursive: true, force: true });
});

export async function post(
  port: number,
  token: string,
  route: string,
  body: unknown = {},
  headers: Record<string, string> = {},
): Promise<Reply> {
  const r = await fetch(`http://127.0.0.1:${port}${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as Reply['json'] };
}

export function startWeb(
  args: string[],
  options: { cwd: string; stateDir: string; nodeArgs?: string[] },
): Promise<WebRun> {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), path.join(ROOT, 'bin', 'jxmb.js'), 'web', ...args],
    {
      cwd: options.cwd,
      env: { ...process.env, JXMB_STATE_DIR: options.stateDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web did not start:\n${out}`)), 30_000);
    const poll = setInterval(() => {
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+)/.exec(out);
      if (!m) return;
      clearInterval(poll);
      clearTimeout(timer);
      const port = Number(m[1]);
      const token = m[2]!;
      resolve({
        child,
        url: m[0],
        port,
        token,
        output: () => out,
        exited,
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
        post: (route, body, headers) => post(port, token, route, body, headers),
      });
    }, 50);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`web exited (${code}):\n${out}`));
    });
  });
}

/** The id of the document's first project, to edit. */
export async function firstProjectId(run: WebRun): Promise<number> {
  const r = await run.post('/api/getDocument');
  const state = r.json.result as { data: { units: { projects: { id: number }[] }[] } };
  return state.data.units[0]!.projects[0]!.id;
}
