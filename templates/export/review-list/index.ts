/** 导出审核清单: the checks' findings as a list, PDF or Excel (see list.ts). */
export {
  buildReviewList,
  REVIEW_COLUMNS,
  type ReviewList,
  type ReviewListOptions,
  type ReviewRow,
} from './list.ts';
export { renderReviewPdf, type ReviewPdfOptions } from './pdf.ts';
export { renderReviewXlsx, REVIEW_SHEET } from './xlsx.ts';
