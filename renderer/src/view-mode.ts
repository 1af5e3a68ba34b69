import { atom } from './atom.ts';
import { store } from './store.ts';

/**
 * 表单 / 表格: how the editor shows the document. The form (one project at a time) is the
 * default; the table view (components/GridView.tsx) lists every indicator in one grid.
 */
export type ViewMode = 'form' | 'grid';

export const viewMode = atom<ViewMode>('form');

/** Switches the view; what is being typed is sent first (the field it is typed in goes away). */
export function setViewMode(mode: ViewMode): void {
  if (viewMode.get() === mode) return;
  store.flushDrafts();
  viewMode.set(mode);
}
