import { useSyncExternalStore } from 'react';
import type { DocumentState, EditResult, Payload } from '../../db/api/contract.ts';
import type { DocumentOperation } from '../../db/api/operations.ts';
import type { Finding } from '../../db/check/finding.ts';
import { getApi, type Api } from './api.ts';
import { share } from './share.ts';

/**
 * The page's one piece of shared state: the DocumentState the host last returned (the source of
 * truth), the findings of the last check, and whether edits are still on their way.
 *
 * Every call to the host goes through one queue, so edits reach it in the order they were made
 * and the state shown is always the state after the last edit. Text fields keep their own draft
 * while the clerk types and register a flusher here while they hold unsent text; undo, export and
 * closing flush them first so nothing typed is lost or undone out of order.
 */

/** What the editor shows on the right: a funding unit or a project. */
export type Selection = { readonly kind: 'unit' | 'project'; readonly id: number } | null;

type EditOperation = Exclude<DocumentOperation, 'getDocument' | 'checkDocument' | 'yearReview'>;

type Listener = () => void;
type Flusher = () => void;

const CHECK_DELAY_MS = 1000;

export class DocStore {
  doc: DocumentState | null = null;
  findings: readonly Finding[] | null = null;
  selection: Selection = null;
  /** True while an edit is queued or on its way, or a field holds text not yet sent. */
  saving = false;

  private readonly listeners = new Set<Listener>();
  private readonly drafts = new Set<Flusher>();
  private tail: Promise<unknown> = Promise.resolve();
  private inFlight = 0;
  private checkTimer: ReturnType<typeof setTimeout> | undefined;
  private checkGeneration = 0;

  /** How errors reach the clerk; set by the app once antd's message API is available. */
  onError: (message: string) => void = (m) => console.error(m);

  constructor(readonly api: Api = getApi()) {}

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  private emit(): void {
    for (const l of this.listeners) l();
  }

  private updateSaving(): void {
    const saving = this.inFlight > 0 || this.drafts.size > 0;
    if (saving !== this.saving) {
      this.saving = saving;
      this.emit();
    }
  }

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
    } else {
      this.doc = next;
      this.findings = null;
      this.selection = null;
    }
    if (this.doc !== prev) {
      this.emit();
      this.scheduleCheck();
    }
  }

  select(selection: Selection): void {
    const cur = this.selection;
    if (
      cur === selection ||
      (cur && selection && cur.kind === selection.kind && cur.id === selection.id)
    ) {
      return;
    }
    this.selection = selection;
    this.emit();
  }

  /** Runs `fn` after everything already queued. */
  private enqueue<T>(fn: () => Promise<T>, saving = true): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    if (!saving) return run;
    this.inFlight++;
    this.updateSaving();
    return run.finally(() => {
      this.inFlight--;
      this.updateSaving();
    });
  }

  /**
   * One edit. Resolves with the host's result, or undefined when the host refused it (the
   * clerk has then been told why).
   */
  edit<Op extends EditOperation>(op: Op, payload: Payload<Op>): Promise<EditResult | undefined> {
    const run = async () => {
      try {
        const call = this.api[op] as (p: Payload<Op>) => Promise<EditResult>;
        const result = await call(payload);
        this.setDocument(result.state);
        return result;
      } catch (e) {
        this.onError(messageOf(e));
        return undefined;
      }
    };
    // The page is closing: send now rather than wait behind a call still on its way.
    if (this.urgent) return run();
    return this.enqueue(run);
  }

  /**
   * A host call that is not an edit of this document (open, new, export…), after every edit
   * queued so far. Rejects with the host's error.
   */
  call<T>(fn: (api: Api) => Promise<T>): Promise<T> {
    return this.enqueue(() => fn(this.api), false);
  }

  // ---- drafts ------------------------------------------------------------------------------

  registerDraft(f: Flusher): void {
    this.drafts.add(f);
    this.updateSaving();
  }

  unregisterDraft(f: Flusher): void {
    this.drafts.delete(f);
    this.updateSaving();
  }

  private urgent = false;

  /**
   * Sends every field's unsent text now (each goes into the queue before what follows).
   * `urgent` (the page is closing): straight to the host, without waiting for the queue.
   */
  flushDrafts(urgent = false): void {
    this.urgent = urgent;
    try {
      for (const f of [...this.drafts]) f();
    } finally {
      this.urgent = false;
    }
  }

  /** Resolves when everything queued so far has reached the host. */
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
      if (this.drafts.size > 0 || this.inFlight > 0) this.scheduleCheck();
      else void this.check();
    }, CHECK_DELAY_MS);
  }

  /** Runs the checks (审核) on the document as it is once queued edits are done. */
  async check(): Promise<readonly Finding[] | null> {
    clearTimeout(this.checkTimer);
    if (!this.doc) return null;
    const generation = ++this.checkGeneration;
    try {
      const findings = await this.call((api) => api.checkDocument({}));
      if (generation === this.checkGeneration) {
        this.findings = findings;
        this.emit();
      }
      return findings;
    } catch (e) {
      this.onError(`审核未完成：${messageOf(e)}`);
      return null;
    }
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

export function messageOf(e: unknown): string {
  if (e instanceof Error && e.message) return e.message;
  return '操作未完成（未知错误）';
}

export const store = new DocStore();

export function useDocument(): DocumentState | null {
  return useSyncExternalStore(store.subscribe, () => store.doc);
}

export function useFindings(): readonly Finding[] | null {
  return useSyncExternalStore(store.subscribe, () => store.findings);
}

export function useSaving(): boolean {
  return useSyncExternalStore(store.subscribe, () => store.saving);
}

export function useSelection(): Selection {
  return useSyncExternalStore(store.subscribe, () => store.selection);
}

/** What undo and redo would do: the same object until it changes. */
export function useHistory(): DocumentState['history'] | undefined {
  return useSyncExternalStore(store.subscribe, () => store.doc?.history);
}

export function useHasDocument(): boolean {
  return useSyncExternalStore(store.subscribe, () => store.doc !== null);
}
