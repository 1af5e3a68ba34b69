import { missingRoleRule } from '../missing-role.ts';

/**
 * An 错误: 产出指标 are what the money buys, required of every project in all regions' forms;
 * a reviewer returns a table without them for certain. On the real tables only where the table
 * was cut off (Fengjie).
 */
export const missingOutput = missingRoleRule({
  id: 'missing-output',
  title: '缺少产出指标',
  severity: 'error',
  role: 'output',
  advice: '，写明项目要完成的数量、质量和时间。',
});
