import type { TargetDocument } from '../document.ts';
import { visitTexts } from '../shared/check/walk.ts';
import { sameValue } from '../shared/check/text.ts';
import { UserError } from '../shared/errors.ts';
import type { DocumentData } from '../shared/types.ts';
import {
  parseReviewKey,
  reviewNextYear,
  shiftedSentence,
  type ReviewItem,
} from '../shared/year-review.ts';
import { movesOnShift, shiftYears, yearMentions } from '../shared/years.ts';

/**
 * Replaces last year by the new year in the entries given (all source-year entries when `keys`
 * is 'all'), as one edit the clerk can undo. An entry whose text has changed since the review
 * was made is skipped and reported, never guessed at. Only `source-year` entries: a settlement
 * of the year before (完成2023年考核) or a fund's name is not made this year's (see year-review.ts).
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
    if (unknown.length) throw gone();
  }
  // Group by field: several mentions in one text are replaced together, right to left.
  const byField = new Map<string, ReviewItem[]>();
  for (const item of wanted) {
    const k = item.key.slice(0, item.key.lastIndexOf(':'));
    byField.set(k, [...(byField.get(k) ?? []), item]);
  }
  let replaced = 0;
  const changes: TextChange[] = [];
  for (const [fieldKey, group] of byField) {
    const text = group[0]!.text;
    const starts = new Set(group.map((g) => parseReviewKey(g.key).start));
    let next = text;
    for (const m of yearMentions(text).reverse()) {
      if (!starts.has(m.start)) continue;
      next =
        next.slice(0, m.start) +
        next.slice(m.start, m.end).replaceAll(String(sourceYear), String(data.year)) +
        next.slice(m.end);
      replaced++;
    }
    changes.push({ fieldKey, next });
  }
  doc.batch(`将 ${sourceYear} 年改为 ${data.year} 年`, () => applyTexts(doc, data, changes));
  return { replaced, skipped: wanted.length - replaced };
}

/** What 顺延一年 applies to: one entry's sentence, one project, or the whole document. */
export type ShiftScope =
  | { readonly kind: 'item'; readonly key: string }
  | { readonly kind: 'project'; readonly projectId: number }
  | { readonly kind: 'document' };

const SHIFT_LABEL: Record<ShiftScope['kind'], string> = {
  item: '顺延一年',
  project: '本项目所有年份顺延一年',
  document: '全部年份顺延一年',
};

/**
 * 所有年份顺延一年: every year the texts give as a date of the work or look back on moves one
 * year on at once (2023→2024 and 2024→2025, ranges too), so 完成2023年考核，开展2024年考核 becomes
 * 完成2024年考核，开展2025年考核 — what 改为本年度 cannot do. Names of funds and documents, starting
 * years, document numbers and what already reaches the new year stay (years.ts movesOnShift);
 * an entry's own year moves even if it is a name: the clerk chose it. One undo step. `moved`
 * counts the year mentions changed (0: nothing to move, and no edit made).
 */
export function shiftYearsForward(
  doc: TargetDocument,
  scope: ShiftScope,
): { moved: number; texts: number } {
  const data = doc.snapshot();
  const changes: TextChange[] = [];
  let moved = 0;
  if (scope.kind === 'item') {
    const { entity, field, start } = parseReviewKey(scope.key);
    const t = visitTexts(data).find(
      (v) => entityOf(v.place.location) === entity && (v.place.location.field ?? 'name') === field,
    );
    const mention = t && yearMentions(t.text).find((m) => m.start === start);
    if (!t || !mention) throw gone();
    const next = shiftedSentence(t.text, start, data.year);
    moved = shiftYears(t.text, (m) => m.start === start || movesOnShift(m, data.year)).moved;
    changes.push({ fieldKey: `${entity}:${field}`, next });
  } else {
    if (
      scope.kind === 'project' &&
      !data.units.some((u) => u.projects.some((p) => p.id === scope.projectId))
    )
      throw new UserError('要顺延年份的项目已不存在，请重新查看年份核对清单');
    for (const t of visitTexts(data)) {
      if (scope.kind === 'project' && t.place.location.projectId !== scope.projectId) continue;
      const r = shiftYears(t.text, (m) => movesOnShift(m, data.year));
      if (r.moved === 0) continue;
      moved += r.moved;
      const field = t.place.location.field ?? 'name';
      changes.push({ fieldKey: `${entityOf(t.place.location)}:${field}`, next: r.text });
    }
  }
  if (moved > 0) doc.batch(SHIFT_LABEL[scope.kind], () => applyTexts(doc, data, changes));
  return { moved, texts: moved > 0 ? changes.length : 0 };
}

interface TextChange {
  /** `p12:goal`, `i40:cycleValue`, `u3:name`: as in a review key, without the position. */
  readonly fieldKey: string;
  readonly next: string;
}

function entityOf(l: { unitId?: number; projectId?: number; indicatorId?: number }): string {
  return l.indicatorId !== undefined
    ? `i${l.indicatorId}`
    : l.projectId !== undefined
      ? `p${l.projectId}`
      : `u${l.unitId}`;
}

const gone = () => new UserError('要替换的条目已不存在（内容已修改），请重新查看年份核对清单');

/** Writes new texts into their fields; `data` is the document as the texts were read from it. */
function applyTexts(doc: TargetDocument, data: DocumentData, changes: readonly TextChange[]) {
  for (const { fieldKey, next } of changes) {
    const [entity, field] = fieldKey.split(':') as [string, string];
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
}
