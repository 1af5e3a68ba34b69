import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { UserError } from '../../../db/shared/errors.ts';
import type { DocumentData } from '../../../db/shared/types.ts';
import type {
  ExportJob,
  ExportProgress,
  ExportStats,
  RenderRequest,
  WorkerMessage,
} from './protocol.ts';

export type { ExportFormat, ExportJob, ExportProgress, ExportStats } from './protocol.ts';

/**
 * Renders exports (PDF, Word) in a worker thread that lives as long as the program: Electron's
 * main process, the browser-mode server. Laying out a department's table and subsetting its
 * fonts is seconds of synchronous work at the size of a large table; on the caller's thread it
 * would freeze every window and menu (Electron) or stop every page's edits (browser mode).
 *
 * The worker starts on the first export and stays for the next ones, which then find pdfkit,
 * docx and the font files loaded. Exports run one after another in it. When it dies (out of
 * memory, a crash) or an export takes far too long, what it was doing fails with a message in
 * Chinese and the next export starts a new worker.
 */

export interface RenderOptions {
  /**
   * How far the export is, as a fraction from 0 to 1 (layout up to LAYOUT_SHARE, then the
   * file being assembled), with what it counts.
   */
  readonly onProgress?: (fraction: number, detail: ExportProgress) => void;
  /** What the export cost in the worker, once it is done (for measurements). */
  readonly onStats?: (stats: ExportStats) => void;
}

export interface ExportRendererOptions {
  /**
   * The worker's script. By default the bundled worker beside the bundle (JXMB_EXPORT_WORKER)
   * or, running from the TypeScript sources, export-worker-tsx.mjs.
   */
  readonly script?: string | URL;
  /** Milliseconds one export may take; by default exportTimeLimitMs of the document. */
  readonly timeLimitMs?: number;
  /** MB of heap for the worker (V8's old generation); EXPORT_MEMORY_LIMIT_MB unless given. */
  readonly memoryLimitMb?: number;
}

/** How many projects warmUp() lays out: enough for V8 to compile the layout code. */
const WARM_UP_PROJECTS = 12;

/**
 * How often warmUp() lays them out: V8 optimizes the code that runs often, and the layout's
 * hot paths reach its optimizing compiler only after a few passes.
 */
const WARM_UP_PASSES = 3;

/** Of a PDF export's time, about this much is layout; the rest is fonts and the file. */
export const LAYOUT_SHARE = 0.9;

/**
 * The worker's heap (V8's old generation). Measured: a table a hundred times the fixture's size
 * (5,100 projects) fails in 256 MB and renders in 512 MB, as PDF or Word. Past the limit the
 * worker ends, not the program.
 */
export const EXPORT_MEMORY_LIMIT_MB = 2048;

/**
 * How long an export may take before it is given up: two minutes, plus 50 ms a project (a table
 * of 5,100 projects, measured at 30–45 s on a busy two-core machine, gets over six minutes).
 */
export function exportTimeLimitMs(job: ExportJob): number {
  let projects = 0;
  for (const unit of job.data.units) projects += unit.projects.length;
  return 120_000 + 50 * projects;
}

/**
 * Set by electron/build.ts (and any build that reuses its options) in a bundle: the bundled
 * worker's file name beside the bundle. Unset when the sources run as TypeScript (tsx, vitest).
 */
declare const JXMB_EXPORT_WORKER: string | undefined;

export function defaultWorkerScript(): string | URL {
  if (typeof JXMB_EXPORT_WORKER === 'string') return path.join(__dirname, JXMB_EXPORT_WORKER);
  return new URL('./export-worker-tsx.mjs', import.meta.url);
}

interface Pending {
  readonly resolve: (bytes: Uint8Array) => void;
  readonly reject: (e: Error) => void;
  readonly onProgress: RenderOptions['onProgress'];
  readonly onStats: RenderOptions['onStats'];
  readonly timeLimitMs: number;
  readonly format: ExportJob['format'];
  /** Set when the export reaches the worker's turn (exports before it run first). */
  timer?: ReturnType<typeof setTimeout>;
}

export class ExportRenderer {
  private worker: Worker | undefined;
  /** The worker once it has rendered a PDF (warmUp's or an export): it needs no warm-up. */
  private warm: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private starts = 0;

  constructor(private readonly options: ExportRendererOptions = {}) {}

