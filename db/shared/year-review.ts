import type { Place } from './check/finding.ts';
import { unmeasurableValue } from './check/rules/unmeasurable-value.ts';
import { quote } from './check/text.ts';
import { visitTexts, type TextItem } from './check/walk.ts';
import type { DocumentData } from './types.ts';
import {
  covers,
  isStale,
  movesOnShift,
  shiftYears,
  yearMentions,
  type YearMention,
  type YearReading,
} from './years.ts';

/**
 * The review that comes with next year's table: every text that names a year, read as the
 * stale-year check reads it (years.ts, year-reading.ts), then values the checks find vague, so
 * the new table starts better than the old one. Each entry points at its field, like a finding.
 *
 * - `source-year`: last year as the date of the work (2024年内完成): offered as 改为本年度, one by
 *   one or all at once.
 * - `past-year`: a settlement, review or comparison older than last year (完成2023年绩效考核 in
 *   a 2025 table): not 改为本年度 (2025年的考核 is not done in 2025) but 顺延一年.
 * - `other-year`: another year as the date of the work (2023年内完成, 2026年底前): to look at.
 * - `kept-year`: a fund's, project's or document's name, or a starting year: listed so the clerk
 *   sees it was read, and said to stay as it is.
 * Every year entry also offers 顺延一年 for its sentence, its project and the whole document
 * (db/rollover/replace-year.ts), which moves what `movesOnShift` says.
 */

export type ReviewKind = 'source-year' | 'past-year' | 'other-year' | 'kept-year' | 'vague';

export interface ReviewItem extends Place {
  /** Stable within one review: what `replaceSourceYear` and 顺延 are given. */
  readonly key: string;
  readonly kind: ReviewKind;
  /** The official term of the field (项目名称, 绩效目标, 实施周期指标值…). */
  readonly label: string;
  readonly text: string;
  /** The year as written in the text, for year entries (`2024年`, `2023-2024年`). */
  readonly written?: string;
  /** What the year is in its sentence, for year entries. */
  readonly reading?: YearReading;
  /** The text after 顺延一年 of this entry (its own year and the sentence's others it moves). */
  readonly shifted?: string;
  readonly message: string;
}

export interface YearReview {
  readonly sourceYear: number;
  readonly year: number;
  readonly items: readonly ReviewItem[];
}

/** In the order the review shows them. */
export const REVIEW_KINDS: readonly ReviewKind[] = [
  'source-year',
  'past-year',
  'other-year',
  'kept-year',
  'vague',
];

/** Where a review key points: the entity (`u3`, `p12`, `i40`), the field, the mention's start. */
export function parseReviewKey(key: string): { entity: string; field: string; start: number } {
  const [entity = '', field = '', start = ''] = key.split(':');
  return { entity, field, start: Number(start) };
}

function entityOf(place: Place): string {
  const l = place.location;
  return l.indicatorId !== undefined
    ? `i${l.indicatorId}`
    : l.projectId !== undefined
      ? `p${l.projectId}`
      : `u${l.unitId}`;
}

/** `p12:goal`, `i40:cycleValue`, `u3:name`: a text field, as a review key names it. */
export function fieldKeyOf(place: Place): string {
  return `${entityOf(place)}:${place.location.field ?? 'name'}`;
}

function keyOf(place: Place, field: string, start: number): string {
  return `${entityOf(place)}:${field}:${start}`;
}

/** 顺延一年 of one entry: the sentence's mentions that 顺延 moves, and the entry's own. */
export function shiftedSentence(text: string, start: number, year: number): string {
  return shiftYears(text, (m) => m.start === start || movesOnShift(m, year)).text;
}

function kindOf(m: YearMention, sourceYear: number, year: number): ReviewKind | null {
  switch (m.reading) {
    case 'name':
    case 'since':
      return covers(m, year) ? null : 'kept-year';
    case 'past':
      return isStale(m, year) ? 'past-year' : null;
    case 'period':
      // This year, or a period running into it (a multi-year project's 2024-2026年): meant.
      if (covers(m, year)) return null;
      return covers(m, sourceYear) && m.written.includes(String(sourceYear))
        ? 'source-year'
        : 'other-year';
  }
}

const nextYearOf = (written: string) =>
  written.replace(/(?<!\d)(?:19|20)\d{2}(?!\d)/gu, (y) => String(Number(y) + 1));

