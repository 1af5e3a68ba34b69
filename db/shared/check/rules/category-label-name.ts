import { defineRule } from '../finding.ts';
import { compact, isBlank, quote } from '../text.ts';
import { atField, visitIndicators } from '../walk.ts';

/**
 * Category names of the indicator trees in use (the built-in ones, and the 政治效益 or 项目质量
 * other regions' trees and the fixture's 上级提前下达 projects use), without the closing 指标,
 * which a name may have or not. The document's own tree is added when checking.
 */
const LABELS: readonly string[] = [
  '产出',
  '数量',
  '质量',
  '时效',
  '成本',
  '效益',
  '经济效益',
  '社会效益',
  '生态效益',
  '政治效益',
  '可持续影响',
  '经济成本',
  '社会成本',
  '生态环境成本',
  '项目产出',
  '项目数量',
  '项目质量',
  '项目时效',
  '项目成本',
  '项目效益',
];

/** The name as a label compares: no spaces, closing punctuation, or 指标 at the end. */
function asLabel(name: string): string {
  return compact(name)
    .replace(/[。．.；;，,]+$/u, '')
    .replace(/指标$/u, '');
}

/**
 * A 三级指标名称 that is only a category (项目质量, 社会效益, 可持续影响, 政治效益: 27 on the
 * published 2024 fixture, all in the 上级提前下达 projects) says nothing about what is measured;
 * the category is already in the table's two first columns. A reviewer returns such a line
 * (“三级指标未细化”), hence a 警告. Satisfaction labels (满意度, 服务对象满意度) are not
 * reported: there the rate is the thing measured, and reviewers accept the name.
 */
export const categoryLabelName = defineRule({
  id: 'category-label-name',
  title: '三级指标名称只是指标类别',
  severity: 'warning',
  check(doc, report) {
    const labels = new Set(LABELS);
    for (const l1 of doc.tree.level1) {
      if (l1.role === 'satisfaction') continue;
      labels.add(asLabel(l1.name));
      for (const l2 of l1.level2) labels.add(asLabel(l2.name));
    }
    for (const { indicator, place } of visitIndicators(doc)) {
      if (isBlank(indicator.name) || !labels.has(asLabel(indicator.name))) continue;
      report(
        atField(place, 'name'),
        `三级指标名称${quote(indicator.name)}只是指标类别，没有说明衡量什么。` +
          '请写明具体衡量的内容（如“村党组织书记培训覆盖率”“党群服务中心开放天数”）。',
      );
    }
  },
});
