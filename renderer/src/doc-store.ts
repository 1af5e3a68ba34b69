import type {
  DocumentState,
  EditResult,
  Payload,
  VersionInfo,
} from '../../db/shared/api/contract.ts';
import { applyChanges } from '../../db/shared/changes.ts';
import type { DocumentChanges } from '../../db/shared/changes.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import type { Finding } from '../../db/shared/check/finding.ts';
import type { ErrorCode } from '../../db/shared/errors.ts';
import type { EditOperation } from '../../db/shared/api/operations.ts';
import { InThreadChecker, type Checker } from './check/checker.ts';
import { share } from './share.ts';
import { HostError, isUnreachable, messageOf, type Api } from './wire.ts';

/**
 * The page's one piece of shared state: the DocumentState the host last returned (the source of
 * truth), the findings of the last check, the connection, and what is not saved yet. No DOM and
 * no React here: the rules of saving are tested under Node with a fake Api (test/renderer).
 *
 * Every call to the host goes through one queue, so edits reach it in the order they were made
 * and the state shown is always the state after the last edit. The rules:
 * - nothing typed is dropped: an edit the host did not answer (server stopped, app busy) stays at
 *   the head of the queue and is retried with backoff until it is answered; a refusal by the host
 *   is not retried but handed back, and the field keeps the clerk's text with the reason;
 * - every edit carries the version the page last saw; a reply, or the heartbeat, showing another
 *   writer's version makes the page fetch the document again (keeping the view) and say so;
 * - a field's edit is checked against the host's value it was typed over (FieldGuard): a value
 *   another window changed meanwhile is never overwritten unseen.
 */

/** What the editor shows on the right: a funding unit or a project. */
export type Selection = { readonly kind: 'unit' | 'project'; readonly id: number } | null;

export type { EditOperation };

/** A text field's edit, checked against what the host has before it is sent. */
export interface FieldGuard {
  /** What the field sends: the clerk's text. */
  readonly text: string;
  /** The host's value the clerk typed over. */
  readonly base: string;
  /**
   * DocStore.externalChanges when the clerk began typing: while it has not moved, every change
   * since came from this page (e.g. a linked 年度指标值 following its 实施周期指标值), none
   * from another writer, and the text is sent whatever the value now is.
   */
  readonly since: number;
  /** The host's value in a document; undefined when its project (unit, indicator) is gone. */
  readonly read: (doc: DocumentState) => string | undefined;
  readonly equals: (a: string, b: string) => boolean;
  /** The field's official term, for the dialog that shows text typed into something deleted. */
  readonly label: string;
}

/** How an edit ended. A refusal carries the host's code, or 'conflict' (see FieldGuard). */
export type EditOutcome =
  | { readonly ok: true; readonly result?: EditResult }
  | { readonly ok: false; readonly code?: ErrorCode | 'conflict'; readonly message: string };

/** What the status bar says. */
export type SaveState =
  | { readonly kind: 'saved' }
  | { readonly kind: 'saving' }
  /** Fields hold text that is not saved (invalid, or refused by the host). */
  | { readonly kind: 'unsaved'; readonly count: number }
  | { readonly kind: 'offline'; readonly count: number }
  | { readonly kind: 'readOnly' };

/** A field holding text of its own, as the store knows it. */
export interface FieldHandle {
  /** Sends the text now if it is ready to send (not invalid, not refused). */
  flush(): void;
  /** Gives the text up: the field shows the host's value again. */
  discard(): void;
}

/** 'typing': text waiting to be sent; 'problem': invalid or refused text, shown with its error. */
export type FieldStatus = 'typing' | 'problem';

/** Text typed into something deleted elsewhere, kept for the clerk to copy. */
export interface LostText {
  readonly label: string;
  readonly text: string;
}

export const NOTICE_OTHER_WRITER = '其他窗口修改了本文档，已更新为最新内容';
export const GONE_TITLE = '该项目已在其他窗口中删除';

export interface StoreOptions {
  /** Waits between retries of an unanswered call, in ms; the last one repeats. */
  readonly retryDelays?: readonly number[];
  /** The pause after the last edit before the checks run again. */
  readonly checkDelay?: number;
  /** Where the checks run (a Web Worker in the app, see check/checker.ts); the page's thread by default. */
  readonly checker?: Checker;
}

const RETRY_DELAYS = [500, 1000, 2000, 3000];
const CHECK_DELAY_MS = 1000;

