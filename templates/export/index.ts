import path from 'node:path';
import { UserError } from '../../db/shared/errors.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import type { Layout } from '../layout/types.ts';
import { buildPrintModel } from './build.ts';
import { renderDocx } from './docx.ts';
import type { FontSearch } from './fonts.ts';
import { renderPdf } from './pdf.ts';
import { checkOutputPath, writeFileAtomic } from './write-file.ts';

export { buildPrintModel } from './build.ts';
export { renderDocx } from './docx.ts';
export { renderPdf, type PdfResult } from './pdf.ts';

export interface ExportRequest {
  readonly layout: Layout;
  readonly pdf?: string;
  readonly docx?: string;
  /** Replace existing files. */
  readonly force?: boolean;
  readonly fonts?: FontSearch;
}

export interface ExportReport {
  readonly pdf?: {
    readonly path: string;
    readonly pages: number;
    readonly font: string;
    readonly missingGlyphs: readonly string[];
  };
  readonly docx?: { readonly path: string };
}

/**
 * Prints a document to PDF and/or DOCX files. Both are made from one PrintModel, in memory,
 * before anything is written; each file is then written whole or not at all.
 */
export async function exportDocument(
  doc: DocumentData,
  request: ExportRequest,
): Promise<ExportReport> {
  const { pdf, docx } = request;
  if (!pdf && !docx)
    throw new UserError('请指定输出文件：--pdf <文件.pdf> 和/或 --docx <文件.docx>');
  if (pdf && docx && path.resolve(pdf) === path.resolve(docx)) {
    throw new UserError('PDF 和 Word 不能写入同一个文件');
  }
  for (const file of [pdf, docx]) if (file) checkOutputPath(file, request.force === true);

  const model = buildPrintModel(doc, request.layout);
  const pdfResult = pdf ? await renderPdf(model, { fonts: request.fonts }) : undefined;
  const docxBytes = docx ? await renderDocx(model) : undefined;

  const report: { pdf?: ExportReport['pdf']; docx?: ExportReport['docx'] } = {};
  if (pdf && pdfResult) {
    writeFileAtomic(pdf, pdfResult.bytes);
    report.pdf = {
      path: pdf,
      pages: pdfResult.pages,
      font: pdfResult.font,
      missingGlyphs: pdfResult.missingGlyphs,
    };
  }
  if (docx && docxBytes) {
    writeFileAtomic(docx, docxBytes);
    report.docx = { path: docx };
  }
  return report;
}
