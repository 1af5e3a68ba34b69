import type { Place } from '../check/finding.ts';
import { unmeasurableValue } from '../check/rules/unmeasurable-value.ts';
import { quote, sameValue } from '../check/text.ts';
import { visitTexts } from '../check/walk.ts';
import type { TargetDocument } from '../document.ts';
import { UserError } from '../errors.ts';
import type { DocumentData } from '../types.ts';
import { covers, yearMentions } from '../years.ts';

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

/**
 * Replaces last year by the new year in the entries given (all source-year entries when `keys`
 * is 'all'), as one edit the clerk can undo. An entry whose text has changed since the review
 * was made is skipped and reported, never guessed at.
 */
export function replaceSourceYear(
  doc: TargetDocument,
  sourceYear: number,
  keys: readonly string[] | 'all',
): { replaced: number; skipped: number } {
  const data = doc.snapshot();
  const review = reviewNextYear(data, sourceYear);
  const wanted = review.items.filter(
    (i) => i.kind === 'source-year' && (keys === 'all' || keys.includes(i.key)),
  );
  if (keys !== 'all') {
    const known = new Set(review.items.map((i) => i.key));
    const unknown = keys.filter((k) => !known.has(k));
    if (unknown.length)
      throw new UserError('要替换的条目已不存在（内容已修改），请重新查看年份核对清单');
  }
  // Group by field: several mentions in one text are replaced together, right to left.
  const byField = new Map<string, ReviewItem[]>();
  for (const item of wanted) {
    const k = item.key.slice(0, item.key.lastIndexOf(':'));
    byField.set(k, [...(byField.get(k) ?? []), item]);
  }
  let replaced = 0;
  doc.batch(`将 ${sourceYear} 年改为 ${data.year} 年`, () => {
    for (const [fieldKey, group] of byField) {
      const [entity, field] = fieldKey.split(':') as [string, string];
      const text = group[0]!.text;
      const starts = new Set(group.map((g) => Number(g.key.slice(g.key.lastIndexOf(':') + 1))));
      let next = text;
      for (const m of yearMentions(text).reverse()) {
        if (!starts.has(m.start)) continue;
        next =
          next.slice(0, m.start) +
          next.slice(m.start, m.end).replaceAll(String(sourceYear), String(data.year)) +
          next.slice(m.end);
        replaced++;
      }
      const id = Number(entity.slice(1));
      if (entity.startsWith('p')) {
        doc.updateProject(id, { [field]: next });
      } else if (entity.startsWith('i')) {
        const indicator = data.units
          .flatMap((u) => u.projects)
          .flatMap((p) => p.indicators)
          .find((i) => i.id === id)!;
        // One text standing for both values (they were equal): both move on together.
        const both =
          field === 'cycleValue' &&
          !indicator.annualFollowsCycle &&
          sameValue(indicator.cycleValue, indicator.annualValue);
        doc.updateIndicator(id, { [field]: next, ...(both ? { annualValue: next } : {}) });
      } else {
        doc.renameUnit(id, next);
      }
    }
  });
  return { replaced, skipped: wanted.length - replaced };
}
