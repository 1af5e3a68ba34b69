import { missingRoleRule } from '../missing-role.ts';

/**
 * A 提示, not a 警告: a 满意度 indicator is asked for where the project serves someone, and many
 * projects serve no one a survey could ask (party dues passed on, 租赁岗位合同工 wages, internal
 * running costs). The published 2024 fixture passed review with 25 of its 51 projects without
 * one, about a fifth of them projects with no one to serve; a warning there is a false alarm a
 * reviewer would not write. A project the clerk has marked 确无服务对象 is not reported at all.
 */
export const missingSatisfaction = missingRoleRule({
  id: 'missing-satisfaction',
  title: '缺少满意度指标',
  severity: 'hint',
  role: 'satisfaction',
  advice:
    '。项目有服务对象（群众、党员、参训人员、补贴对象等）时应设置；' +
    '确无服务对象的项目（如党费转拨、内部运转经费）请在项目上标记“确无服务对象”。',
  exempt: (project) => project.noServiceRecipients,
});
