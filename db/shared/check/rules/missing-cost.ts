import type { CategoryTree } from '../../tree.ts';
import type { IndicatorData } from '../../types.ts';
import { defineRule } from '../finding.ts';
import { visitProjects } from '../walk.ts';

/** True for a category that holds cost: the 成本指标 first level, or a 成本 second level. */
function isCost(level1: { role: string }, level2: { name: string }): boolean {
  return level1.role === 'cost' || level2.name.includes('成本');
}

/** Where the tree files cost, as a message names it: `产出指标-成本指标` or `成本指标`. */
function costPlace(tree: CategoryTree): string | undefined {
  for (const l1 of tree.level1) {
    if (l1.role === 'cost') return l1.name;
    const l2 = l1.level2.find((c) => isCost(l1, c));
    if (l2) return `${l1.name}-${l2.name}`;
  }
  return undefined;
}

const hasCost = (i: IndicatorData) => isCost(i.level1, i.level2);

/**
 * 财预〔2021〕101号 made 成本指标 one of the indicator kinds every project states (the cost the
 * unit commits to keep within), and trees that follow it have it as a first level (mof-2021);
 * older trees file it under 产出指标 (default: 14-成本指标). 48 of the 51 projects of the
 * published 2024 fixture have none, and the table was published: Guangzhou did not yet return
 * tables for it. So a 提示, citing the document, for a unit preparing for reviewers who ask.
 * A tree with no cost category at all is not asked for one.
 */
export const missingCost = defineRule({
  id: 'missing-cost',
  title: '缺少成本指标',
  severity: 'hint',
  check(doc, report) {
    const where = costPlace(doc.tree);
    if (where === undefined) return;
    for (const { project, place } of visitProjects(doc)) {
      if (project.indicators.some(hasCost)) continue;
      report(
        place,
        `缺少成本指标。《财政部关于印发〈中央部门项目支出核心绩效目标和指标设置及取值指引（试行）〉的通知》` +
          `（财预〔2021〕101号）要求设置成本指标，反映项目的成本控制要求；` +
          `请在“${where}”下添加（如“项目总成本≤预算金额”“人均培训成本”）。`,
      );
    }
  },
});