  /**
   * Renders `job` to the bytes of a PDF or Word file. Rejects with a UserError for what the
   * clerk can act on (a value the document cannot print, the worker gone, too slow) and with an
   * Error for a bug.
   */
  render(job: ExportJob, options: RenderOptions = {}): Promise<Uint8Array> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      const timeLimitMs = this.options.timeLimitMs ?? exportTimeLimitMs(job);
      this.pending.set(id, {
        resolve,
        reject,
        onProgress: options.onProgress,
        onStats: options.onStats,
        timeLimitMs,
        format: job.format,
      });
      if (this.pending.size === 1) this.startClock(id);
      const request: RenderRequest = {
        id,
        data: job.data,
        layoutId: job.layoutId,
        format: job.format,
      };
      worker.postMessage(request);
    });
  }

  /**
   * Gets the worker ready before the clerk's first export: starts it and has it lay out the
   * first few projects of `data` as a PDF, WARM_UP_PASSES times, and throw them away, so that
   * pdfkit, the font and the layout code are loaded, parsed and compiled (measured, the
   * fixture: the first export's worker CPU falls from about 0.6 s to that of later ones, about
   * 0.1 s). A host calls it once a document is open (db/service warmUpExports); an export
   * asked meanwhile waits behind it (well under a second). A worker already warm, by an
   * earlier warm-up or a PDF export, is not warmed again. It never fails: a worker that dies
   * here is started again by the next export.
   */
  async warmUp(data: DocumentData): Promise<void> {
    if (this.worker && this.worker === this.warm) return;
    const units = [];
    let left = WARM_UP_PROJECTS;
    for (const unit of data.units) {
      if (left <= 0) break;
      units.push({ ...unit, projects: unit.projects.slice(0, left) });
      left -= unit.projects.length;
    }
    const job: ExportJob = { data: { ...data, units }, layoutId: 'official', format: 'pdf' };
    try {
      for (let pass = 0; pass < WARM_UP_PASSES; pass++) await this.render(job);
    } catch {
      // Nothing to tell the clerk: the export they ask for will say what is wrong, if anything.
    }
  }

  /** How many workers this renderer has started: one, unless one died or was closed. */
  get workerStarts(): number {
    return this.starts;
  }

  /** Ends the worker; exports not finished fail (导出已取消). The next export starts a new one. */
  async close(): Promise<void> {
    await this.stop(new UserError('导出已取消'));
  }

  private start(): Worker {
    this.starts++;
    const worker = new Worker(this.options.script ?? defaultWorkerScript(), {
      // Not the caller's flags (e.g. vitest's or Electron's): the worker needs none.
      execArgv: [],
      resourceLimits: {
        maxOldGenerationSizeMb: this.options.memoryLimitMb ?? EXPORT_MEMORY_LIMIT_MB,
      },
    });
    // An idle worker must not keep the program alive (the command line, a server shutting down).
    worker.unref();
    worker.on('message', (message: WorkerMessage) => this.received(message));
    worker.on('error', (e: Error & { code?: string }) => {
      if (this.worker !== worker) return;
      const message =
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `导出失败：文档太大，导出所需内存超过 ${this.options.memoryLimitMb ?? EXPORT_MEMORY_LIMIT_MB} MB 的上限，已停止；编辑不受影响`
          : '导出失败：导出线程出错后已停止；请重试，再次失败请把日志发给开发者';
      if (e.code !== 'ERR_WORKER_OUT_OF_MEMORY') console.error(e);
      void this.stop(new UserError(message, { cause: e }));
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      void this.stop(
        new UserError(`导出失败：导出线程意外退出（代码 ${code}）；请重试，下次导出会重新启动它`),
      );
    });
    return worker;
  }

  private received(message: WorkerMessage): void {
    const p = this.pending.get(message.id);
    if (!p) return;
    if (message.kind === 'progress') {
      const { stage, done, total } = message.progress;
      const fraction =
        stage === 'layout' ? (LAYOUT_SHARE * done) / Math.max(1, total) : LAYOUT_SHARE;
      p.onProgress?.(Math.min(1, fraction), message.progress);
      return;
    }
    this.pending.delete(message.id);
    clearTimeout(p.timer);
    const next = this.pending.keys().next();
    if (!next.done) this.startClock(next.value);
    if (message.kind === 'done') {
      if (p.format === 'pdf') this.warm = this.worker;
      p.onProgress?.(1, { stage: 'package', done: 1, total: 1 });
      p.onStats?.(message.stats);
      p.resolve(message.bytes);
    } else if (message.kind === 'userError') {
      p.reject(new UserError(message.message));
    } else {
      p.reject(new Error(`导出时出现程序内部错误：${message.message}`));
    }
  }

  /** The time limit of an export counts from when the worker starts on it. */
  private startClock(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    p.timer = setTimeout(() => {
      const minutes = Math.ceil(p.timeLimitMs / 60_000);
      void this.stop(new UserError(`导出超时（超过 ${minutes} 分钟），已停止；请稍后重试`));
    }, p.timeLimitMs);
  }

  /** Ends the worker and fails whatever it had not finished. */
  private async stop(reason: Error): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(reason);
    }
    if (worker) await worker.terminate();
  }
}
