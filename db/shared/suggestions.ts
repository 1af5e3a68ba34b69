import { formatValue, sentenceValue, type IndicatorValue } from './indicator-value.ts';
import type { CategoryRole } from './tree.ts';
import type { DocumentData } from './types.ts';

/**
 * Suggestions for a 三级指标 name as the clerk types it: indicators already written (in this
 * document, last year's values, other documents the clerk opened, the clerk's own 常用指标) and
 * the built-in common ones, filtered by the category of the row and ranked. Pure, so the page
 * ranks its own document at once and the host ranks what it keeps with the same rule.
 */

/** Where a suggestion comes from, best first when all else is equal. */
export const SUGGESTION_SOURCES = ['document', 'previous', 'own', 'opened', 'builtin'] as const;
export type SuggestionSource = (typeof SUGGESTION_SOURCES)[number];

export const SOURCE_LABELS: Readonly<Record<SuggestionSource, string>> = {
  document: '本文档',
  previous: '上年',
  own: '常用指标',
  opened: '其他文档',
  builtin: '内置',
};

/** An indicator as remembered: its category by names as well as code (trees differ). */
export interface IndicatorCandidate {
  readonly name: string;
  readonly cycle: IndicatorValue;
  readonly annual: IndicatorValue;
  readonly annualFollowsCycle: boolean;
  readonly level1Role: CategoryRole;
  readonly level1Name: string;
  readonly level2Code: string;
  readonly level2Name: string;
  readonly source: SuggestionSource;
  /** The document it was seen in (`番禺2024.jxmb`), for the list to say; '' when none. */
  readonly from: string;
  /** The indicator's id in the open document (the page skips the row being typed in). */
  readonly id?: number;
}

/** The row being typed in: its category and what is typed so far. */
export interface SuggestionQuery {
  readonly text: string;
  readonly level1Role: CategoryRole;
  readonly level1Name: string;
  readonly level2Code: string;
  readonly level2Name: string;
}

export interface IndicatorSuggestion extends IndicatorCandidate {
  /** Higher is better; comparable between lists ranked with the same query. */
  readonly score: number;
  /** How many times the same name and values were seen (all sources together). */
  readonly seen: number;
}

/** As many as a list under a field shows without scrolling. */
export const SUGGESTION_LIMIT = 8;

