import { formatAmountGrouped } from '../../money.ts';
import { defineRule } from '../finding.ts';
import { atField, visitProjects } from '../walk.ts';
import { awaitsAmounts } from './zero-total.ts';

/**
 * After 由上年文件新建 every project starts without this year's money: a reminder, not an alarm,
 * so only a 提示 (zero-total warns about a zero total in any other project). It says what last
 * year's was, which is what the clerk starts from.
 */
export const amountNotEntered = defineRule({
  id: 'amount-not-entered',
  title: '尚未填写本年金额',
  severity: 'hint',
  check(doc, report) {
    for (const { project, place } of visitProjects(doc)) {
      if (!awaitsAmounts(doc, project)) continue;
      const last = project.previous!.total;
      const before =
        last > 0 ? `（上年 ${formatAmountGrouped(last, doc.money)} ${doc.money.unit}）` : '';
      report(
        atField(place, 'fiscal'),
        `尚未填写本年金额${before}。请填写财政拨款、财政专户拨款或其他资金；本年度不再安排资金的项目请从表中删除。`,
      );
    }
  },
});
