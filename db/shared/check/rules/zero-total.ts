import type { DocumentData, ProjectData } from '../../types.ts';
import { defineRule } from '../finding.ts';
import { atField, visitProjects } from '../walk.ts';

/**
 * A project of a table made by 由上年文件新建 whose amounts are still blank: the clerk left them
 * to fill in, on purpose (the new year's money is not known when the table is started). Such a
 * project is amount-not-entered's, not this rule's.
 */
export function awaitsAmounts(doc: DocumentData, project: ProjectData): boolean {
  return doc.previousYear !== null && project.previous !== null && project.totals.total === 0;
}

/**
 * A project without money is usually one whose amounts were never typed in, or one that gets
 * no money this year and should not be in the table: a reviewer returns it. A 警告, not an 错误:
 * a project funded elsewhere may be listed for its goals. Money in any source counts (party
 * dues are 其他资金). Projects carried over from last year and not yet given this year's money
 * are left to amount-not-entered (a 提示): after 由上年文件新建, 51 warnings for amounts left
 * blank on purpose would bury the real findings.
 */
export const zeroTotal = defineRule({
  id: 'zero-total',
  title: '项目总计为零',
  severity: 'warning',
  check(doc, report) {
    for (const { project, place } of visitProjects(doc)) {
      if (project.totals.total !== 0 || awaitsAmounts(doc, project)) continue;
      report(
        atField(place, 'fiscal'),
        '项目总计为零。请填写财政拨款、财政专户拨款或其他资金；本年度不安排资金的项目应从表中删除。',
      );
    }
  },
});
