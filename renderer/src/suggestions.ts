import type { DocumentData } from '../../db/shared/types.ts';
import {
  documentCandidates,
  fillFields,
  mergeSuggestions,
  rankSuggestions,
  SUGGESTION_LIMIT,
  type IndicatorCandidate,
  type IndicatorSuggestion,
} from '../../db/shared/suggestions.ts';
import { editIndicator, findIndicator } from './actions.tsx';
import { store } from './store.ts';
import { ui } from './ui.ts';
import { HostError } from './wire.ts';

/**
 * Suggestions as a 三级指标 name is typed: the open document (and last year's values in it)
 * ranked here at once, merged with what the host remembers of other documents, the clerk's
 * 常用指标 and the built-in list (one host call). Picking one is one edit, one undo step.
 */

/** The open document's candidates, made once per state the page holds. */
const byData = new WeakMap<DocumentData, IndicatorCandidate[]>();
function ownCandidates(data: DocumentData): IndicatorCandidate[] {
  let found = byData.get(data);
  if (!found) {
    found = documentCandidates(data, { source: 'document', from: '本文档' });
    byData.set(data, found);
  }
  return found;
}

/** The page's own list alone: what shows at once, before the host answers. */
export function localSuggestions(indicatorId: number, text: string): IndicatorSuggestion[] {
  const data = store.doc?.data;
  const indicator = data && findIndicator(data, indicatorId);
  if (!data || !indicator) return [];
  const others = ownCandidates(data).filter((c) => c.id !== indicatorId);
  return rankSuggestions(others, {
    text,
    level1Role: indicator.level1.role,
    level1Name: indicator.level1.name,
    level2Code: indicator.level2.code,
    level2Name: indicator.level2.name,
  });
}

/** The full list: the page's own and the host's, merged; the page's alone when the host fails. */
export async function suggestionsFor(
  indicatorId: number,
  text: string,
): Promise<IndicatorSuggestion[]> {
  const local = localSuggestions(indicatorId, text);
  const indicator = store.doc && findIndicator(store.doc.data, indicatorId);
  if (!indicator) return local;
  try {
    const remote = await store.api.suggestIndicators({
      level2Code: indicator.level2.code,
      text,
      limit: SUGGESTION_LIMIT,
    });
    return mergeSuggestions([local, remote]);
  } catch {
    // Suggestions are a help: an unreachable host leaves the page's own.
    return local;
  }
}

/** Fills the row with a suggestion: name, values, 计量单位, one updateIndicator. */
export function applySuggestion(indicatorId: number, s: IndicatorSuggestion): Promise<unknown> {
  return editIndicator(indicatorId, fillFields(s));
}

/** 加为常用指标: the row as it is now, for suggestions in every document on this computer. */
export async function addAsCommon(indicatorId: number): Promise<void> {
  store.flushDrafts();
  try {
    const { name } = await store.api.addCommonIndicator({ id: indicatorId });
    ui().message.success(`已将“${name}”加为常用指标`);
  } catch (e) {
    ui().message.error(e instanceof HostError ? e.message : '未能加为常用指标');
  }
}

/** 清除记住的指标, after asking. */
export function clearMemory(): void {
  ui().modal.confirm({
    title: '清除记住的指标？',
    content:
      '将清除本机记住的其他文档的指标和您加入的常用指标（只保存在本机）。文档本身和内置的常用指标不受影响。',
    okText: '清除',
    cancelText: '取消',
    onOk: async () => {
      try {
        const { documents, indicators } = await store.api.clearIndicatorMemory({});
        ui().message.success(`已清除 ${documents} 个文档的 ${indicators} 条记住的指标`);
      } catch (e) {
        ui().message.error(e instanceof HostError ? e.message : '未能清除');
      }
    },
  });
}

let watching = false;
/**
 * The page going away (window closed, tab closed, another document opened elsewhere): the host
 * remembers the document as it is now, for suggestions in others.
 */
export function rememberOnLeave(): void {
  if (watching) return;
  watching = true;
  window.addEventListener('pagehide', () => {
    if (store.doc) void store.api.rememberIndicators({}).catch(() => undefined);
  });
}
