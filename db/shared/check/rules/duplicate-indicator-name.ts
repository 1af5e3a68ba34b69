import { defineRule } from '../finding.ts';
import { compact, isBlank, quote } from '../text.ts';
import { atField, visitIndicators } from '../walk.ts';

/**
 * Two lines with one name are usually a copy that was never edited, or one goal split in two.
 * A 警告: a reviewer returns it (the two lines cannot be told apart in the 自评 either), but a
 * deliberate pair (two values of one measure) can be kept. Only within a project: the same
 * indicator in two projects is the usual, accepted practice. None on the 2024 fixture.
 */
export const duplicateIndicatorName = defineRule({
  id: 'duplicate-indicator-name',
  title: '三级指标名称重复',
  severity: 'warning',
  check(doc, report) {
    // Keyed by project, then by the name as a reader sees it (spacing and a final 。 ignored).
    const first = new Map<number, Map<string, number>>();
    for (const { project, indicator, index, place } of visitIndicators(doc)) {
      if (isBlank(indicator.name)) continue; // empty-name reports these
      const key = compact(indicator.name).replace(/[。．.；;，,]+$/u, '');
      const names = first.get(project.id) ?? new Map<string, number>();
      first.set(project.id, names);
      const earlier = names.get(key);
      if (earlier === undefined) {
        names.set(key, index);
        continue;
      }
      report(
        atField(place, 'name'),
        `三级指标名称${quote(indicator.name)}与本项目第 ${earlier} 条指标相同。` +
          '同一项目内的三级指标应各有所指，请改用能区分的名称，或合并为一条。',
      );
    }
  },
});
