import type { DocumentData } from '../../db/shared/types.ts';
import { findProject, findUnit, selectProject } from './actions.tsx';
import { atom } from './atom.ts';
import { fieldId, focusWhenReady } from './focus.ts';
import { store } from './store.ts';
import { ui } from './ui.ts';

/**
 * 复制 / 粘贴 of a project or of indicators within the open document. The page's clipboard holds
 * only what was copied and from which file, by id: pasting asks the host to copy those rows
 * (copyProject / copyIndicators), so no content crosses to the host and every field, including
 * ones this page does not show, is copied as the file holds it. One paste is one undo step.
 */

export type Copied =
  | { readonly kind: 'project'; readonly file: string; readonly id: number; readonly name: string }
  | {
      readonly kind: 'indicators';
      readonly file: string;
      readonly ids: readonly number[];
      readonly projectId: number;
    };

/** What 复制 last took; null: nothing yet. */
export const copied = atom<Copied | null>(null);

/** Indicators picked (by their row numbers) in the project shown, for 复制. */
export const pickedIndicators = atom<{
  readonly projectId: number;
  readonly ids: readonly number[];
} | null>(null);

const nameOf = (name: string, what: string) => `“${name.trim() || `（未命名${what}）`}”`;

/** Picks or unpicks one indicator; `add` (Ctrl/Shift+click) keeps the others picked. */
export function pickIndicator(projectId: number, id: number, add: boolean): void {
  const now = pickedIndicators.get();
  const same = now?.projectId === projectId ? now.ids : [];
  const has = same.includes(id);
  const ids = add
    ? has
      ? same.filter((i) => i !== id)
      : [...same, id]
    : has && same.length === 1
      ? []
      : [id];
  pickedIndicators.set(ids.length === 0 ? null : { projectId, ids });
}

/** The indicators picked in the project on screen, in the project's order. */
function picked(data: DocumentData): { projectId: number; ids: number[] } | null {
  const sel = store.selection;
  const p = pickedIndicators.get();
  if (!p || sel?.kind !== 'project' || sel.id !== p.projectId) return null;
  const project = findProject(data, p.projectId)?.project;
  const ids = project?.indicators.filter((i) => p.ids.includes(i.id)).map((i) => i.id) ?? [];
  return ids.length > 0 ? { projectId: p.projectId, ids } : null;
}

/**
 * 复制: the indicators picked in the project shown, else the selected project (`prefer`
 * 'project': the project even when indicators are picked, as from the tree).
 */
export function copySelection(prefer?: 'project'): void {
  const doc = store.doc;
  if (!doc) return;
  const indicators = prefer === 'project' ? null : picked(doc.data);
  if (indicators) {
    copied.set({ kind: 'indicators', file: doc.filePath, ...indicators });
    ui().message.success({
      content: `已复制 ${indicators.ids.length} 条指标；选中目标项目后按 Ctrl+V 粘贴`,
      key: 'copy',
    });
    return;
  }
  const sel = store.selection;
  const found = sel?.kind === 'project' ? findProject(doc.data, sel.id) : undefined;
  if (!found) {
    ui().message.info({
      content: '请先在左侧选中一个项目，或点击指标前的序号选中指标，再复制',
      key: 'copy',
    });
    return;
  }
  copied.set({
    kind: 'project',
    file: doc.filePath,
    id: found.project.id,
    name: found.project.name,
  });
  ui().message.success({
    content: `已复制项目${nameOf(found.project.name, '项目')}（连同 ${found.project.indicators.length} 条指标）；选中资金使用单位或项目后按 Ctrl+V 粘贴`,
    key: 'copy',
  });
}

/** 粘贴: what was copied, into the selection (a project after the selected one, in its unit). */
export async function paste(): Promise<void> {
  const doc = store.doc;
  const c = copied.get();
  if (!doc) return;
  if (!c) {
    ui().message.info({ content: '没有可粘贴的内容：请先复制一个项目或指标', key: 'copy' });
    return;
  }
  if (c.file !== doc.filePath) {
    ui().message.warning({
      content: '复制的内容来自另一个文档，只能粘贴到同一文档中',
      key: 'copy',
    });
    return;
  }
  if (store.lockLost ?? doc.readOnly) {
    ui().message.info({ content: '本文档为只读，不能粘贴', key: 'copy' });
    return;
  }
  const sel = store.selection;
  store.flushDrafts();
  if (c.kind === 'project') {
    let unitId: number | undefined;
    let index: number | undefined;
    if (sel?.kind === 'unit') unitId = sel.id;
    else if (sel?.kind === 'project') {
      const found = findProject(doc.data, sel.id);
      unitId = found?.unit.id;
      index = found ? found.index + 1 : undefined;
    } else if (doc.data.units.length === 1) unitId = doc.data.units[0]!.id;
    if (unitId === undefined) {
      ui().message.info({ content: '请先在左侧选中要粘贴到的资金使用单位', key: 'copy' });
      return;
    }
    const r = await store.edit('copyProject', {
      id: c.id,
      toUnitId: unitId,
      ...(index === undefined ? {} : { index }),
    });
    if (r?.id === undefined) return;
    selectProject(r.id);
    const after = store.doc && findProject(store.doc.data, r.id);
    const unit = store.doc && findUnit(store.doc.data, unitId);
    ui().message.success({
      content: `已粘贴为${nameOf(after?.project.name ?? '', '项目')}（在${nameOf(unit?.name ?? '', '资金使用单位')}），可按 Ctrl+Z 撤销`,
      key: 'copy',
    });
    return;
  }
  if (sel?.kind !== 'project') {
    ui().message.info({ content: '请先在左侧选中要粘贴指标的项目', key: 'copy' });
    return;
  }
  const r = await store.edit('copyIndicators', { ids: [...c.ids], toProjectId: sel.id });
  if (r?.id === undefined) return;
  pickedIndicators.set(null);
  focusWhenReady(fieldId.indicator(r.id, 'name'));
  ui().message.success({
    content: `已粘贴 ${c.ids.length} 条指标，可按 Ctrl+Z 撤销`,
    key: 'copy',
  });
}

/** Whether a key or clipboard event belongs to text being edited or selected, not to the page. */
export function isTextContext(target: EventTarget | null): boolean {
  const el = target instanceof Element ? target : null;
  if (
    el?.closest(
      'input, textarea, select, [contenteditable=""], [contenteditable="true"], .ant-modal',
    )
  )
    return true;
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString().trim() !== '';
}
