import type { DocumentChanges } from '../../../db/shared/changes.ts';
import type { Finding } from '../../../db/shared/check/finding.ts';
import type { DocumentData } from '../../../db/shared/types.ts';
import { CheckerCore, type CheckReply, type CheckRequest } from './core.ts';
import { applyDelta } from './delta.ts';

/** The change sets that turn `from` (a document the page held) into the page's current copy. */
export interface PatchLog {
  readonly from: DocumentData;
  readonly changes: readonly DocumentChanges[];
}

/** Runs the checks on the page's copy of the document (see core.ts). */
export interface Checker {
  /**
   * The findings of `data`. `log`, when given, leads from a document checked before to `data`:
   * the checker may then send only those change sets instead of the whole document.
   */
  check(data: DocumentData, log?: PatchLog): Promise<readonly Finding[]>;
  dispose(): void;
}

/** Sends requests to a CheckerCore, one at a time, and keeps the findings the deltas build. */
abstract class DeltaChecker implements Checker {
  private findings: readonly Finding[] = [];
  /** The document the core holds (after the last request that it took). */
  private held: DocumentData | undefined;
  private seq = 0;
  private tail: Promise<unknown> = Promise.resolve();

  protected abstract send(request: CheckRequest): Promise<CheckReply>;

  check(data: DocumentData, log?: PatchLog): Promise<readonly Finding[]> {
    const run = this.tail.then(() => this.run(data, log));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async run(data: DocumentData, log: PatchLog | undefined): Promise<readonly Finding[]> {
    let reply =
      log && this.held !== undefined && log.from === this.held
        ? await this.send({ seq: ++this.seq, kind: 'patch', changes: log.changes })
        : await this.send({ seq: ++this.seq, kind: 'full', data });
    if (reply.kind === 'resync') reply = await this.send({ seq: ++this.seq, kind: 'full', data });
    if (reply.kind !== 'findings') {
      this.held = undefined;
      throw new Error(reply.kind === 'failed' ? reply.message : '审核未能同步文档');
    }
    this.held = data;
    this.findings = applyDelta(this.findings, reply.delta);
    return this.findings;
  }

  dispose(): void {}
}

/** On the page's own thread: where no worker can be started (and under Node, in tests). */
export class InThreadChecker extends DeltaChecker {
  private readonly core = new CheckerCore();
  protected send(request: CheckRequest): Promise<CheckReply> {
    return Promise.resolve(this.core.handle(request));
  }
}

/** In a Web Worker: checking a document of thousands of projects never holds up typing. */
export class WorkerChecker extends DeltaChecker {
  private readonly waiting = new Map<number, (reply: CheckReply) => void>();
  private broken: Error | undefined;

  constructor(private readonly worker: Worker) {
    super();
    worker.onmessage = (event: MessageEvent<CheckReply>) => {
      const done = this.waiting.get(event.data.seq);
      this.waiting.delete(event.data.seq);
      done?.(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.fail(new Error(event.message || '审核线程出错'));
    };
  }

  private fail(error: Error): void {
    this.broken = error;
    for (const [seq, done] of this.waiting) {
      done({ seq, kind: 'failed', message: error.message });
    }
    this.waiting.clear();
  }

  protected send(request: CheckRequest): Promise<CheckReply> {
    if (this.broken)
      return Promise.resolve({ seq: request.seq, kind: 'failed', message: this.broken.message });
    return new Promise((resolve) => {
      this.waiting.set(request.seq, resolve);
      this.worker.postMessage(request);
    });
  }

  override dispose(): void {
    this.worker.terminate();
    this.fail(new Error('审核线程已关闭'));
  }
}

/**
 * A worker when the page can start one, else the page's own thread. A worker that cannot be
 * started (an old WebView, a policy) only makes checking slower, never absent.
 */
export function createChecker(): Checker {
  if (typeof Worker === 'undefined') return new InThreadChecker();
  try {
    return new FallbackChecker(
      new WorkerChecker(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })),
    );
  } catch {
    return new InThreadChecker();
  }
}

/** The worker, and the page's thread from the first time the worker fails on. */
export class FallbackChecker implements Checker {
  private current: Checker;
  constructor(worker: Checker) {
    this.current = worker;
  }

  async check(data: DocumentData, log?: PatchLog): Promise<readonly Finding[]> {
    if (this.current instanceof InThreadChecker) return this.current.check(data, log);
    try {
      return await this.current.check(data, log);
    } catch (e) {
      // A rule that throws throws here too: the in-thread check reports it the same way.
      console.warn('审核线程不可用，改在页面中审核：', e);
      this.current.dispose();
      this.current = new InThreadChecker();
      return this.current.check(data);
    }
  }

  dispose(): void {
    this.current.dispose();
  }
}
