import { useSyncExternalStore } from 'react';

/** A tiny observable value for view state shared across components (panels, dialogs). */
export interface Atom<T> {
  get(): T;
  set(value: T): void;
  subscribe(listener: () => void): () => void;
}

export function atom<T>(initial: T): Atom<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      for (const l of listeners) l();
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

export function useAtom<T>(a: Atom<T>): T {
  return useSyncExternalStore(a.subscribe, a.get);
}
