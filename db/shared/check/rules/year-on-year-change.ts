import { formatAmountGrouped } from '../../money.ts';
import { defineRule } from '../finding.ts';
import { atField, visitProjects } from '../walk.ts';

/** A change of this share of last year's 总计 or more is one reviewers ask to have explained. */
export const CHANGE_THRESHOLD_PERCENT = 30;

/**
 * 比上年增减: a table made from last year's keeps each project's 上年金额. A large change in money
 * with goals and indicators copied unchanged is what reviewers question first. Only a 提示:
 * the change may well be explained elsewhere (a new task, a one-off purchase), and the rule
 * cannot tell; it makes the clerk look before the reviewer does.
 */
export const yearOnYearChange = defineRule({
  id: 'year-on-year-change',
  title: '金额比上年增减较大',
  severity: 'hint',
  check(doc, report) {
    for (const { project, place } of visitProjects(doc)) {
      const previous = project.previous?.total;
      const now = project.totals.total;
      if (previous === undefined || previous <= 0 || now === 0) continue;
      // Compared in integers: |now - previous| / previous ≥ threshold.
      if (Math.abs(now - previous) * 100 < CHANGE_THRESHOLD_PERCENT * previous) continue;
      const percent = Math.round(((now - previous) * 100) / previous);
      report(
        atField(place, 'fiscal'),
        `总计比上年${percent > 0 ? '增加' : '减少'} ${Math.abs(percent)}%（上年 ${formatAmountGrouped(previous, doc.money)} ${doc.money.unit}，本年 ${formatAmountGrouped(now, doc.money)} ${doc.money.unit}）：增减较大，请在绩效目标中说明原因，并相应调整产出、效益指标。`,
      );
    }
  },
});
