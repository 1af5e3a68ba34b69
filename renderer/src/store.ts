import { useSyncExternalStore } from 'react';
import type { DocumentState } from '../../db/shared/api/contract.ts';
import type { Finding } from '../../db/shared/check/finding.ts';
import { getApi } from './api.ts';
import { createChecker } from './check/checker.ts';
import { DocStore, type SaveState, type Selection } from './doc-store.ts';

/**
 * The page's store (see doc-store.ts for its rules) and the hooks components read it with.
 */

export {
  DocStore,
  messageOf,
  type EditOutcome,
  type FieldGuard,
  type SaveState,
  type Selection,
} from './doc-store.ts';

import { DEFAULT_MONEY_DISPLAY, type MoneyDisplay } from '../../db/shared/money.ts';

export const store = new DocStore(getApi(), { checker: createChecker() });

export function useDocument(): DocumentState | null {
  return useSyncExternalStore(store.subscribe, () => store.doc);
}

export function useFindings(): readonly Finding[] | null {
  return useSyncExternalStore(store.subscribe, () => store.findings);
}

export function useSaveState(): SaveState {
  return useSyncExternalStore(store.subscribe, () => store.saveState);
}

export function useConnected(): boolean {
  return useSyncExternalStore(store.subscribe, () => store.connected);
}

/** Why nothing can be saved here (read-only, or the file was taken over), or null. */
export function useReadOnlyReason(): string | null {
  return useSyncExternalStore(
    store.subscribe,
    () => store.lockLost ?? store.doc?.readOnly?.reason ?? null,
  );
}

export function useSelection(): Selection {
  return useSyncExternalStore(store.subscribe, () => store.selection);
}

/** What undo and redo would do: the same object until it changes. */
export function useHistory(): DocumentState['history'] | undefined {
  return useSyncExternalStore(store.subscribe, () => store.doc?.history);
}

/** How the open document's amounts are typed and shown: 万元 or 元, and decimals. */
export function useMoney(): MoneyDisplay {
  return useSyncExternalStore(
    store.subscribe,
    () => store.doc?.data.money ?? DEFAULT_MONEY_DISPLAY,
  );
}

export function useHasDocument(): boolean {
  return useSyncExternalStore(store.subscribe, () => store.doc !== null);
}
