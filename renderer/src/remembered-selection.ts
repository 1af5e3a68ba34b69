import { useEffect } from 'react';
import type { Selection } from './doc-store.ts';
import { store } from './store.ts';

/**
 * The selected unit or project survives a reload of the page: kept in the tab's sessionStorage
 * under the document's path (this browser tab only; nothing leaves the machine), and selected
 * again when the same document comes back, if it still has that unit or project.
 */

const PREFIX = 'jxmb.selection:';

function keyOf(sel: Selection): string | null {
  return sel ? `${sel.kind === 'unit' ? 'u' : 'p'}${sel.id}` : null;
}

function read(filePath: string): Selection {
  let saved: string | null;
  try {
    saved = sessionStorage.getItem(PREFIX + filePath);
  } catch {
    return null; // storage refused (a locked-down browser): nothing to restore
  }
  const m = saved ? /^([up])(\d+)$/.exec(saved) : null;
  if (!m) return null;
  const id = Number(m[2]);
  const units = store.doc?.data.units ?? [];
  if (m[1] === 'u') return units.some((u) => u.id === id) ? { kind: 'unit', id } : null;
  return units.some((u) => u.projects.some((p) => p.id === id)) ? { kind: 'project', id } : null;
}

function write(filePath: string, sel: Selection): void {
  try {
    const key = keyOf(sel);
    if (key) sessionStorage.setItem(PREFIX + filePath, key);
    else sessionStorage.removeItem(PREFIX + filePath);
  } catch {
    // Storage full or refused: the selection is just not remembered.
  }
}

/** Restores the selection once per document shown, then keeps it remembered. */
export function useRememberedSelection(): void {
  useEffect(() => {
    let shown: string | null = null;
    let last: string | null = null;
    const follow = () => {
      const path = store.doc?.filePath ?? null;
      if (path !== shown) {
        shown = path;
        last = null;
        if (path !== null && store.selection === null) {
          const saved = read(path);
          if (saved) store.select(saved);
        }
      }
      if (path === null) return;
      const key = keyOf(store.selection);
      if (key !== last) {
        last = key;
        write(path, store.selection);
      }
    };
    follow();
    return store.subscribe(follow);
  }, []);
}
