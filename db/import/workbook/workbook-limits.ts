import { UserError } from '../../shared/errors.ts';

/**
 * How large a workbook this program reads, and the refusal of one it cannot. One place for the
 * limits: the sheets (sheet-cells.ts), the CSV reader (csv-cells.ts) and the look at a workbook
 * before it is unpacked (workbook-survey.ts) all refuse by these.
 */

/**
 * Beyond this a sheet is not a department's table (2,730 indicators of the 10× document are far
 * below), and reading it would only take the clerk's memory: refused, not cut silently. What
 * counts is where the last cell with content is, not what the file says its extent is (a
 * sheet formatted down to row 1,048,576 is read).
 */
export const MAX_SHEET_ROWS = 50_000;
export const MAX_SHEET_COLUMNS = 200;

/**
 * A sheet's XML unpacked: 50,000 rows of 20 filled cells are about 40 MB. Larger is refused
 * before the workbook library unpacks it (it would hold it all in memory).
 */
export const MAX_SHEET_XML_BYTES = 64 * 1024 * 1024;
/** The workbook's parts other than sheets (shared strings, styles) and all parts together. */
export const MAX_PART_BYTES = 64 * 1024 * 1024;
export const MAX_WORKBOOK_BYTES = 256 * 1024 * 1024;
/** Members of the workbook's ZIP: a workbook of a few sheets has a few dozen. */
export const MAX_PARTS = 10_000;

/**
 * Merged cells per sheet, and cells in one merge. The workbook library checks each merge against
 * every other (10,000 merges take about 9 s) and makes an object for every covered cell; a
 * 2,730-indicator table with its 一级/二级 and project cells merged has a few thousand merges
 * of a few dozen cells. A whole-row title merge (A1:XFD1, 16,384 cells) is read.
 */
export const MAX_MERGES = 10_000;
export const MAX_MERGE_CELLS = 100_000;

/** The refusal of bytes that are no workbook Excel or WPS could open. */
export function damagedWorkbook(why: string, cause?: unknown): UserError {
  return new UserError(
    `无法读取工作簿：文件已损坏或不是 Excel 工作簿（${why}）；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入`,
    cause === undefined ? {} : { cause },
  );
}
