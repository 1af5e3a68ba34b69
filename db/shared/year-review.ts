import type { Place } from './check/finding.ts';
import { unmeasurableValue } from './check/rules/unmeasurable-value.ts';
import { quote } from './check/text.ts';
import { visitTexts } from './check/walk.ts';
import type { DocumentData } from './types.ts';
import { covers, yearMentions } from './years.ts';

/**
 * The review that comes with next year's table: every text that names a year, the ones naming
 * last year first (each can be moved to the new year, one by one or all at once), then other
 * years (to look at), then values the checks find vague, so the new table starts better than
 * the old one. Each entry points at its field, like a finding.
 */

export type ReviewKind = 'source-year' | 'other-year' | 'vague';

export interface ReviewItem extends Place {
  /** Stable within one review: what `replaceSourceYear` is given. */
  readonly key: string;
  readonly kind: ReviewKind;
  /** The official term of the field (项目名称, 绩效目标, 实施周期指标值…). */
  readonly label: string;
  readonly text: string;
  /** The year as written in the text, for year entries (`2024年`, `2023-2024年`). */
  readonly written?: string;
  readonly message: string;
}

export interface YearReview {
  readonly sourceYear: number;
  readonly year: number;
  readonly items: readonly ReviewItem[];
}

const KIND_ORDER: Record<ReviewKind, number> = { 'source-year': 0, 'other-year': 1, vague: 2 };

function keyOf(place: Place, field: string, start: number): string {
  const l = place.location;
  const entity =
    l.indicatorId !== undefined
      ? `i${l.indicatorId}`
      : l.projectId !== undefined
        ? `p${l.projectId}`
        : `u${l.unitId}`;
  return `${entity}:${field}:${start}`;
}

export function reviewNextYear(doc: DocumentData, sourceYear: number): YearReview {
  const items: ReviewItem[] = [];
  for (const t of visitTexts(doc)) {
    const field = t.place.location.field ?? 'name';
    for (const m of yearMentions(t.text)) {
      if (covers(m, doc.year) && !covers(m, sourceYear)) continue;
      const isSource = covers(m, sourceYear) && m.written.includes(String(sourceYear));
      items.push({
        ...t.place,
        key: keyOf(t.place, field, m.start),
        kind: isSource ? 'source-year' : 'other-year',
        label: t.label,
        text: t.text,
        written: m.written,
        message: isSource
          ? `${t.label}${quote(t.text)}提到上年“${m.written}”：如指本年度，请改为 ${doc.year} 年`
          : `${t.label}${quote(t.text)}提到“${m.written}”，请确认是否仍然适用`,
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
  items.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return { sourceYear, year: doc.year, items };
}
