import { defineRule } from '../finding.ts';
import { atField, visitIndicators } from '../walk.ts';

/**
 * The imported table printed a category that contradicts its own tree: the 2024 fixture's
 * 群众满意度 is printed `2-效益指标；31-服务对象满意度`, though 31 belongs to 3-满意度指标. The
 * importer files it by its 二级指标 and keeps what was printed (printedCategory) until the
 * clerk confirms it, by choosing the category (which clears the note) or marking the finding
 * 已核对. A 警告: the printed table was ambiguous, and a reviewer reading it would have asked
 * which was meant; the refiling may be right, but it is the program's guess, not the clerk's.
 */
export const categoryContradictsPrint = defineRule({
  id: 'category-contradicts-print',
  title: '指标类别与原表不符',
  severity: 'warning',
  check(doc, report) {
    for (const { indicator, place } of visitIndicators(doc)) {
      const printed = indicator.printedCategory;
      if (printed === null) continue;
      const { level1, level2 } = indicator;
      report(
        atField(place, 'category'),
        `原表中这条指标的类别印为“${printed}”，与指标体系不符（${level2.code}-${level2.name} ` +
          `属于 ${level1.code}-${level1.name}），已按二级指标归入“${level1.name}-${level2.name}”。` +
          '请核对：归类无误请标记“已核对”，否则请改选类别。',
      );
    }
  },
});
