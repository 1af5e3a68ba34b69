import { formatAmountGrouped } from '../../money.ts';
import { defineRule } from '../finding.ts';
import { atField, visitProjects } from '../walk.ts';

/**
 * 项目资金总额 is the money of the whole implementation period, of which this year's 总计 is a
 * part, so it cannot be smaller. An 错误: the national system refuses a year's budget above the
 * project's total. Not given (null) is not checked: most regions do not ask for it.
 */
export const totalBudgetBelowAnnual = defineRule({
  id: 'total-budget-below-annual',
  title: '项目资金总额小于本年度资金',
  severity: 'error',
  check(doc, report) {
    for (const { project, place } of visitProjects(doc)) {
      const whole = project.totalBudget;
      const year = project.totals.total;
      if (whole === null || whole >= year) continue;
      report(
        atField(place, 'totalBudget'),
        `项目资金总额（${formatAmountGrouped(whole, doc.money)} ${doc.money.unit}）小于本年度资金总计` +
          `（${formatAmountGrouped(year, doc.money)} ${doc.money.unit}）。项目资金总额是整个实施期的资金，` +
          '包含本年度的资金，不能少于它；请核对项目资金总额或本年度各项金额。',
      );
    }
  },
});
