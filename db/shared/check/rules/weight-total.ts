import {
  addDecimals,
  compareDecimals,
  distanceDecimals,
  formatDecimal,
  parseDecimal,
  type Decimal,
} from '../decimal.ts';
import { defineRule } from '../finding.ts';
import { atField, visitIndicators, type IndicatorVisit } from '../walk.ts';

const FULL: Decimal = { units: 100n, scale: 0 };
/** How many indicator numbers a message lists before saying how many more. */
const LISTED = 8;

function numbers(visits: readonly IndicatorVisit[]): string {
  const shown = visits.slice(0, LISTED).map((v) => v.index);
  const more = visits.length > LISTED ? ` 等 ${visits.length} 条` : '';
  return `第 ${shown.join('、')} 条${more}`;
}

/**
 * 权重 is optional, but where a project uses weights, its indicators share 100 between them:
 * a weight missing on some indicators, or weights that add up to more or less than 100, is
 * returned by reviewers. A 警告, not an 错误: the weights are the region's practice, not a field
 * the national system requires. Weights are decimals as typed (`12.5`) and are added exactly, so
 * 33.3 + 33.3 + 33.4 is 100.
 */
export const weightTotal = defineRule({
  id: 'weight-total',
  title: '权重不全或合计不为 100',
  severity: 'warning',
  check(doc, report) {
    const byProject = new Map<number, IndicatorVisit[]>();
    for (const visit of visitIndicators(doc)) {
      const list = byProject.get(visit.project.id) ?? [];
      if (list.length === 0) byProject.set(visit.project.id, list);
      list.push(visit);
    }
    for (const visits of byProject.values()) {
      const missing = visits.filter((v) => v.indicator.weight === null);
      if (missing.length === visits.length) continue; // the project uses no weights
      if (missing.length > 0) {
        report(
          atField(missing[0]!.place, 'weight'),
          `本项目 ${visits.length} 条指标中，${numbers(missing)}未填权重，其余已填。` +
            '使用权重时每条指标都应填写，合计为 100；请补填。',
        );
        continue;
      }
      const weights = visits.map((v) => parseDecimal(v.indicator.weight!));
      // A weight that is not a number is a stored defect: invalid-stored-value reports it.
      if (weights.some((w) => w === undefined)) continue;
      const total = addDecimals(weights as Decimal[]);
      const order = compareDecimals(total, FULL);
      if (order === 0) continue;
      report(
        atField(visits[0]!.place, 'weight'),
        `本项目 ${visits.length} 条指标的权重合计为 ${formatDecimal(total)}，比 100 ` +
          `${order > 0 ? '多' : '少'} ${formatDecimal(distanceDecimals(total, FULL))}。` +
          '请调整各条指标的权重，使合计为 100。',
      );
    }
  },
});