type Listener = () => void;

export class DocStore {
  doc: DocumentState | null = null;
  findings: readonly Finding[] | null = null;
  selection: Selection = null;
  /** False while the host does not answer (the banner shows). */
  connected = true;
  /** Set when another program took the file over: nothing more can be saved here. */
  lockLost: string | null = null;
  /** For the status bar: the same object until it changes. */
  saveState: SaveState = { kind: 'saved' };
  /** Counts the times another writer's changes were brought into this page (see FieldGuard). */
  externalChanges = 0;

  /** How messages reach the clerk; set by the app once antd is available. */
  onError: (message: string) => void = (m) => console.error(m);
  onNotice: (message: string) => void = (m) => console.info(m);
  /** Text typed into something deleted elsewhere (the app shows it with a 复制 button). */
  onLostText: (lost: LostText) => void = (l) => console.warn(GONE_TITLE, l.text);
  /** Asks whether to give up `count` unsaved inputs; resolves true to give them up. */
  askLeave: (count: number) => Promise<boolean> = () => Promise.resolve(false);

  private readonly listeners = new Set<Listener>();
  private readonly fields = new Map<FieldHandle, FieldStatus>();
  private tail: Promise<unknown> = Promise.resolve();
  /** Calls queued or on their way (edits and others). */
  private queued = 0;
  /** Edits queued or on their way. */
  private edits = 0;
  private checkTimer: ReturnType<typeof setTimeout> | undefined;
  private checkGeneration = 0;
  /** Bumped when queued edits are given up (the clerk left the document): their retries stop. */
  private generation = 0;
  private wakeUp: (() => void) | undefined;
  private urgent = false;
  private readonly retryDelays: readonly number[];
  private readonly checkDelay: number;
  private readonly checker: Checker;
  /**
   * The change sets applied since the document was last checked, so the checker is sent these
   * instead of the whole document; `to` is the copy they lead to (a whole new document from the
   * host breaks the chain, and the checker is then sent the whole document).
   */
  private patchLog: { from: DocumentData; changes: DocumentChanges[]; to: DocumentData } | null =
    null;

  constructor(
    readonly api: Api,
    options: StoreOptions = {},
  ) {
    this.retryDelays = options.retryDelays ?? RETRY_DELAYS;
    this.checkDelay = options.checkDelay ?? CHECK_DELAY_MS;
    this.checker = options.checker ?? new InThreadChecker();
  }

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  private emit(): void {
    this.updateSaveState();
    for (const l of this.listeners) l();
  }

  private updateSaveState(): void {
    const next = this.computeSaveState();
    const cur = this.saveState;
    if (cur.kind !== next.kind || ('count' in cur && 'count' in next && cur.count !== next.count)) {
      this.saveState = next;
    }
  }

  private computeSaveState(): SaveState {
    const problems = this.problemCount();
    if (!this.connected) return { kind: 'offline', count: problems + this.edits };
    if (problems > 0) return { kind: 'unsaved', count: problems };
    if (this.edits > 0 || this.typingCount() > 0) return { kind: 'saving' };
    if (this.doc?.readOnly || this.lockLost) return { kind: 'readOnly' };
    return { kind: 'saved' };
  }

  private problemCount(): number {
    let n = 0;
    for (const s of this.fields.values()) if (s === 'problem') n++;
    return n;
  }

  private typingCount(): number {
    return this.fields.size - this.problemCount();
  }

  /** Anything typed that the host does not have yet (asked about before the page closes). */
  hasUnsent(): boolean {
    return this.fields.size > 0 || this.edits > 0;
  }

  // ---- the document ------------------------------------------------------------------------

  /**
   * Replaces the document after an edit of it (same file) or with another one (opened, new;
   * null shows the start page). `sameDocument` keeps the view for a copy of the same document
   * (另存为).
   */
  setDocument(next: DocumentState | null, sameDocument = false): void {
    const prev = this.doc;
    if (next && prev && (sameDocument || prev.filePath === next.filePath)) {
      this.doc = share(prev, next);
      if (this.doc !== prev) this.selection = stillThere(this.doc, this.selection);
      if (sameDocument) this.lockLost = null;
    } else {
      this.doc = next;
      this.findings = null;
      this.selection = null;
      this.lockLost = null;
    }
    if (this.doc !== prev) {
      this.emit();
      this.scheduleCheck();
    }
  }

