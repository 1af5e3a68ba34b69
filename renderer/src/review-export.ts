import { exportDocument } from './actions.tsx';

/**
 * 导出审核清单: the findings as a list for the reviewer or the unit head, made by the host like
 * the table's own exports (the same call, its own formats).
 */
export const REVIEW_EXPORTS = [
  { format: 'review-pdf', label: 'PDF（供审阅、签字）' },
  { format: 'review-xlsx', label: 'Excel（可筛选、批注）' },
] as const;

export type ReviewExportFormat = (typeof REVIEW_EXPORTS)[number]['format'];

export function exportReviewList(format: string): Promise<void> {
  const known = REVIEW_EXPORTS.find((x) => x.format === format);
  if (!known) return Promise.resolve();
  return exportDocument(known.format);
}
