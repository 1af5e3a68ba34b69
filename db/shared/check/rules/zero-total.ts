import { defineRule } from '../finding.ts';
import { atField, visitProjects } from '../walk.ts';

/** A project without money is usually one whose amounts were never typed in. */
export const zeroTotal = defineRule({
  id: 'zero-total',
  title: '项目总计为零',
  severity: 'warning',
  check(doc, report) {
    for (const { project, place } of visitProjects(doc)) {
      if (project.totals.total !== 0) continue;
      report(
        atField(place, 'fiscal'),
        '项目总计为零。请填写财政拨款、财政专户拨款或其他资金；本年度不安排资金的项目应从表中删除。',
      );
    }
  },
});
