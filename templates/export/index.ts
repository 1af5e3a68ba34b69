import path from 'node:path';
import { UserError } from '../../db/shared/errors.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import type { Layout } from '../layout/types.ts';
import { buildPrintModel } from './build.ts';
import { renderDocx } from './docx.ts';
import type { FontSearch } from './fonts.ts';
import { renderPdf } from './pdf.ts';
import { checkOutputPath, writeFileAtomic } from './write-file.ts';
import { renderXlsx, xlsxShapeForLayout, xlsxShapeInfo, type XlsxShape } from './xlsx/index.ts';

export { buildPrintModel } from './build.ts';
export { renderDocx } from './docx.ts';
export { renderPdf, type PdfResult } from './pdf.ts';
export {
  renderXlsx,
  XLSX_SHAPES,
  xlsxShapeForLayout,
  xlsxShapeInfo,
  type XlsxShape,
} from './xlsx/index.ts';

export interface ExportRequest {
  readonly layout: Layout;
  readonly pdf?: string;
  readonly docx?: string;
  readonly xlsx?: string;
  /** The workbook's shape; by default the one that goes with `layout` (xlsxShapeForLayout). */
  readonly xlsxShape?: XlsxShape;
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
  readonly xlsx?: { readonly path: string; readonly shape: XlsxShape; readonly sheets: number };
}

/**
 * Prints a document to PDF, DOCX and/or XLSX files. PDF and DOCX are made from one PrintModel;
 * all are made in memory before anything is written; each file is then written whole or not at
 * all.
 */
export async function exportDocument(
  doc: DocumentData,
  request: ExportRequest,
): Promise<ExportReport> {
  const { pdf, docx, xlsx } = request;
  if (!pdf && !docx && !xlsx) {
    throw new UserError(
      '请指定输出文件：--pdf <文件.pdf>、--docx <文件.docx>、--xlsx <文件.xlsx> 中的一个或几个',
    );
  }
  const outputs: [string, string | undefined][] = [
    ['PDF', pdf],
    ['Word', docx],
    ['Excel', xlsx],
  ];
  for (const [i, [a, fa]] of outputs.entries()) {
    for (const [b, fb] of outputs.slice(i + 1)) {
      if (fa && fb && path.resolve(fa) === path.resolve(fb)) {
        throw new UserError(`${a} 和 ${b} 不能写入同一个文件`);
      }
    }
  }
  for (const [, file] of outputs) if (file) checkOutputPath(file, request.force === true);

  const model = pdf || docx ? buildPrintModel(doc, request.layout) : undefined;
  const pdfResult = pdf && model ? await renderPdf(model, { fonts: request.fonts }) : undefined;
  const docxBytes = docx && model ? await renderDocx(model) : undefined;
  const shape = request.xlsxShape ?? xlsxShapeForLayout(request.layout.id);
  const xlsxBytes = xlsx ? await renderXlsx(doc, shape) : undefined;

  const report: {
    pdf?: ExportReport['pdf'];
    docx?: ExportReport['docx'];
    xlsx?: ExportReport['xlsx'];
  } = {};
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
  if (xlsx && xlsxBytes) {
    writeFileAtomic(xlsx, xlsxBytes);
    report.xlsx = { path: xlsx, shape, sheets: xlsxShapeInfo(shape).sheets.length };
  }
  return report;
}