  /**
   * Takes an edit's answer into the document: the whole state, or the change set patched into
   * the page's copy by id (every untouched unit and project stays the same object, so only what
   * changed is drawn again). False when the change set was made on another version than the
   * page holds (another writer came between): the document must be fetched again.
   */
  private apply(result: EditResult): boolean {
    if (result.state) {
      this.setDocument(result.state);
      return true;
    }
    const doc = this.doc;
    const change = result.change;
    if (!doc || doc.version !== change.from) return false;
    const patched = applyChanges(doc.data, change.changes);
    if (!patched) return false;
    // A changed project comes whole: its indicators, totals and 上年金额 that did not change
    // keep their objects, so their rows are not drawn again.
    const data = share(doc.data, patched);
    const log = this.patchLog;
    if (log && log.to === doc.data) {
      log.changes.push(change.changes);
      log.to = data;
    } else {
      this.patchLog = { from: doc.data, changes: [change.changes], to: data };
    }
    this.doc = { ...doc, data, version: change.version, history: change.history };
    this.selection = stillThere(this.doc, this.selection);
    this.emit();
    this.scheduleCheck();
    return true;
  }

  /** Changes the selection; with unsaved inputs on screen, asks first (see mayLeave). */
  select(selection: Selection): void {
    const cur = this.selection;
    if (
      cur === selection ||
      (cur && selection && cur.kind === selection.kind && cur.id === selection.id)
    ) {
      return;
    }
    if (this.problemCount() === 0) {
      this.flushDrafts();
      this.selection = selection;
      this.emit();
      return;
    }
    void this.mayLeave('view').then((ok) => {
      if (!ok) return;
      this.selection = selection;
      this.emit();
    });
  }

  /**
   * Whether the clerk may leave what is shown: the project ('view': fields with invalid or
   * refused text would be lost) or the document ('document': also edits not yet answered).
   * Typed text is sent first; then, if anything would be lost, the clerk is asked, and what
   * they chose to give up is dropped.
   */
  async mayLeave(scope: 'view' | 'document'): Promise<boolean> {
    this.flushDrafts();
    const count = this.problemCount() + (scope === 'document' ? this.edits : 0);
    if (count === 0) return true;
    const giveUp = await this.askLeave(count);
    if (!giveUp) return false;
    for (const [field, status] of [...this.fields]) if (status === 'problem') field.discard();
    if (scope === 'document') this.abandonQueued();
    return true;
  }

  /** Stops retrying the edits still queued (the clerk gave them up). */
  private abandonQueued(): void {
    this.generation++;
    this.wake();
  }

  // ---- the queue ---------------------------------------------------------------------------

