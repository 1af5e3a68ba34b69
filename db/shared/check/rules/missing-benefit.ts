import { missingRoleRule } from '../missing-role.ts';

export const missingBenefit = missingRoleRule({
  id: 'missing-benefit',
  title: '缺少效益指标',
  severity: 'error',
  role: 'benefit',
  advice: '，写明项目实施后产生的效果。',
});
