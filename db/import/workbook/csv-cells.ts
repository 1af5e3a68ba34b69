import { UserError } from '../../shared/errors.ts';
import type { CellRow, CellSource } from '../cell-rows.ts';
import { MAX_SHEET_COLUMNS, MAX_SHEET_ROWS } from './workbook-limits.ts';

/**
 * A CSV file as cell rows: what Excel and WPS write with 另存为 CSV — cells separated by commas
 * (or tabs, or the semicolons of some locales), quoted when they hold a separator, a quote or a
 * line break, in UTF-8 (with or without BOM) or, from a Chinese Windows, in GBK. The rows are
 * numbered as the spreadsheet numbers them, so that a message's 第 N 行 is the row the clerk
 * sees when the file is opened again.
 */

export interface CsvCells {
  readonly source: CellSource;
  /**
   * Which encoding the text was read in. GB18030 is an inference to report (the bytes were not
   * UTF-8); UTF-16 is stated by the file's byte order mark.
   */
  readonly encoding: 'utf-8' | 'gb18030' | 'utf-16';
}

/**
 * UTF-16 when its byte order mark says so (Excel's “Unicode 文本”); UTF-8 when the bytes are
 * valid UTF-8; else GB18030 (a superset of GBK) as Chinese Excel writes.
 */
function decode(bytes: Uint8Array): { text: string; encoding: CsvCells['encoding'] } {
  const bom =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'be'
        : '';
  if (bom) {
    return { text: new TextDecoder(`utf-16${bom}`).decode(bytes.subarray(2)), encoding: 'utf-16' };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/u, ''), encoding: 'utf-8' };
  } catch {
    try {
      return {
        text: new TextDecoder('gb18030', { fatal: true }).decode(bytes),
        encoding: 'gb18030',
      };
    } catch {
      throw new UserError(
        'CSV 文件既不是 UTF-8 也不是 GBK 编码的文本，无法读取；请在 Excel 或 WPS 中另存为 .xlsx 后再导入',
      );
    }
  }
}

/** The separator of the first line: the most frequent of comma, tab and semicolon outside quotes. */
function separatorOf(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    ['\t', 0],
    [';', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [sep, n] of counts) if (n > counts.get(best)!) best = sep;
  return best;
}

export function readCsvCells(bytes: Uint8Array): CsvCells {
  const { text, encoding } = decode(bytes);
  if (text.trim() === '') throw new UserError('CSV 文件为空，没有可导入的内容');
  const sep = separatorOf(text);
  const rows: CellRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  // Records, not lines: a quoted cell's line breaks stay in its row, as the spreadsheet shows it.
  let rowLine = 1;
  const endCell = () => {
    cells.push(cell.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/gu, ''));
    cell = '';
    if (cells.length > MAX_SHEET_COLUMNS) {
      throw new UserError(
        `CSV 文件第 ${rowLine} 行超过 ${MAX_SHEET_COLUMNS} 列的上限，不是一份绩效目标表，未读取`,
      );
    }
  };
  const endRow = () => {
    endCell();
    if (cells.some((c) => c !== '')) {
      while (cells[cells.length - 1] === '') cells.pop();
      rows.push({ cells, where: { line: rowLine } });
    }
    if (rowLine > MAX_SHEET_ROWS) {
      throw new UserError(`CSV 文件超过 ${MAX_SHEET_ROWS} 行的上限，不是一份绩效目标表，未读取`);
    }
    cells = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        cell += ch === '\r' ? '' : ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      cell = '';
      quoted = true;
    } else if (ch === sep) {
      endCell();
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      rowLine++;
    } else {
      cell += ch;
    }
  }
  if (quoted) {
    throw new UserError(`CSV 文件第 ${rowLine} 行的引号没有结束（文件可能被截断），未导入`);
  }
  endRow();
  return { source: { rows, origin: 'workbook' }, encoding };
}
