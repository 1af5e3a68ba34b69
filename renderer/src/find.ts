import {
  findInDocument,
  planReplace,
  type FindHit,
  type FindOptions,
} from '../../db/shared/find.ts';
import { FACT_FIELDS, factsOpen } from './actions.tsx';
import { atom } from './atom.ts';
import { fieldId } from './focus.ts';
import { store } from './store.ts';
import { ui } from './ui.ts';

/**
 * 查找和替换 in the page: the panel's state, going to a found field, and the replacements (sent
 * as a request the host recomputes, see db/replace-text.ts). The search itself is the shared
 * db/shared/find.ts, run on the page's own copy of the document as the clerk types.
 */

/** null: closed; otherwise whether the replace row is shown. */
export const findPanel = atom<{ readonly replace: boolean } | null>(null);
export const findQuery = atom('');
export const replaceWith = atom('');
export const findOptions = atom<FindOptions>({ matchCase: false, wholeField: false });
/** 仅当前项目: only the fields of the selected project (its indicators included). */
export const findInProject = atom(false);
/** Asked to put the cursor in the query field (Ctrl+F / Ctrl+H while the panel is open). */
export const findFocusRequest = atom(0);

export function openFind(replace: boolean): void {
  findPanel.set({ replace });
  findFocusRequest.set(findFocusRequest.get() + 1);
}

export function closeFind(): void {
  findPanel.set(null);
}

/** The fields of the open document holding the query, in document order, within the scope. */
export function currentHits(): FindHit[] {
  const data = store.doc?.data;
  if (!data) return [];
  return inScope(findInDocument(data, findQuery.get(), findOptions.get()), projectScope());
}

/** The project find is limited to (仅当前项目 with a project selected), else undefined. */
export function projectScope(): number | undefined {
  const s = store.selection;
  return findInProject.get() && s?.kind === 'project' ? s.id : undefined;
}

export function inScope(hits: FindHit[], projectId: number | undefined): FindHit[] {
  return projectId === undefined ? hits : hits.filter((h) => h.location.projectId === projectId);
}

/** The detail fields of an indicator row (shown under the row once opened). */
const DETAIL_FIELDS = new Set(['basis', 'explanation']);

/**
 * Puts the cursor in a found field: selects its project (or unit) as a finding does, opens an
 * indicator's 指标详情 when the field is there, and selects the text found when the field shows
 * the text as searched (a structured value shows its cells, so the whole cell is selected).
 */
export function goToHit(hit: FindHit): void {
  const { unitId, projectId, indicatorId, field = 'name' } = hit.location;
  let id: string;
  if (indicatorId !== undefined && projectId !== undefined) {
    store.select({ kind: 'project', id: projectId });
    id = fieldId.indicator(indicatorId, field);
  } else if (projectId !== undefined) {
    store.select({ kind: 'project', id: projectId });
    // A field in 更多项目信息 is shown first (the clerk may have closed it).
    if (FACT_FIELDS.includes(field)) factsOpen.set(true);
    id = fieldId.project(projectId, field);
  } else {
    store.select({ kind: 'unit', id: unitId! });
    id = fieldId.unit(unitId!);
  }
  const openDetail = indicatorId !== undefined && DETAIL_FIELDS.has(field);
  let frames = 0;
  const attempt = () => {
    const el = document.getElementById(id);
    if (!(el instanceof HTMLElement)) {
      if (openDetail && frames === 2) {
        const toggle = document.querySelector(`[aria-controls="ind-detail-${indicatorId}"]`);
        if (toggle instanceof HTMLElement) toggle.click();
      }
      if (++frames < 40) requestAnimationFrame(attempt);
      return;
    }
    el.scrollIntoView({ block: 'center' });
    el.focus({ preventScroll: true });
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
      const first = hit.ranges[0];
      if (first && el.value === hit.text) el.setSelectionRange(first[0], first[1]);
      else el.select();
    }
  };
  requestAnimationFrame(attempt);
}

function refusedReadOnly(): boolean {
  if (!(store.lockLost ?? store.doc?.readOnly)) return false;
  ui().message.info('本文档为只读，不能替换');
  return true;
}

/**
 * Replaces the query in the fields given (one found field for 替换), or in every field that
 * holds it (全部替换): one edit, one step of 撤销.
 */
export async function replaceFound(keys?: readonly string[]): Promise<void> {
  const find = findQuery.get();
  const replace = replaceWith.get();
  const data = store.doc?.data;
  if (!data || find.trim() === '' || refusedReadOnly()) return;
  store.flushDrafts();
  const options = findOptions.get();
  const request = { find, replace, options, ...(keys ? { keys: [...keys] } : {}) };
  const planned = planReplace(data, request);
  const amounts = inScope(findInDocument(data, find, options), projectScope()).filter(
    (h) => !h.replaceable,
  ).length;
  const result = await store.edit('replaceText', request);
  if (!result) return;
  const places = planned.reduce((n, r) => n + r.hit.ranges.length, 0);
  const skipped = amounts > 0 && planned.length > 1 ? `；金额 ${amounts} 处不按文字替换` : '';
  ui().message.success({
    content: `已替换 ${places} 处（${planned.length} 个字段），可按 Ctrl+Z 撤销${skipped}`,
    key: 'replaceText',
    duration: 5,
  });
}
