import { UserError } from '../shared/errors.ts';
import type { MoneyUnit } from '../shared/money.ts';
import type { TableDraft } from './draft.ts';

/**
 * Where a reader of another program's table is in its source, what it tells the clerk about
 * what it inferred, and how it refuses: shared by every reader (published text and PDF, the
 * per-project forms, the per-row table) and by the money unit's rules.
 */

/**
 * Where something is in the source: a line of a text, a line on a page of a PDF, or a row (and
 * perhaps a column) of a workbook's sheet.
 */
export interface Where {
  /** 1-based line: of the text, (with `page`) of the text lines on that page, (with `sheet`) the row. */
  readonly line: number;
  /** 1-based page of a PDF. */
  readonly page?: number;
  /** The sheet of a workbook (a CSV file has one, named after nothing: undefined). */
  readonly sheet?: string;
  /** 1-based column of a workbook's cell, when a message is about one cell. */
  readonly column?: number;
}

export interface ImportNote extends Where {
  readonly severity: 'info' | 'warning';
  readonly message: string;
}

export interface ImportResult {
  readonly draft: TableDraft;
  readonly notes: readonly ImportNote[];
}

/** `A`, `Z`, `AA`: a 1-based column as Excel and WPS label it. */
export function columnLetter(column: number): string {
  let n = column;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * `第 3 行` for a text, `第 2 页` for a PDF (its lines are not what a reader counts),
 * `工作表“年度指标”第 5 行 C 列` for a workbook (the row and column letters Excel shows).
 */
export function describeWhere(where: Where): string {
  if (where.page !== undefined) return `第 ${where.page} 页`;
  const row = `第 ${where.line} 行${where.column === undefined ? '' : ` ${columnLetter(where.column)} 列`}`;
  return where.sheet === undefined ? row : `工作表“${where.sheet}”${row}`;
}

/** Only a Where's own fields, whatever object carries them (a note, an error). */
export function whereOf(w: Where): Where {
  return {
    line: w.line,
    ...(w.page === undefined ? {} : { page: w.page }),
    ...(w.sheet === undefined ? {} : { sheet: w.sheet }),
    ...(w.column === undefined ? {} : { column: w.column }),
  };
}

/** The place of one cell of a row: its column is named only where the source has columns. */
export function cellWhere(row: Where, index: number): Where {
  return row.sheet === undefined && row.column === undefined
    ? row
    : { ...whereOf(row), column: index + 1 };
}

/** How many places a note lists before it says `等 N 处`: enough to find the pattern, not a page of them. */
export const LISTED_PLACES = 8;

/**
 * A note's list of places or items: all of them when few, else the first LISTED_PLACES and how
 * many there are (a table of 273 indicators can have 500 of one thing, and a note is read).
 */
export function listSome(items: readonly string[], max = LISTED_PLACES): string {
  if (items.length <= max) return items.join('、');
  return `${items.slice(0, max).join('、')} 等 ${items.length} 处`;
}

export function note(severity: ImportNote['severity'], where: Where, message: string): ImportNote {
  return { severity, ...whereOf(where), message };
}

/** What every reader of a table is told besides its source. */
export interface ReadOptions {
  /**
   * The unit of the amounts when the table does not state it (`--unit`). A table that states
   * another unit is refused, never reinterpreted.
   */
  readonly unit?: MoneyUnit | undefined;
  /** The budget year when the table does not state it (`--year` of import). */
  readonly year?: number | undefined;
}

/** A problem that makes the source unreadable: the import stops and writes nothing. */
export class ImportError extends UserError {
  readonly line: number;
  readonly page?: number;
  readonly sheet?: string;
  readonly column?: number;
  /** The message without its `第 N 行：`, for a caller that says more around it. */
  readonly detail: string;
  constructor(where: number | Where, detail: string) {
    const w: Where = typeof where === 'number' ? { line: where } : whereOf(where);
    super(`${describeWhere(w)}：${detail}`);
    this.line = w.line;
    if (w.page !== undefined) this.page = w.page;
    if (w.sheet !== undefined) this.sheet = w.sheet;
    if (w.column !== undefined) this.column = w.column;
    this.detail = detail;
  }

  get where(): Where {
    return whereOf(this);
  }
}
