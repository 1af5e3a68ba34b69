import ExcelJS from 'exceljs';
import type { DocumentData } from '../../../db/shared/types.ts';
import { PROGRAM_NAME } from '../xlsx/about-sheet.ts';
import { writePrintSheet } from '../xlsx/print-sheet.ts';
import { buildReviewList, REVIEW_COLUMNS, type ReviewListOptions } from './list.ts';
import { reviewPrintModel } from './print-model.ts';

/** The one sheet of the workbook. */
export const REVIEW_SHEET = '审核清单';

/**
 * The 审核清单 as a workbook of one sheet, written like the official table's sheet (the same
 * PrintModel as the PDF): title, summary, the header row frozen and repeated on every printed
 * page, whole messages wrapped in rows of their height, A4 landscape fitted to the page's width.
 * A reviewer filters it by 严重程度 or 状态 (the header carries the filter) and sorts it by 序号,
 * which is a number.
 */
export async function renderReviewXlsx(
  doc: DocumentData,
  options: ReviewListOptions = {},
): Promise<Uint8Array> {
  const list = buildReviewList(doc, options);
  const book = new ExcelJS.Workbook();
  book.creator = PROGRAM_NAME;
  book.lastModifiedBy = PROGRAM_NAME;
  book.title = list.title;
  book.subject = REVIEW_SHEET;
  book.company = doc.department;
  const now = new Date();
  book.created = now;
  book.modified = now;

  const sheet = book.addWorksheet(REVIEW_SHEET);
  writePrintSheet(sheet, reviewPrintModel(list, doc.department));
  const header = headerRow(sheet);
  if (list.rows.length > 0) {
    sheet.autoFilter = {
      from: { row: header, column: 1 },
      to: { row: sheet.rowCount, column: REVIEW_COLUMNS.length },
    };
    for (let r = header + 1; r <= sheet.rowCount; r++) {
      const cell = sheet.getCell(r, 1);
      if (cell.master.address !== cell.address) continue;
      if (typeof cell.value === 'string' && /^\d+$/.test(cell.value)) {
        cell.value = Number(cell.value);
      }
    }
  }
  const buffer = await book.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** The sheet row of the table's header: the row writePrintSheet repeats on every page. */
function headerRow(sheet: ExcelJS.Worksheet): number {
  const titles = /^(\d+):\1$/.exec(sheet.pageSetup.printTitlesRow ?? '');
  if (!titles) throw new Error('review list: the header row is not repeated');
  return Number(titles[1]);
}
