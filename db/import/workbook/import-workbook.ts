import { UserError } from '../../shared/errors.ts';
import type { CellSource } from '../cell-rows.ts';
import { detectCells, LAYOUT_NAMES, noLayoutError, readCells } from '../forms/detect.ts';
import { note, type ImportNote, type ImportResult, type ReadOptions } from '../source-where.ts';
import { readCsvCells } from './csv-cells.ts';
import { readXlsxSheets, type SheetCells } from './sheet-cells.ts';
import { readWorkbookRows, sheetRoles, type BookSheet } from './workbook-rows.ts';

/**
 * The workbook entry of import and 由上年文件新建 (.xlsx, and .csv as one sheet): the sheets
 * become cell rows (sheet-cells.ts, csv-cells.ts). One-row-per-indicator sheets are read as one
 * table with the workbook's sheets of projects and facts (workbook-rows.ts); other sheets go to
 * the same readers as a text or a PDF's grid (forms/detect.ts), so a 申报表 is read by one set of
 * rules whatever it came in. Which sheets were read, and which were not, is said in the notes.
 */

export type WorkbookFormat = 'xlsx' | 'csv';

export async function importWorkbook(
  bytes: Uint8Array,
  format: WorkbookFormat,
  options: ReadOptions = {},
): Promise<ImportResult> {
  if (format === 'csv') {
    const { source, encoding } = readCsvCells(bytes);
    // Only GB18030 is a guess (the bytes were not UTF-8); UTF-16 is stated by its byte order mark.
    const extra =
      encoding === 'gb18030'
        ? [note('info', { line: 1 }, 'CSV 文件不是 UTF-8 编码，按 GBK（GB18030）编码读取')]
        : [];
    const rows = withText(source);
    const roles = sheetRoles([{ rows }]);
    if (roles.indicators.length > 0) return readWorkbookRows(roles, options, extra);
    return withNotes(readCells(source, options), extra);
  }
  const all = await readXlsxSheets(bytes);
  const sheets = all.filter((s) => !s.hidden && s.source.rows.length > 0);
  if (sheets.length === 0) throw new UserError('工作簿中没有内容：所有可见的工作表都是空的');
  const notes: ImportNote[] = [];
  const hidden = all.filter((s) => s.hidden);
  const hiddenNote =
    hidden.length > 0
      ? note(
          'info',
          { line: 1, sheet: hidden[0]!.name },
          `隐藏的工作表未读取：${hidden.map((s) => `“${s.name}”`).join('、')}`,
        )
      : null;

  const book: BookSheet[] = sheets.map((s) => ({ name: s.name, rows: withText(s.source) }));
  const roles = sheetRoles(book);
  if (roles.indicators.length > 0) {
    const unread = [...roles.others, ...roles.extra];
    if (unread.length > 0) {
      notes.push(
        note(
          'info',
          { line: 1, sheet: unread[0]!.name! },
          `未读取的工作表：${unread.map((s) => `“${s.name}”`).join('、')}（不是汇总表、项目表或说明）`,
        ),
      );
    }
    if (hiddenNote) notes.push(hiddenNote);
    return readWorkbookRows(roles, options, notes);
  }

  const found = sheets.map((sheet) => ({ sheet, detected: detectCells(sheet.source) }));
  const first = found.find((f) => f.detected !== null);
  if (!first) throw noLayoutError(sheets[0]!.source.rows[0]!.where);
  const family = first.detected!.family;
  const read = found.filter((f) => f.detected?.family === family);
  const skipped = sheets.filter((s) => !read.some((r) => r.sheet === s));
  if (skipped.length > 0) {
    notes.push(
      note(
        'info',
        { line: 1, sheet: skipped[0]!.name },
        `未读取的工作表：${skipped.map((s) => `“${s.name}”`).join('、')}（不是${LAYOUT_NAMES[family]}）`,
      ),
    );
  }
  if (hiddenNote) notes.push(hiddenNote);
  return withNotes(readCells(joined(read.map((r) => r.sheet)), options), notes);
}

/** The rows with some text (a sheet's empty rows are dropped already; a CSV's may remain). */
function withText(source: CellSource) {
  return source.rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

/** The rows of several sheets one after another, each keeping its sheet: forms one per sheet. */
function joined(sheets: readonly SheetCells[]): CellSource {
  return { rows: sheets.flatMap((s) => s.source.rows), origin: 'workbook' };
}

/** The reader's notes after the first (which says the layout), then the workbook's own. */
function withNotes(result: ImportResult, extra: readonly ImportNote[]): ImportResult {
  if (extra.length === 0) return result;
  const [first, ...rest] = result.notes;
  return { ...result, notes: first ? [first, ...extra, ...rest] : [...extra] };
}
