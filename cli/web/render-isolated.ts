import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../../db/shared/errors.ts';
import type { DocumentData } from '../../db/shared/types.ts';

/**
 * Renders exports (PDF or Word) in a worker thread. Laying out and subsetting fonts for a whole
 * department's table takes about a second, all of it synchronous: on the server's own thread it
 * would stop every other page's edits and connection checks meanwhile. One worker serves every
 * export of the server (its loaded fonts make the next export fast); it is started on the first
 * export and replaced when it fails or takes too long.
 */

/** A table many times the published fixture renders in a few seconds. */
const RENDER_TIME_LIMIT_MS = 120_000;

export interface RenderJob {
  readonly id: number;
  readonly data: DocumentData;
  readonly layoutId: string;
  readonly format: 'pdf' | 'docx';
}

export type RenderReply =
  | { readonly id: number; readonly ok: true; readonly bytes: Uint8Array }
  | { readonly id: number; readonly ok: false; readonly userError: string }
  | { readonly id: number; readonly ok: false; readonly internal: string };

interface Pending {
  resolve(bytes: Uint8Array): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

/** Ends the worker and fails whatever it had not finished. */
function stop(reason: Error): void {
  const w = worker;
  worker = undefined;
  if (w) void w.terminate();
  for (const [id, p] of pending) {
    clearTimeout(p.timer);
    pending.delete(id);
    p.reject(reason);
  }
}

function start(): Worker {
  // The command line runs TypeScript through tsx; so does the worker (named by its file: a bare
  // `tsx` would be looked for from the working folder).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const w = new Worker(new URL('./render-worker.ts', import.meta.url), {
    execArgv: ['--import', tsx],
  });
  w.unref(); // an idle worker must not keep the server's process alive
  w.on('message', (reply: RenderReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    clearTimeout(p.timer);
    if (reply.ok) p.resolve(reply.bytes);
    else if ('userError' in reply) p.reject(new UserError(reply.userError));
    else p.reject(new Error(`导出时出现程序内部错误：${reply.internal}`));
  });
  w.on('error', (e) => {
    if (worker === w) stop(e);
  });
  w.on('exit', (code) => {
    if (worker === w) stop(new Error(`导出的工作线程意外退出（代码 ${code}）`));
  });
  return w;
}

export function renderIsolated(job: Omit<RenderJob, 'id'>): Promise<Uint8Array> {
  worker ??= start();
  const id = nextId++;
  return new Promise<Uint8Array>((resolve, reject) => {
    const timer = setTimeout(
      () => stop(new UserError('导出超时，已停止；请稍后重试')),
      RENDER_TIME_LIMIT_MS,
    );
    pending.set(id, { resolve, reject, timer });
    worker!.postMessage({ ...job, id } satisfies RenderJob);
  });
}

/** Ends the worker (tests; the server's process ends it by exiting). */
export function stopRenderWorker(): void {
  stop(new Error('导出已取消'));
}
