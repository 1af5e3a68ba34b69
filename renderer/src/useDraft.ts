import { useCallback, useEffect, useRef, useState } from 'react';
import { store } from './store.ts';

/**
 * A text field's local draft. Typing changes only the draft (so a keystroke repaints one field),
 * and the draft is sent to the host after a pause in typing, on blur, on Enter/Tab and before
 * undo or export: one burst of typing is one edit and one undo step. Invalid text (an amount
 * with three decimals) is shown with its error and never sent.
 *
 * The field shows the host's value whenever it holds no unsent text of its own, so undo, redo
 * and edits from elsewhere appear in it at once.
 */

export const COMMIT_DELAY_MS = 400;

export interface DraftOptions {
  /** The host's value, as the field shows it. */
  readonly value: string;
  /** Sends the text; resolves true when the host took it. */
  readonly commit: (text: string) => Promise<boolean>;
  /** A Chinese message when the text cannot be sent, else null. */
  readonly validate?: (text: string) => string | null;
  /** Whether the text says the same as the host's value (e.g. 38.4 and 38.40). */
  readonly equals?: (text: string, value: string) => boolean;
}

export interface Draft {
  readonly value: string;
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
}

const same = (a: string, b: string) => a === b;

export function useDraft(options: DraftOptions): Draft {
  const [draft, setDraft] = useState<string | null>(null);
  const opts = useRef(options);
  opts.current = options;
  const draftRef = useRef<string | null>(null);
  const dirty = useRef(false);
  const inFlight = useRef(0);
  const focused = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const put = useCallback((text: string | null) => {
    draftRef.current = text;
    setDraft(text);
  }, []);

  // The flusher registered with the store while this field holds unsent text; stable identity.
  const flushRef = useRef<() => void>(() => {});
  const flusher = useCallback(() => flushRef.current(), []);

  flushRef.current = () => {
    clearTimeout(timer.current);
    if (!dirty.current) return;
    dirty.current = false;
    store.unregisterDraft(flusher);
    const text = draftRef.current;
    if (text === null) return;
    const { validate, equals = same, value, commit } = opts.current;
    if (validate?.(text)) return; // shown with its error, never sent
    if (equals(text, value)) {
      if (!focused.current) put(null);
      return;
    }
    inFlight.current++;
    void commit(text).then((ok) => {
      inFlight.current--;
      if (dirty.current || draftRef.current !== text) return; // typed on meanwhile
      // Refused: show the host's value again. Taken: keep the clerk's spelling while focused.
      if (!ok || !focused.current) put(null);
    });
  };

  const onChange = useCallback(
    (text: string, hold = false) => {
      put(text);
      if (!dirty.current) {
        dirty.current = true;
        store.registerDraft(flusher);
      }
      clearTimeout(timer.current);
      if (!hold) timer.current = setTimeout(flusher, COMMIT_DELAY_MS);
    },
    [put, flusher],
  );

  const onFocus = useCallback(() => {
    focused.current = true;
  }, []);

  const onBlur = useCallback(() => {
    focused.current = false;
    flusher();
    if (!dirty.current && inFlight.current === 0) {
      const text = draftRef.current;
      const { validate, equals = same, value } = opts.current;
      if (text !== null && !validate?.(text) && equals(text, value)) put(null);
    }
  }, [flusher, put]);

  // The host's value changed (undo, redo, another field): show it unless we hold our own text.
  useEffect(() => {
    if (!dirty.current && inFlight.current === 0 && draftRef.current !== null) {
      const text = draftRef.current;
      const { equals = same } = opts.current;
      if (!(focused.current && equals(text, options.value))) put(null);
    }
  }, [options.value, put]);

  // Leaving (another project selected): send what was typed.
  useEffect(
    () => () => {
      flushRef.current();
      store.unregisterDraft(flusher);
    },
    [flusher],
  );

  const value = draft ?? options.value;
  const error = draft === null ? null : (options.validate?.(draft) ?? null);
  return { value, error, hasDraft: draft !== null, onChange, onFocus, onBlur, flush: flusher };
}