/** Width, case and spacing do not tell names apart: `ＧＤＰ 增长` finds `gdp增长`. */
export function normaliseName(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/** 经济效益 and 经济效益指标 are one category in the two built-in trees. */
function categoryName(name: string): string {
  return normaliseName(name).replace(/指标$/u, '');
}

/** 2: the same 二级; 1: the same 一级 only; 0: another category (not suggested). */
export function categoryFit(c: IndicatorCandidate, q: SuggestionQuery): number {
  if (c.level1Role !== q.level1Role) return 0;
  return categoryName(c.level2Name) === categoryName(q.level2Name) ? 2 : 1;
}

/**
 * How well `name` answers `typed` (both normalised): 0 when not at all. The whole text at the
 * start beats it anywhere, which beats its characters in order with gaps (拼 for 培训班数 from
 * 培训数); empty text matches everything a little, so the list shows what the category holds.
 */
export function textFit(name: string, typed: string): number {
  if (typed === '') return 1;
  if (name === typed) return 0; // already there: nothing to suggest
  if (name.startsWith(typed)) return 4;
  if (name.includes(typed)) return 3;
  let at = 0;
  for (const ch of name) {
    if (ch === typed[at]) at++;
    if (at === typed.length) return 2;
  }
  return 0;
}

const SOURCE_RANK: Readonly<Record<SuggestionSource, number>> = {
  document: 5,
  previous: 4,
  own: 4,
  opened: 3,
  builtin: 1,
};

function valueKey(v: IndicatorValue): string {
  return v.kind === 'sentence' ? `s:${v.text}` : `v:${v.operator}|${v.value}|${v.unit}`;
}

/** Two candidates that would fill a row the same way. */
export function candidateKey(c: IndicatorCandidate): string {
  const annual = c.annualFollowsCycle ? '=' : valueKey(c.annual);
  return `${normaliseName(c.name)}\u0000${valueKey(c.cycle)}\u0000${annual}`;
}

/**
 * The best `limit` candidates for the query: another first-level category is never suggested;
 * the same 二级 comes before the rest of the same 一级, then the text decides (at the start, inside,
 * its characters in order), then how often the same indicator was written, then its source. Duplicates (same name and values) are one
 * suggestion, from its best source.
 */
export function rankSuggestions(
  candidates: Iterable<IndicatorCandidate>,
  query: SuggestionQuery,
  limit = SUGGESTION_LIMIT,
): IndicatorSuggestion[] {
  const typed = normaliseName(query.text);
  const best = new Map<string, { c: IndicatorCandidate; fit: number; seen: number }>();
  for (const c of candidates) {
    const category = categoryFit(c, query);
    if (category === 0) continue;
    const text = textFit(normaliseName(c.name), typed);
    if (text === 0) continue;
    const fit = category * 100 + text * 10 + SOURCE_RANK[c.source] / 10;
    const key = candidateKey(c);
    const had = best.get(key);
    if (!had) best.set(key, { c, fit, seen: 1 });
    else {
      had.seen++;
      if (fit > had.fit) {
        had.c = c;
        had.fit = fit;
      }
    }
  }
  return [...best.values()]
    .map(({ c, fit, seen }) => ({ ...c, seen, score: fit + seenBonus(seen) }))
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh'))
    .slice(0, limit);
}

/** Written more often ranks higher, but never above a better fit of text or category. */
function seenBonus(seen: number): number {
  return Math.min(seen, 20) / 10;
}

/** Merges two ranked lists (the page's and the host's), dropping duplicates, best first. */
export function mergeSuggestions(
  lists: readonly (readonly IndicatorSuggestion[])[],
  limit = SUGGESTION_LIMIT,
): IndicatorSuggestion[] {
  const byKey = new Map<string, IndicatorSuggestion>();
  for (const s of lists.flat()) {
    const key = candidateKey(s);
    const had = byKey.get(key);
    if (!had) byKey.set(key, s);
    else {
      const seen = had.seen + s.seen;
      const top = s.score > had.score ? s : had;
      const score = top.score - seenBonus(top.seen) + seenBonus(seen);
      byKey.set(key, { ...top, seen, score });
    }
  }
  return [...byKey.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}

/**
 * A document's indicators as candidates: each as written (`document`, or `opened` for another
 * document), and for a table made from last year's, last year's value of each (`previous`).
 * Indicators without a name teach nothing.
 */
export function documentCandidates(
  data: DocumentData,
  options: { source: 'document' | 'opened'; from: string },
): IndicatorCandidate[] {
  const out: IndicatorCandidate[] = [];
  for (const unit of data.units) {
    for (const project of unit.projects) {
      for (const i of project.indicators) {
        if (i.name.trim() === '') continue;
        const id = options.source === 'document' ? { id: i.id } : {};
        const category = {
          level1Role: i.level1.role,
          level1Name: i.level1.name,
          level2Code: i.level2.code,
          level2Name: i.level2.name,
        };
        out.push({
          name: i.name,
          cycle: i.cycle,
          annual: i.annual,
          annualFollowsCycle: i.annualFollowsCycle,
          ...category,
          source: options.source,
          from: options.from,
          ...id,
        });
        if (options.source === 'document' && i.previous !== null && i.previous.trim() !== '') {
          const last = sentenceValue(i.previous);
          out.push({
            name: i.name,
            cycle: last,
            annual: last,
            annualFollowsCycle: true,
            ...category,
            source: 'previous',
            from: data.previousYear === null ? '上年' : `${data.previousYear}年`,
            ...id,
          });
        }
      }
    }
  }
  return out;
}

/** What a suggestion writes into the row: name and both values, as one updateIndicator. */
export function fillFields(s: IndicatorCandidate): {
  name: string;
  cycle: IndicatorValue;
  annual?: IndicatorValue;
  annualFollowsCycle: boolean;
} {
  return s.annualFollowsCycle
    ? { name: s.name, cycle: s.cycle, annualFollowsCycle: true }
    : { name: s.name, cycle: s.cycle, annual: s.annual, annualFollowsCycle: false };
}

/** A value as the list shows it: as printed (`≥95%`, a sentence as written). */
export function valueShown(v: IndicatorValue): string {
  return formatValue(v, 'merged');
}
