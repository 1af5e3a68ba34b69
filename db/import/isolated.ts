import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { UserError } from '../shared/errors.ts';
import type { ImportResult, ReadOptions } from './table-draft.ts';

/**
 * Runs the parsing of a published table (text or PDF) in a worker thread with a time and a
 * memory limit. A damaged or hostile source can make a parser throw from a promise nobody
 * awaits (pdf.js), run for minutes or take all the memory: in the worker that ends the worker,
 * and the program the clerk works in (the browser-mode server, Electron's main process, the
 * command line) gets a message instead, and keeps answering meanwhile.
 */

/** How long a parse may take. The whole published fixture takes well under a second. */
export const PARSE_TIME_LIMIT_MS = 60_000;
/** The worker's heap (V8's old generation). The fixture needs a few tens of MB. */
export const PARSE_MEMORY_LIMIT_MB = 1024;

/**
 * A source to parse, with what the clerk said about it: the money unit (`--unit`) and the budget
 * year (`--year` of import) for a table that does not state them.
 */
export type ParseJob = (
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'pdf' | 'xlsx' | 'csv'; readonly bytes: Uint8Array }
) &
  ReadOptions;

/** What the worker answers: the draft and notes (plain data), or why not. */
export type ParseReply =
  | { readonly ok: true; readonly result: ImportResult }
  | { readonly ok: false; readonly userError: string }
  | { readonly ok: false; readonly internal: string };

export interface ParseLimits {
  /** Milliseconds; PARSE_TIME_LIMIT_MS unless given (tests give a tiny one). */
  readonly timeLimitMs?: number;
  /** MB of heap; PARSE_MEMORY_LIMIT_MB unless given. */
  readonly memoryLimitMb?: number;
  /**
   * The clerk gave up waiting (取消): the worker is stopped at once — a parse that would take
   * a minute must not go on using a core — and the promise rejects with PARSE_CANCELLED.
   */
  readonly signal?: AbortSignal;
}

/** The rejection of a parse stopped through its signal. */
export const PARSE_CANCELLED = '已取消读取';

/**
 * Set by electron/build.ts in the built main process: the built worker's file name beside the
 * bundle. Unset when the sources run as TypeScript (tsx, vitest).
 */
declare const JXMB_PARSE_WORKER: string | undefined;

function workerScript(): string | URL {
  if (typeof JXMB_PARSE_WORKER === 'string') return path.join(__dirname, JXMB_PARSE_WORKER);
  // TypeScript sources: a plain module that registers tsx, then loads parse-worker.ts.
  return new URL('./parse-worker-tsx.mjs', import.meta.url);
}

/**
 * Parses a source in a worker. `label` names the source in messages (e.g. `上年文件“a.pdf”`).
 * Resolves with the draft and notes; rejects with a UserError for anything the source caused
 * (unreadable, too slow, too large for memory) and with an Error only for a bug.
 */
export function parseIsolated(
  job: ParseJob,
  label: string,
  limits: ParseLimits = {},
): Promise<ImportResult> {
  const timeLimitMs = limits.timeLimitMs ?? PARSE_TIME_LIMIT_MS;
  const memoryLimitMb = limits.memoryLimitMb ?? PARSE_MEMORY_LIMIT_MB;
  return new Promise<ImportResult>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(workerScript(), {
      // Not the caller's flags (e.g. vitest's): the worker needs none.
      execArgv: [],
      workerData: { pdf: job.kind === 'pdf' },
      resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb },
      stdout: false,
      stderr: false,
    });
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', abort);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => {
      finish(() =>
        reject(
          new UserError(
            `读取${label}超时（超过 ${Math.round(timeLimitMs / 1000)} 秒），已停止：文件可能已损坏或过于复杂`,
          ),
        ),
      );
    }, timeLimitMs);
    worker.on('message', (reply: ParseReply) => {
      finish(() => {
        if (reply.ok) resolve(reply.result);
        else if ('userError' in reply) reject(new UserError(reply.userError));
        else reject(new Error(`读取${label}时出现程序内部错误：${reply.internal}`));
      });
    });
    worker.on('error', (e: Error & { code?: string }) => {
      finish(() => {
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          reject(
            new UserError(
              `读取${label}时文件过于复杂，内存不足（超过 ${memoryLimitMb} MB 的上限），已停止：文件可能已损坏`,
            ),
          );
        } else {
          reject(new Error(`读取${label}时出现程序内部错误：${e.stack ?? e.message}`));
        }
      });
    });
    worker.on('exit', (code) => {
      finish(() => reject(new Error(`读取${label}的工作线程意外退出（代码 ${code}）`)));
    });
    const abort = () => finish(() => reject(new UserError(PARSE_CANCELLED)));
    if (limits.signal?.aborted) abort();
    limits.signal?.addEventListener('abort', abort, { once: true });
    const transfer = job.kind === 'text' ? [] : [copyOf(job.bytes).buffer];
    const sent: ParseJob =
      job.kind === 'text' ? job : { ...job, bytes: new Uint8Array(transfer[0]!) };
    worker.postMessage(sent, transfer);
  });
}

/** The bytes in a buffer of their own, to hand over to the worker (the caller keeps its own). */
function copyOf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
