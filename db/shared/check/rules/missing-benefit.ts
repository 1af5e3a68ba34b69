import { missingRoleRule } from '../missing-role.ts';

/**
 * An 错误: every project states its effects (效益指标) in all regions' forms, and a table
 * without them is returned for certain. On the real tables only where the table was cut off
 * (Ezhou, Fengjie).
 */
export const missingBenefit = missingRoleRule({
  id: 'missing-benefit',
  title: '缺少效益指标',
  severity: 'error',
  role: 'benefit',
  advice: '，写明项目实施后产生的效果。',
});