function messageOf(
  kind: ReviewKind,
  m: YearMention,
  label: string,
  text: string,
  year: number,
): string {
  const where = `${label}${quote(text)}`;
  switch (kind) {
    case 'source-year':
      return `${where}提到上年“${m.written}”：如指本年度，请改为 ${year} 年`;
    case 'past-year':
      return (
        `${where}提到“${m.written}”，是考核、结算或比较的往年：` +
        `新表中通常顺延一年，改为“${nextYearOf(m.written)}”，而不是 ${year} 年`
      );
    case 'kept-year':
      return m.reading === 'since'
        ? `${where}中的“${m.written}”是起始年份，通常不改`
        : `${where}中的“${m.written}”是资金、项目或文件名称中的年份，通常不改`;
    default:
      return `${where}提到“${m.written}”，请确认是否仍然适用`;
  }
}

export function reviewNextYear(doc: DocumentData, sourceYear: number): YearReview {
  const items: ReviewItem[] = [];
  for (const t of visitTexts(doc)) {
    const field = t.place.location.field ?? 'name';
    for (const m of yearMentions(t.text)) {
      const kind = kindOf(m, sourceYear, doc.year);
      if (kind === null) continue;
      const shifted = shiftedSentence(t.text, m.start, doc.year);
      items.push({
        ...t.place,
        key: keyOf(t.place, field, m.start),
        kind,
        label: t.label,
        text: t.text,
        written: m.written,
        reading: m.reading,
        shifted,
        message: messageOf(kind, m, t.label, t.text, doc.year),
      });
    }
  }
  for (const f of unmeasurableValue.check(doc)) {
    items.push({
      ...f,
      key: `vague:${keyOf(f, f.location.field ?? 'value', 0)}`,
      kind: 'vague',
      label: '指标值',
      text: '',
      message: f.message,
    });
  }
  const order = (k: ReviewKind) => REVIEW_KINDS.indexOf(k);
  items.sort((a, b) => order(a.kind) - order(b.kind));
  return { sourceYear, year: doc.year, items };
}

/** What 顺延一年 applies to: one entry's sentence, one project, or the whole document. */
export type ShiftScope =
  | { readonly kind: 'item'; readonly key: string }
  | { readonly kind: 'project'; readonly projectId: number }
  | { readonly kind: 'document' };

export interface ShiftPlan {
  /** The texts that change, each with its new text; a field as `fieldKeyOf` names it. */
  readonly changes: readonly { readonly fieldKey: string; readonly next: string }[];
  /** Year mentions moved. */
  readonly moved: number;
}

/**
 * 所有年份顺延一年, planned: every year the texts give as a date of the work or look back on,
 * one year on at once (2023→2024 and 2024→2025, ranges too), so 完成2023年考核，开展2024年考核
 * becomes 完成2024年考核，开展2025年考核 — what 改为本年度 cannot do. Names of funds and documents,
 * starting years, document numbers and what already reaches the new year stay (movesOnShift);
 * an entry's own year moves even if it is a name, since the clerk chose that entry. Null when
 * the entry is gone (its text changed). Pure, so the page can say beforehand what will move.
 */
export function planShift(doc: DocumentData, scope: ShiftScope): ShiftPlan | null {
  const changes: { fieldKey: string; next: string }[] = [];
  let moved = 0;
  const add = (t: TextItem, chosen: (m: YearMention) => boolean) => {
    const r = shiftYears(t.text, chosen);
    if (r.moved === 0) return;
    moved += r.moved;
    changes.push({ fieldKey: fieldKeyOf(t.place), next: r.text });
  };
  const texts = visitTexts(doc);
  if (scope.kind === 'item') {
    const { entity, field, start } = parseReviewKey(scope.key);
    const t = texts.find((v) => fieldKeyOf(v.place) === `${entity}:${field}`);
    if (!t || !yearMentions(t.text).some((m) => m.start === start)) return null;
    add(t, (m) => m.start === start || movesOnShift(m, doc.year));
  } else {
    if (
      scope.kind === 'project' &&
      !doc.units.some((u) => u.projects.some((p) => p.id === scope.projectId))
    )
      return null;
    for (const t of texts) {
      if (scope.kind === 'project' && t.place.location.projectId !== scope.projectId) continue;
      add(t, (m) => movesOnShift(m, doc.year));
    }
  }
  return { changes, moved };
}
