import { missingRoleRule } from '../missing-role.ts';

export const missingOutput = missingRoleRule({
  id: 'missing-output',
  title: '缺少产出指标',
  severity: 'error',
  role: 'output',
  advice: '，写明项目要完成的数量、质量和时间。',
});
