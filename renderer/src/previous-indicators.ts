import type { PastedIndicator } from '../../db/shared/api/contract.ts';
import type { PreviousYearTable } from '../../db/shared/api/previous-indicators.ts';
import { atom } from './atom.ts';
import { fieldId, focusWhenReady } from './focus.ts';
import { messageOf, store } from './store.ts';
import { ui } from './ui.ts';

/**
 * 从上年表格复制指标 (PreviousIndicatorsDialog.tsx): the host reads last year's file once per
 * page and document (kept here, so the next project does not ask again), the clerk picks a
 * project and its indicators, and they are pasted as one edit.
 */

/** The project the dialog pastes into; null: closed. */
export const previousDialog = atom<{ readonly projectId: number } | null>(null);

/** Last year's table as read for the open document (its file), or null. */
export const previousTable = atom<{
  readonly file: string;
  readonly table: PreviousYearTable;
} | null>(null);

export function openPreviousIndicators(projectId: number): void {
  store.flushDrafts();
  previousDialog.set({ projectId });
}

/**
 * Reads last year's file (`source`: the path typed in browser mode; Electron asks). Returns the
 * refusal's message, or null (read, or cancelled).
 */
export async function readPreviousTable(source?: string): Promise<string | null> {
  const file = store.doc?.filePath;
  if (!file) return null;
  try {
    const table = await store.call((api) =>
      api.previousYearTable(source === undefined ? {} : { source }),
    );
    if (table) previousTable.set({ file, table });
    return null;
  } catch (e) {
    return messageOf(e);
  }
}

/** The table read for the document open now, if any. */
export function currentPreviousTable(): PreviousYearTable | null {
  const kept = previousTable.get();
  return kept && kept.file === store.doc?.filePath ? kept.table : null;
}

/** Pastes `indicators` into `projectId` as one edit; true when done. */
export async function pastePrevious(
  projectId: number,
  indicators: readonly PastedIndicator[],
): Promise<boolean> {
  const r = await store.edit('pasteIndicators', { projectId, indicators: [...indicators] });
  if (r?.id === undefined) return false;
  focusWhenReady(fieldId.indicator(r.id, 'name'));
  ui().message.success({
    content: `已从上年表格复制 ${indicators.length} 条指标，可按 Ctrl+Z 撤销`,
    key: 'copy',
  });
  return true;
}
