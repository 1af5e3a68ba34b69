import type { TargetDocument } from '../document.ts';
import { sameValue } from '../shared/check/text.ts';
import { UserError } from '../shared/errors.ts';
import { reviewNextYear, type ReviewItem } from '../shared/year-review.ts';
import { yearMentions } from '../shared/years.ts';

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
