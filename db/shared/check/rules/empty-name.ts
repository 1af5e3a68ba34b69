import { defineRule } from '../finding.ts';
import { isBlank } from '../text.ts';
import { atField, visitIndicators, visitProjects, visitUnits } from '../walk.ts';

/**
 * Names are how the table, the reviewer and the budget system refer to a line: a row without
 * one cannot be filed, hence an 错误. None on the real tables.
 */
export const emptyName = defineRule({
  id: 'empty-name',
  title: '名称为空',
  severity: 'error',
  check(doc, report) {
    for (const { unit, unitIndex, place } of visitUnits(doc)) {
      if (isBlank(unit.name)) {
        report(
          atField(place, 'name'),
          `第 ${unitIndex + 1} 个资金使用单位的名称为空。请填写资金使用单位名称。`,
        );
      }
    }
    for (const { project, projectIndex, place } of visitProjects(doc)) {
      if (isBlank(project.name)) {
        report(
          atField(place, 'name'),
          `本单位第 ${projectIndex + 1} 个项目的项目名称为空。请填写项目名称。`,
        );
      }
    }
    for (const { indicator, place } of visitIndicators(doc)) {
      if (isBlank(indicator.name)) {
        report(
          atField(place, 'name'),
          '三级指标名称为空。请用简短的词语写明衡量什么（如“培训人次”）。',
        );
      }
    }
  },
});
