import { defineRule } from '../finding.ts';
import { isBlank } from '../text.ts';
import { atField, visitProjects } from '../walk.ts';

/**
 * A 警告, not an 错误: a reviewer returns a project without 绩效目标, but the indicators still
 * say what the money buys and the national system takes the row. None on the real tables.
 */
export const emptyGoal = defineRule({
  id: 'empty-goal',
  title: '绩效目标为空',
  severity: 'warning',
  check(doc, report) {
    for (const { project, place } of visitProjects(doc)) {
      if (isBlank(project.goal)) {
        report(atField(place, 'goal'), '绩效目标为空。请概括项目在预算年度内要达到的产出和效果。');
      }
    }
  },
});
