import { missingRoleRule } from '../missing-role.ts';

export const missingSatisfaction = missingRoleRule({
  id: 'missing-satisfaction',
  title: '缺少满意度指标',
  severity: 'warning',
  role: 'satisfaction',
  advice: '。项目有服务对象时应设置；确无服务对象的项目可不设。',
});
