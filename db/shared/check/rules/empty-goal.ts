import { defineRule } from '../finding.ts';
import { isBlank } from '../text.ts';
import { atField, visitProjects } from '../walk.ts';

/** A warning, not an error: the indicators still say what the money buys. */
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
