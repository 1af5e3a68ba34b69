import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentState } from '../../db/shared/api/contract.ts';
import { cleanText } from '../../db/shared/text.ts';
import { store, type EditOutcome, type FieldGuard } from './store.ts';
import type { FieldHandle } from './doc-store.ts';

/**
 * A text field's local draft. Typing changes only the draft (so a keystroke repaints one field),
 * and the draft is sent to the host after a pause in typing, on blur, on Enter/Tab and before
 * undo or export: one burst of typing is one edit and one undo step.
 *
 * Nothing the clerk typed is dropped: invalid text (an amount with three decimals) stays, with
 * its error, and is never sent; text the host refused stays, with the host's reason; text not
 * yet answered (the host is gone) stays while the store retries. Each is given up only when the
 * clerk changes it, presses Esc on it, or confirms leaving it (the store asks).
 *
 * The field shows the host's value whenever it holds no text of its own, so undo, redo and
 * edits from elsewhere appear in it at once.
 */

export const COMMIT_DELAY_MS = 400;

export interface DraftOptions {
  /** The host's value, as the field shows it. */
  readonly value: string;
  /** Sends the text; the guard (when `read` is given) is checked by the store first. */
  readonly commit: (text: string, guard: FieldGuard | undefined) => Promise<EditOutcome>;
  /**
   * The host's value in a document, as `value` shows it (undefined: deleted): lets the store
   * refuse to overwrite a value another window changed while the clerk was typing.
   */
  readonly read?: (doc: DocumentState) => string | undefined;
  /** The field's official term (for the dialog that keeps text typed into something deleted). */
  readonly label?: string;
  /** A Chinese message when the text cannot be sent, else null. */
  readonly validate?: (text: string) => string | null;
  /** Whether the text says the same as the host's value (e.g. 38.4 and 38.40). */
  readonly equals?: (text: string, value: string) => boolean;
}

export interface Draft {
  readonly value: string;
  /** Why the text is not saved: invalid, or refused by the host. */
  readonly error: string | null;
  /** True while the field shows its own text rather than the host's value. */
  readonly hasDraft: boolean;
  /**
   * The clerk changed the text. `hold`: an input method is still composing (pinyin not yet
   * turned into characters), so nothing is sent until it ends.
   */
  readonly onChange: (text: string, hold?: boolean) => void;
  readonly onFocus: () => void;
  readonly onBlur: () => void;
  /** Sends unsent text now. */
  readonly flush: () => void;
  /** Gives up text that is not saved: the host's value shows again (Esc). */
  readonly discard: () => void;
}

/**
 * The default: the text says the host's value once the store has cleaned it (db/shared/text.ts):
 * a space or a line break the clerk just typed at the end stays in the field while it is focused.
 */
const same = (a: string, b: string) =>
  a === b || cleanText(a, { multiline: true }) === b || cleanText(a, { multiline: false }) === b;

export function useDraft(options: DraftOptions): Draft {
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblemState] = useState<string | null>(null);
  const opts = useRef(options);
  opts.current = options;
  const draftRef = useRef<string | null>(null);
  const problemRef = useRef<string | null>(null);
  const dirty = useRef(false);
  const inFlight = useRef(0);
  const lastSent = useRef<string | null>(null);
  /** The host's value the clerk began typing over (see FieldGuard.base). */
  const base = useRef('');
  const since = useRef(0);
  const focused = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const put = useCallback((text: string | null) => {
    draftRef.current = text;
    setDraft(text);
  }, []);
  const setProblem = useCallback((p: string | null) => {
    problemRef.current = p;
    setProblemState(p);
  }, []);

  // This field as the store knows it while it holds text of its own; stable identity.
  const impl = useRef({ flush: () => {}, discard: () => {} });
  const handle = useRef<FieldHandle>({
    flush: () => impl.current.flush(),
    discard: () => impl.current.discard(),
  }).current;

  impl.current.flush = () => {
    clearTimeout(timer.current);
    if (!dirty.current) return;
    dirty.current = false;
    const text = draftRef.current;
    if (text === null) return store.trackField(handle, null);
    const { validate, equals = same, value, commit, read, label = '' } = opts.current;
    if (validate?.(text)) return store.trackField(handle, 'problem'); // kept, never sent
    if (inFlight.current === 0 && equals(text, value)) {
      store.trackField(handle, null);
      if (!focused.current) put(null);
      return;
    }
    // On its way: the store counts it until the host answers.
    store.trackField(handle, null);
    inFlight.current++;
    lastSent.current = text;
    const guard = read
      ? { text, base: base.current, since: since.current, read, equals, label }
      : undefined;
    void commit(text, guard).then((outcome) => {
      inFlight.current--;
      if (dirty.current || draftRef.current !== text) return; // typed on meanwhile
      if (outcome.ok) {
        // Taken: keep the clerk's spelling while focused.
        if (!focused.current) put(null);
        return;
      }
      if (outcome.code === 'gone') {
        // Its project is gone; the text is in the dialog that says so.
        put(null);
        return;
      }
      setProblem(outcome.message);
      store.trackField(handle, 'problem');
    });
  };

  impl.current.discard = () => {
    clearTimeout(timer.current);
    dirty.current = false;
    setProblem(null);
    put(null);
    store.trackField(handle, null);
  };

  const flush = useCallback(() => handle.flush(), [handle]);
  const discard = useCallback(() => handle.discard(), [handle]);

  const onChange = useCallback(
    (text: string, hold = false) => {
      if (!dirty.current) {
        dirty.current = true;
        // Typed over the host's value, or over our own text still on its way.
        base.current =
          inFlight.current > 0 && lastSent.current !== null ? lastSent.current : opts.current.value;
        since.current = store.externalChanges;
      }
      put(text);
      if (problemRef.current !== null) setProblem(null);
      store.trackField(handle, opts.current.validate?.(text) ? 'problem' : 'typing');
      clearTimeout(timer.current);
      if (!hold) timer.current = setTimeout(flush, COMMIT_DELAY_MS);
    },
    [put, setProblem, handle, flush],
  );

  const onFocus = useCallback(() => {
    focused.current = true;
  }, []);

  const onBlur = useCallback(() => {
    focused.current = false;
    flush();
    if (!dirty.current && inFlight.current === 0 && problemRef.current === null) {
      const text = draftRef.current;
      const { validate, equals = same, value } = opts.current;
      if (text !== null && !validate?.(text) && equals(text, value)) put(null);
    }
  }, [flush, put]);

  // The host's value changed (undo, redo, another window): show it unless we hold our own text.
  useEffect(() => {
    if (
      !dirty.current &&
      inFlight.current === 0 &&
      problemRef.current === null &&
      draftRef.current !== null
    ) {
      const text = draftRef.current;
      const { equals = same, validate } = opts.current;
      if (validate?.(text)) return; // invalid text stays until the clerk changes it
      if (!(focused.current && equals(text, options.value))) put(null);
    }
  }, [options.value, put]);

  // Leaving (another project selected, after the store asked): send what was typed.
  useEffect(
    () => () => {
      handle.flush();
      store.trackField(handle, null);
    },
    [handle],
  );

  const value = draft ?? options.value;
  const error = draft === null ? null : (options.validate?.(draft) ?? problem);
  return {
    value,
    error,
    hasDraft: draft !== null,
    onChange,
    onFocus,
    onBlur,
    flush,
    discard,
  };
}
