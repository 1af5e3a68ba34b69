import type { TargetDocument } from '../document.ts';
import { sameValue } from '../shared/check/text.ts';
import { UserError } from '../shared/errors.ts';
import type { DocumentData } from '../shared/types.ts';
import {
  parseReviewKey,
  planShift,
  reviewNextYear,
  type ReviewItem,
  type ShiftScope,
} from '../shared/year-review.ts';
import { yearMentions } from '../shared/years.ts';

export type { ShiftScope } from '../shared/year-review.ts';

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

const SHIFT_LABEL: Record<ShiftScope['kind'], string> = {
  item: '顺延一年',
  project: '本项目所有年份顺延一年',
  document: '全部年份顺延一年',
};

/**
 * 顺延一年 (see planShift in year-review.ts for what moves), as one edit the clerk can undo.
 * `moved` counts the year mentions changed (0: nothing to move, and no edit made).
 */
export function shiftYearsForward(
  doc: TargetDocument,
  scope: ShiftScope,
): { moved: number; texts: number } {
  const data = doc.snapshot();
  const plan = planShift(data, scope);
  if (plan === null)
    throw scope.kind === 'project'
      ? new UserError('要顺延年份的项目已不存在，请重新查看年份核对清单')
      : gone();
  if (plan.moved > 0) doc.batch(SHIFT_LABEL[scope.kind], () => applyTexts(doc, data, plan.changes));
  return { moved: plan.moved, texts: plan.changes.length };
}

interface TextChange {
  /** `p12:goal`, `i40:cycleValue`, `u3:name`: as in a review key, without the position. */
  readonly fieldKey: string;
  readonly next: string;
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
