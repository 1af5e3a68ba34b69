import type { DocumentData } from '../../../db/shared/types.ts';
import type { FontSearch } from '../fonts.ts';
import { renderPdf, type PdfResult } from '../pdf.ts';
import { buildReviewList, type ReviewListOptions } from './list.ts';
import { reviewPrintModel } from './print-model.ts';

export interface ReviewPdfOptions extends ReviewListOptions {
  readonly fonts?: FontSearch;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The 审核清单 as a PDF, drawn by the printed table's own PDF writer: the fonts it finds or
 * brings, rows split over pages with the header repeated, page numbers.
 */
export function renderReviewPdf(
  doc: DocumentData,
  options: ReviewPdfOptions = {},
): Promise<PdfResult> {
  const model = reviewPrintModel(buildReviewList(doc, options), doc.department);
  return renderPdf(model, { fonts: options.fonts, onProgress: options.onProgress });
}
