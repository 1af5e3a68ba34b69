import ExcelJS from 'exceljs';
import { isUserError, UserError } from '../../shared/errors.ts';
import type { CellRow, CellSource } from '../cell-rows.ts';
import { useChineseBuiltinFormats } from './builtin-formats.ts';
import { damagedWorkbook, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS } from './workbook-limits.ts';
import { surveyWorkbook } from './workbook-survey.ts';

// Where the readers first found them.
export { damagedWorkbook, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS } from './workbook-limits.ts';

/**
 * A workbook's sheets as the rows of cells every table reader works on (cell-rows.ts), with
 * each row's sheet and row number for messages. A cell is the text the clerk sees in Excel or
 * WPS: numbers as typed (not as binary floats print: 38.41, not 38.410000000000004, and not
 * rounded to the format's decimals), a percent format as `95%`, a date as `2025-01-01` (or
 * `2025年1月1日` when so formatted), a formula as its last result, rich text and a hyperlink as
 * their text, TRUE/FALSE, an error as Excel shows it (`#N/A`). A merged cell is its text in its
 * top-left cell; the cells it covers are '' (the readers carry a merged 一级/二级 or project cell
 * down), and `spans` says how wide it is. Hidden rows and columns are read: they are part of
 * the table, only folded away for printing.
 *
 * Refused with a message, never read wrong: a damaged file, a sheet the file lacks, content
 * beyond MAX_SHEET_ROWS × MAX_SHEET_COLUMNS (naming the cell), and, in a visible sheet, a
 * formula saved without its result (programs that write workbooks without computing them;
 * opening and saving in Excel or WPS computes them).
 */

/** A sheet read into cell rows. */
export interface SheetCells {
  readonly name: string;
  /**
   * Hidden sheets (lookup lists, the system's code tables) are listed but not read as tables:
   * their rows are not read at all (a code table may be longer than any table's limit).
   */
  readonly hidden: boolean;
  readonly source: CellSource;
}

/** Reads an .xlsx file's sheets. */
export async function readXlsxSheets(bytes: Uint8Array): Promise<SheetCells[]> {
  const survey = surveyWorkbook(bytes);
  useChineseBuiltinFormats();
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs takes a Node Buffer; a view over the same memory, not a copy.
    const checked = survey.workbook;
    await workbook.xlsx.load(
      Buffer.from(checked.buffer, checked.byteOffset, checked.byteLength) as unknown as ArrayBuffer,
    );
  } catch (e) {
    throw damagedWorkbook(reason(e), e);
  }
  if (workbook.worksheets.length === 0) throw damagedWorkbook('没有工作表');
  for (const sheet of survey.sheets) {
    if (!workbook.worksheets.some((s) => s.name === sheet.name)) {
      throw damagedWorkbook(`工作表“${sheet.name}”无法识别`);
    }
    const uncomputed = sheet.uncomputed;
    if (uncomputed && !sheet.hidden) {
      throw new UserError(
        `工作表“${sheet.name}”的单元格 ${uncomputed.address} 是公式（=${uncomputed.formula}），但文件中没有保存它的计算结果，无法知道它显示什么；请在 Excel 或 WPS 中打开这个文件并保存，再导入`,
      );
    }
  }
  try {
    return workbook.worksheets.map((sheet) => {
      const hidden = sheet.state !== 'visible';
      return {
        name: sheet.name,
        hidden,
        source: { rows: hidden ? [] : sheetRows(sheet), origin: 'workbook' as const },
      };
    });
  } catch (e) {
    // What the library made of a damaged file can break anywhere in it.
    if (isUserError(e)) throw e;
    throw damagedWorkbook(reason(e), e);
  }
}

/** The library's complaint about a file, in the clerk's words. */
function reason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (/central directory|corrupted zip|zip|compression|crc32|inflat/iu.test(message)) {
    return '压缩结构已损坏';
  }
  if (/^\d+:\d+: /u.test(message) || /xml|tag|attribute|entity|sax/iu.test(message)) {
    return 'XML 内容已损坏';
  }
  if (/out of bounds|invalid (column|row|address)/iu.test(message)) return '单元格地址无效';
  return '内容无法解析';
}

function address(row: number, column: number): string {
  let letters = '';
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26)) {
    letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  }
  return `${letters}${row}`;
}

function tooLarge(sheet: string, row: number, column: number): UserError {
  return new UserError(
    `工作表“${sheet}”的单元格 ${address(row, column)} 有内容，超出了可读取的范围（最多 ${MAX_SHEET_ROWS} 行、${MAX_SHEET_COLUMNS} 列），不像一份绩效目标表，未读取；若这个单元格是误填的，请删除后再导入`,
  );
}

function isCovered(cell: ExcelJS.Cell): boolean {
  return cell.type === ExcelJS.ValueType.Merge;
}

