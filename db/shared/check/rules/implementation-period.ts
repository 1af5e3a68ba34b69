import { formatYearMonth, periodSpan } from '../../project-fields.ts';
import type { YearMonth } from '../../types.ts';
import { defineRule } from '../finding.ts';
import { isBlank, sameValue } from '../text.ts';
import { atField, visitProjects } from '../walk.ts';

function yearOf(month: YearMonth | null): number | undefined {
  return month === null ? undefined : Number(month.slice(0, 4));
}

/** The period as a message states it: `2023年7月至2024年1月`, `自2023年1月起`, `至2025年12月`. */
function periodText(start: YearMonth | null, end: YearMonth | null): string {
  if (start !== null && end !== null) return `${formatYearMonth(start)}至${formatYearMonth(end)}`;
  if (start !== null) return `自${formatYearMonth(start)}起`;
  return end === null ? '' : `至${formatYearMonth(end)}`;
}

/**
 * 实施期 against the budget year and the two goals:
 * - a period that ends before the budget year: the project is over, yet asks for this year's
 *   money (usually a period copied from last year's table);
 * - a one-year project (start and end in one year): 总体目标 and 年度目标 are one goal and
 *   should say the same;
 * - a project over more than one year: 年度目标 is this year's share of 总体目标; the same text
 *   in both is a copy (how many years 实施期 covers: periodSpan in project-fields.ts).
 * The goals are compared only when both are written: an empty one is another finding. A 警告:
 * reviewers return such a form, but the table can still be filed.
 */
export const implementationPeriod = defineRule({
  id: 'implementation-period',
  title: '实施期与预算年度或目标不符',
  severity: 'warning',
  check(doc, report) {
    for (const { project, place } of visitProjects(doc)) {
      const { start, end } = project.period;
      if (end !== null && yearOf(end)! < doc.year) {
        report(
          atField(place, 'periodEnd'),
          `实施期结束于 ${formatYearMonth(end)}，早于本表的预算年度 ${doc.year} 年：已结束的项目不应再安排本年度资金。` +
            '请核对实施期（常见于沿用上年表格未改），或将项目从表中删除。',
        );
        continue;
      }
      if (isBlank(project.goal) || isBlank(project.overallGoal)) continue;
      const same = sameValue(project.goal, project.overallGoal);
      const span = periodSpan(project.period, doc.year);
      const oneYear = span === 'one';
      const severalYears = span === 'several';
      if (oneYear && !same) {
        report(
          atField(place, 'goal'),
          `实施期在 ${yearOf(start ?? end)} 年内（一年期项目），年度目标与总体目标却不同。` +
            '一年期项目的年度目标即总体目标，请使两者一致。',
        );
      } else if (severalYears && same) {
        report(
          atField(place, 'goal'),
          `实施期跨年度（${periodText(start, end)}），` +
            '年度目标与总体目标却完全相同。年度目标应是预算年度内要完成的部分，请从总体目标中分解本年度的目标。',
        );
      }
    }
  },
});
