import type { CategoryRole } from '../tree.ts';
import type { ProjectData } from '../types.ts';
import { defineRule, type Rule, type Severity } from './finding.ts';
import { categoriesWithRole, visitProjects } from './walk.ts';

/**
 * A project needs indicators of each kind reviewers require. The kind is a role, not a code:
 * under the mof-2021 tree the same rule holds though the codes and names differ.
 */
export function missingRoleRule(def: {
  id: string;
  title: string;
  severity: Severity;
  role: CategoryRole;
  /** Why it matters or when it may be left out; ends the message. */
  advice: string;
  /** Projects the clerk has said need no such indicator (e.g. 确无服务对象). */
  exempt?: (project: ProjectData) => boolean;
}): Rule {
  return defineRule({
    id: def.id,
    title: def.title,
    severity: def.severity,
    check(doc, report) {
      const categories = categoriesWithRole(doc, def.role);
      // A tree without such a category cannot be asked for one.
      if (categories.length === 0) return;
      const names = categories.map((c) => c.name).join('或');
      const examples = categories.flatMap((c) => c.level2.map((l2) => l2.name)).join('、');
      for (const { project, place } of visitProjects(doc)) {
        if (project.indicators.some((i) => i.level1.role === def.role)) continue;
        if (def.exempt?.(project)) continue;
        report(
          place,
          `缺少${names}。请在“${names}”下添加至少一条三级指标（${examples}）${def.advice}`,
        );
      }
    },
  });
}