function sheetRows(sheet: ExcelJS.Worksheet): CellRow[] {
  // First the texts, only of the rows and cells the file has (never the sheet's whole extent,
  // which one stray or formatted cell makes a million rows), and how wide the table is: its
  // last column with text (a title merged across the whole row, A1:XFD1, does not widen it).
  const texts = new Map<number, Map<number, string>>();
  let width = 0;
  sheet.eachRow((row, r) => {
    const line = new Map<number, string>();
    texts.set(r, line);
    row.eachCell((cell, c) => {
      if (isCovered(cell)) return;
      const text = cellText(cell);
      if (text === '') return;
      if (r > MAX_SHEET_ROWS || c > MAX_SHEET_COLUMNS) throw tooLarge(sheet.name, r, c);
      line.set(c, text);
      width = Math.max(width, c);
    });
    if (line.size === 0) texts.delete(r);
  });
  const rows: CellRow[] = [];
  for (const [r, line] of texts) {
    const row = sheet.findRow(r)!;
    const cells: string[] = [];
    const spans: number[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.findCell(c);
      if (cell && isCovered(cell)) {
        cells.push('');
        // A covered cell in its master's row widens the master; one below it starts nothing.
        spans.push(0);
        if (+cell.master.row === r) widen(spans, c - 1);
        continue;
      }
      cells.push(line.get(c) ?? '');
      spans.push(1);
    }
    while (cells.length > 0 && cells[cells.length - 1] === '' && spans[spans.length - 1] !== 0) {
      cells.pop();
      spans.pop();
    }
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

const two = (n: number) => String(n).padStart(2, '0');

/**
 * How many decimals a fixed-decimal format shows (`0.00`, `#,##0.00`, `0.00"元"`): 2; null for
 * any other format. Excel stores a typed `100.00` as 100 and shows it with the format's zeros,
 * which the clerk sees and means (`100.00%` of a target).
 */
function formatDecimals(numFmt: string | undefined): number | null {
  if (!numFmt) return null;
  const first = formatLetters(numFmt.split(';')[0]!);
  const m = /^[#,0]*0\.(0+)$/u.exec(first.trim());
  return m ? m[1]!.length : null;
}

/**
 * A number as its cell shows it, for what cannot be lost: the format's trailing zeros are
 * added (`100` under `0.00` is `100.00`), but never a rounding — a value finer than its format
 * keeps its digits (`38.41` under `0.0` stays `38.41`), and thousands separators are left out.
 */
function shownNumber(n: number, numFmt: string | undefined): string {
  const text = numberText(n);
  const decimals = formatDecimals(numFmt);
  if (decimals === null || !/^-?\d+(\.\d+)?$/u.test(text)) return text;
  const have = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  if (have >= decimals) return text;
  return `${text}${have === 0 ? '.' : ''}${'0'.repeat(decimals - have)}`;
}

/** The format's code without its literal text and colours, where its date letters are. */
function formatLetters(numFmt: string): string {
  return numFmt.replace(/"[^"]*"|\[[^\]]*\]|\\./gu, '');
}

/**
 * A date as its format shows it: `2025年1月1日` (and `2025年1月`, `1月1日`) in the Chinese
 * formats, else `2025-01-01`; the time (`08:30`) when the format has one.
 */
function dateText(d: Date, numFmt: string | undefined): string {
  if (Number.isNaN(d.getTime())) return '';
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const fmt = numFmt ?? '';
  const letters = formatLetters(fmt).toLowerCase();
  const hasTime = /[hs]/u.test(letters);
  // `m` alone is a month in a date and minutes in a time: a format without y, d or a time is a date.
  const hasDate = /[yd]/u.test(letters) || !hasTime;
  let text = '';
  if (hasDate) {
    text = /[年月日]/u.test(fmt)
      ? `${/年/u.test(fmt) ? `${y}年` : ''}${/月/u.test(fmt) ? `${m}月` : ''}${/日/u.test(fmt) ? `${day}日` : ''}`
      : `${y}-${two(m)}-${two(day)}`;
  }
  if (hasTime) {
    const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
    const withSeconds = /s/u.test(letters) ? `${time}:${two(d.getUTCSeconds())}` : time;
    text = text ? `${text} ${withSeconds}` : withSeconds;
  }
  return text;
}

/** What a value shows in its cell, whatever kind it is. */
function valueText(value: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    // `0%`, `0.00%`: the cell shows the hundredfold with a percent sign, and so do we.
    if (numFmt && /%/u.test(formatLetters(numFmt))) return `${numberText(value * 100)}%`;
    return shownNumber(value, numFmt);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value, numFmt);
  if (typeof value !== 'object') return '';
  if ('richText' in value) {
    return Array.isArray(value.richText)
      ? value.richText.map((run) => run?.text ?? '').join('')
      : '';
  }
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) {
    // No result: an empty text result (`=IF(A1="","",…)`); a formula saved without any result
    // was refused before (workbook-survey.ts).
    return valueText(value.result as ExcelJS.CellValue, numFmt);
  }
  // A hyperlink: its text may itself be rich text.
  if ('text' in value) return valueText(value.text as ExcelJS.CellValue, numFmt);
  return '';
}

function cellText(cell: ExcelJS.Cell): string {
  // Non-breaking and full-width spaces at the edges are padding, as in a text's cells.
  return valueText(cell.value, cell.numFmt)
    .replace(/\r\n?/gu, '\n')
    .replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/gu, '');
}
