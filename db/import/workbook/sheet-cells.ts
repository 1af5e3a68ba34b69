import ExcelJS from 'exceljs';
import { UserError } from '../../shared/errors.ts';
import type { CellRow, CellSource } from '../cell-rows.ts';

/**
 * A workbook's sheets as the rows of cells every table reader works on (cell-rows.ts), with
 * each row's sheet and row number for messages. A cell is the text the clerk sees in Excel or
 * WPS: numbers as typed (not as binary floats print: 38.41, not 38.410000000000004), a percent
 * format as `95%`, a date as `2025-01-01`, a formula as its last result. A merged cell is its
 * text in its top-left cell; the cells it covers are '' (the readers carry a merged 一级/二级 or
 * project cell down), and `spans` says how wide it is.
 */

/** A sheet read into cell rows. */
export interface SheetCells {
  readonly name: string;
  /** Hidden sheets (lookup lists, the system's code tables) are listed but not read as tables. */
  readonly hidden: boolean;
  readonly source: CellSource;
}

/**
 * Beyond this a sheet is not a department's table (2,730 indicators of the 10× document are far
 * below), and reading it would only take the clerk's memory: refused, not cut silently.
 */
export const MAX_SHEET_ROWS = 50_000;
export const MAX_SHEET_COLUMNS = 200;

/** The refusal of bytes that are no workbook Excel or WPS could open. */
export function damagedWorkbook(why: string): UserError {
  return new UserError(
    `无法读取工作簿：文件已损坏或不是 Excel 工作簿（${why}）；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入`,
  );
}

/** Reads an .xlsx file's sheets. */
export async function readXlsxSheets(bytes: Uint8Array): Promise<SheetCells[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs takes a Node Buffer; a view over the same memory, not a copy.
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer,
    );
  } catch (e) {
    throw damagedWorkbook(e instanceof Error ? e.message.slice(0, 200) : String(e));
  }
  if (workbook.worksheets.length === 0) throw damagedWorkbook('没有工作表');
  return workbook.worksheets.map((sheet) => ({
    name: sheet.name,
    hidden: sheet.state !== 'visible',
    source: { rows: sheetRows(sheet), origin: 'workbook' as const },
  }));
}

function sheetRows(sheet: ExcelJS.Worksheet): CellRow[] {
  if (sheet.rowCount > MAX_SHEET_ROWS) {
    throw new UserError(
      `工作表“${sheet.name}”有 ${sheet.rowCount} 行，超过 ${MAX_SHEET_ROWS} 行的上限，不是一份绩效目标表，未读取`,
    );
  }
  const width = Math.min(sheet.columnCount, MAX_SHEET_COLUMNS + 1);
  if (width > MAX_SHEET_COLUMNS) {
    throw new UserError(
      `工作表“${sheet.name}”超过 ${MAX_SHEET_COLUMNS} 列的上限，不是一份绩效目标表，未读取`,
    );
  }
  const rows: CellRow[] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    const spans: number[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      const master = cell.master;
      if (master !== cell) {
        cells.push('');
        // A covered cell in its master's row widens the master; one below it starts nothing.
        spans.push(0);
        if (master.row === cell.row) widen(spans, c - 1);
        continue;
      }
      cells.push(cellText(cell));
      spans.push(1);
    }
    while (cells.length > 0 && cells[cells.length - 1] === '' && spans[spans.length - 1] !== 0) {
      cells.pop();
      spans.pop();
    }
    if (cells.every((t) => t === '')) continue;
    const where = { line: r, sheet: sheet.name };
    rows.push(spans.every((s) => s === 1) ? { cells, where } : { cells, where, spans });
  }
  return rows;
}

/** Adds one column to the merged cell that covers column index `i` from its left. */
function widen(spans: number[], i: number): void {
  for (let j = i - 1; j >= 0; j--) {
    if (spans[j]! > 0) {
      spans[j]!++;
      return;
    }
  }
}

/** A number as Excel shows it by default: at most 15 significant digits, no float noise. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}

function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** What a value shows in its cell, whatever kind it is. */
function valueText(value: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    // `0%`, `0.00%`: the cell shows the hundredfold with a percent sign, and so do we.
    if (numFmt && /%/u.test(numFmt.replace(/"[^"]*"/gu, ''))) return `${numberText(value * 100)}%`;
    return numberText(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDate(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) {
    return valueText(value.result as ExcelJS.CellValue, numFmt);
  }
  if ('text' in value) return String(value.text);
  return '';
}

function cellText(cell: ExcelJS.Cell): string {
  // Non-breaking and full-width spaces at the edges are padding, as in a text's cells.
  return valueText(cell.value, cell.numFmt)
    .replace(/\r\n?/gu, '\n')
    .replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/gu, '');
}