  /** Runs `fn` after everything already queued. */
  private enqueue<T>(fn: () => Promise<T>, edit: boolean): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queued++;
    if (edit) this.edits++;
    this.emit();
    return run.finally(() => {
      this.queued--;
      if (edit) this.edits--;
      this.emit();
    });
  }

  /**
   * One edit, with the version the page last saw. Never rejects: resolves with the result, or
   * with the host's refusal (nothing saved). An unanswered edit is retried until answered.
   * `guard`: the field's text is checked against the host's value before it is sent.
   */
  send<Op extends EditOperation>(
    op: Op,
    payload: Payload<Op>,
    guard?: FieldGuard,
  ): Promise<EditOutcome> {
    // The page is closing: send now, without waiting for the queue or a version to compare.
    if (this.urgent) {
      return this.sendOnce(op, payload, undefined).catch((e: unknown) => ({
        ok: false as const,
        message: messageOf(e),
      }));
    }
    const generation = this.generation;
    return this.enqueue(() => this.sendUntilAnswered(op, payload, guard, generation), true);
  }

  /** send(), telling the clerk of a refusal; resolves with the result or undefined. */
  async edit<Op extends EditOperation>(
    op: Op,
    payload: Payload<Op>,
  ): Promise<EditResult | undefined> {
    const outcome = await this.send(op, payload);
    if (outcome.ok) return outcome.result;
    this.onError(outcome.message);
    return undefined;
  }

  private async sendOnce<Op extends EditOperation>(
    op: Op,
    payload: Payload<Op>,
    baseVersion: string | undefined,
  ): Promise<EditOutcome> {
    const call = this.api[op] as (
      p: Payload<Op>,
      meta?: { baseVersion?: string },
    ) => Promise<EditResult>;
    try {
      const result = await call(payload, baseVersion === undefined ? undefined : { baseVersion });
      if (!this.apply(result)) await this.refresh();
      return { ok: true, result };
    } catch (e) {
      if (isUnreachable(e)) throw e;
      return {
        ok: false,
        ...(e instanceof HostError && e.code ? { code: e.code } : {}),
        message: messageOf(e),
      };
    }
  }

  private async sendUntilAnswered<Op extends EditOperation>(
    op: Op,
    payload: Payload<Op>,
    guard: FieldGuard | undefined,
    generation: number,
  ): Promise<EditOutcome> {
    for (let attempt = 0; ; attempt++) {
      if (generation !== this.generation) {
        return { ok: false, message: '已放弃这次修改' };
      }
      try {
        if (guard) {
          const before = this.checkGuard(guard);
          if (before) return before;
        }
        const outcome = await this.sendOnce(op, payload, this.doc?.version);
        this.setConnected(true);
        if (outcome.ok) return outcome;
        switch (outcome.code) {
          case 'stale':
            // Another writer was first: show what it wrote, then decide again (the guard
            // resends text typed over a value the other writer left alone).
            await this.refresh();
            if (guard) continue;
            return outcome;
          case 'gone':
            await this.refresh();
            if (guard) this.onLostText({ label: guard.label, text: guard.text });
            return outcome;
          case 'lockLost':
            this.lockLost = outcome.message;
            this.emit();
            return outcome;
          default:
            return outcome;
        }
      } catch (e) {
        if (!isUnreachable(e)) {
          return { ok: false, message: messageOf(e) };
        }
        this.setConnected(false);
        await this.pause(attempt);
      }
    }
  }

  /**
   * A field's text against the host's value now: nothing to send when they agree, a conflict
   * when another writer changed the value since the clerk began typing, gone when its project
   * (unit, indicator) no longer exists. Undefined: send it.
   */
  private checkGuard(guard: FieldGuard): EditOutcome | undefined {
    if (!this.doc) return undefined;
    const current = guard.read(this.doc);
    if (current === undefined) {
      this.onLostText({ label: guard.label, text: guard.text });
      return { ok: false, code: 'gone', message: `${GONE_TITLE}，这次修改未保存` };
    }
    if (guard.equals(guard.text, current)) return { ok: true };
    if (guard.since !== this.externalChanges && !guard.equals(guard.base, current)) {
      const shown = current.length > 40 ? `${current.slice(0, 40)}…` : current;
      return {
        ok: false,
        code: 'conflict',
        message: `其他窗口已将此项改为“${shown}”，您输入的内容尚未保存：请确认后再次修改（或按 Esc 恢复为最新内容）`,
      };
    }
    return undefined;
  }

  /** Waits before the next try; the heartbeat or the window regaining focus ends it early. */
  private pause(attempt: number): Promise<void> {
    const delays = this.retryDelays;
    const ms = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const wake = () => done();
      this.wakeUp = wake;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  /** Ends a retry's wait now (focus, or the host answered the heartbeat). */
  wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.emit();
    if (connected) this.scheduleCheck();
  }

  /**
   * Fetches the document again (inside a queued call). The view is kept: structural sharing
   * keeps what did not change, and the selection stays unless it was deleted.
   */
  private async refresh(): Promise<void> {
    const prev = this.doc;
    const state = await this.api.getDocument({});
    if (this.doc !== prev) return; // another document was opened meanwhile
    this.setDocument(state);
    if (prev && this.doc && this.doc.data !== prev.data) {
      this.externalChanges++;
      this.onNotice(NOTICE_OTHER_WRITER);
    }
  }

  /**
   * A host call that is not an edit of this document (open, new, export…), after every edit
   * queued so far. Rejects with the host's error.
   */
  call<T>(fn: (api: Api) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      try {
        const r = await fn(this.api);
        this.setConnected(true);
        return r;
      } catch (e) {
        if (isUnreachable(e)) this.setConnected(false);
        throw e;
      }
    }, false);
  }

  // ---- heartbeat ---------------------------------------------------------------------------

  /**
   * Asks the host for its version: notices that it is gone (banner) or back (retries at once),
   * and that another writer changed the document (fetched again). Skipped while other calls are
   * queued: their answers tell the same.
   */
  async poll(): Promise<void> {
    if (!this.doc) return;
    if (this.queued > 0) {
      if (!this.connected) this.wake();
      return;
    }
    await this.enqueue(async () => {
      if (!this.doc) return;
      let info: VersionInfo;
      try {
        info = await this.api.getVersion({});
      } catch (e) {
        if (isUnreachable(e)) this.setConnected(false);
        return;
      }
      this.setConnected(true);
      const doc = this.doc;
      if (info.version !== doc.version) {
        try {
          await this.refresh();
        } catch (e) {
          if (isUnreachable(e)) this.setConnected(false);
        }
      } else if (info.readOnly !== doc.readOnly || info.history !== doc.history) {
        this.setDocument({ ...doc, readOnly: info.readOnly, history: info.history });
      }
    }, false);
  }

  /** Polls every `ms` while `active()` says the page is seen; returns the stop function. */
  startHeartbeat(ms: number, active: () => boolean): () => void {
    const timer = setInterval(() => {
      if (active()) void this.poll();
    }, ms);
    return () => clearInterval(timer);
  }

  // ---- fields ------------------------------------------------------------------------------

  /** A field holds text of its own (status), or no longer does (null). */
  trackField(field: FieldHandle, status: FieldStatus | null): void {
    const before = this.fields.get(field);
    if (status === null) this.fields.delete(field);
    else this.fields.set(field, status);
    if (before !== (status ?? undefined)) this.emit();
  }

  /**
   * Sends every field's unsent text now (each goes into the queue before what follows).
   * `urgent` (the page is closing): straight to the host, without waiting for the queue.
   */
  flushDrafts(urgent = false): void {
    this.urgent = urgent;
    try {
      for (const [f, status] of [...this.fields]) if (status === 'typing') f.flush();
    } finally {
      this.urgent = false;
    }
  }

  /** Resolves when everything queued so far has been answered. */
  settled(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  // ---- checks ------------------------------------------------------------------------------

  /**
   * Checks again once the clerk has paused: never while a field holds unsent text or an edit is
   * on its way, so the findings (a large answer for a large document) do not arrive mid-word.
   */
  private scheduleCheck(): void {
    clearTimeout(this.checkTimer);
    if (!this.doc) return;
    this.checkTimer = setTimeout(() => {
      if (!this.connected) return; // checked again once the host is back
      if (this.typingCount() > 0 || this.queued > 0) this.scheduleCheck();
      else void this.check(false);
    }, this.checkDelay);
  }

  /**
   * Runs the checks (审核) on the document as it is once queued edits are done. They run here,
   * in the page, on the page's copy (the same code as `jxmb check`, db/shared/check): the host
   * builds no second snapshot for them, and nothing more crosses the wire.
   */
  async check(report = true): Promise<readonly Finding[] | null> {
    clearTimeout(this.checkTimer);
    if (!this.doc) return null;
    const generation = ++this.checkGeneration;
    await this.settled();
    const doc = this.doc;
    if (!doc || generation !== this.checkGeneration) return this.findings;
    if (doc.data === this.checkedData && this.findings) return this.findings;
    const log = this.patchLog?.to === doc.data ? this.patchLog : undefined;
    this.patchLog = null;
    try {
      const findings = await this.checker.check(doc.data, log);
      // Another check was asked for meanwhile (or the document closed): it shows its own.
      if (generation !== this.checkGeneration || this.doc?.data !== doc.data) {
        return this.findings;
      }
      this.checkedData = doc.data;
      if (findings !== this.findings) {
        this.findings = findings;
        this.emit();
      }
      return findings;
    } catch (e) {
      if (report) this.onError(`审核未完成：${messageOf(e)}`);
      return null;
    }
  }

  /** The data the findings were made from. */
  private checkedData: DocumentState['data'] | undefined;

  /** Stops timers (tests; a page that goes away). */
  dispose(): void {
    clearTimeout(this.checkTimer);
    this.checker.dispose();
    this.abandonQueued();
  }
}

/** The selection if it still exists; a deleted project's unit otherwise. */
function stillThere(doc: DocumentState, sel: Selection): Selection {
  if (!sel) return null;
  for (const unit of doc.data.units) {
    if (sel.kind === 'unit' && unit.id === sel.id) return sel;
    if (sel.kind === 'project' && unit.projects.some((p) => p.id === sel.id)) return sel;
  }
  return null;
}

export { messageOf };
