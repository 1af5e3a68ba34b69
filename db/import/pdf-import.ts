import { UserError } from '../shared/errors.ts';
import { readCells } from './forms/detect.ts';
import { pdfCellSource } from './pdf-grid.ts';
import { readRuledPdf, type RuledPdf } from './pdf-grid-pdfjs.ts';
import { readTableLayout } from './pdf-layout.ts';
import { importPdfText } from './published-pdf.ts';
import type { ImportResult, ReadOptions } from './source-where.ts';

/**
 * The PDF entry of import and 由上年文件新建: one reading of the file (text with positions and
 * the ruling lines), then the reader of its layout. The Guangzhou summary table, recognised by
 * its header row (项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标),
 * is read by its columns as before (published-pdf.ts); any other table is read as a grid of
 * cells (pdf-grid.ts) and handed to the readers of cell rows, which find its layout (a
 * per-project 申报表, a one-row-per-indicator table) or say that none matched.
 */

export async function importPdf(
  bytes: Uint8Array,
  options: ReadOptions = {},
): Promise<ImportResult> {
  const pdf = await readRuledPdf(bytes);
  if (pdf.pages.length === 0) throw new UserError('PDF 文件没有页面');
  if (pdf.pages.every((p) => p.items.length === 0)) {
    throw new UserError('PDF 中没有可以提取的文字（可能是扫描件或图片），无法按表格读取');
  }
  if (isSummaryTable(pdf)) return importPdfText(pdf, options);
  return readCells(pdfCellSource(pdf), options);
}

/** Whether the first page with text has the summary table's header row. */
function isSummaryTable(pdf: RuledPdf): boolean {
  const first = pdf.pages.find((p) => p.items.length > 0)!;
  try {
    readTableLayout([first]);
    return true;
  } catch (e) {
    if (e instanceof UserError) return false;
    throw e;
  }
}
