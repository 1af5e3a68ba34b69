import { formatAmount } from '../../money.ts';
import type { Amounts } from '../../types.ts';
import { defineRule } from '../finding.ts';
import { atField, visitProjects } from '../walk.ts';

const SOURCES: readonly { field: keyof Amounts; label: string }[] = [
  { field: 'fiscal', label: '财政拨款' },
  { field: 'specialAccount', label: '财政专户拨款' },
  { field: 'other', label: '其他资金' },
];

/** An 错误: a budget cannot be negative, and the national system refuses it. */
export const negativeAmount = defineRule({
  id: 'negative-amount',
  title: '金额为负数',
  severity: 'error',
  check(doc, report) {
    for (const { project, place } of visitProjects(doc)) {
      for (const { field, label } of SOURCES) {
        const amount = project.totals[field];
        if (amount >= 0) continue;
        report(
          atField(place, field),
          `${label}为负数（${formatAmount(amount, doc.money)} ${doc.money.unit}）。预算金额不能为负，请核对后改正。`,
        );
      }
    }
  },
});
