import { UserError } from '../shared/errors.ts';
import type { MoneyUnit } from '../shared/money.ts';
import type { TableDraft } from './draft.ts';

/**
 * Where a reader of another program's table is in its source, what it tells the clerk about
 * what it inferred, and how it refuses: shared by every reader (published text and PDF, the
 * per-project forms, the per-row table) and by the money unit's rules.
 */

/** Where something is in the source: a line of a text, or a line on a page of a PDF. */
export interface Where {
  /** 1-based line: of the text, or (with `page`) of the text lines on that page. */
  readonly line: number;
  /** 1-based page of a PDF. */
  readonly page?: number;
}

export interface ImportNote {
  readonly severity: 'info' | 'warning';
  /** 1-based line of the source text; with `page`, the line on that page of a PDF. */
  readonly line: number;
  /** 1-based page, when the source is a PDF. */
  readonly page?: number;
  readonly message: string;
}

export interface ImportResult {
  readonly draft: TableDraft;
  readonly notes: readonly ImportNote[];
}

/** `第 3 行` for a text, `第 2 页` for a PDF (its lines are not what a reader counts). */
export function describeWhere(where: Where): string {
  return where.page === undefined ? `第 ${where.line} 行` : `第 ${where.page} 页`;
}

export function note(severity: ImportNote['severity'], where: Where, message: string): ImportNote {
  return where.page === undefined
    ? { severity, line: where.line, message }
    : { severity, line: where.line, page: where.page, message };
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
  /** The message without its `第 N 行：`, for a caller that says more around it. */
  readonly detail: string;
  constructor(where: number | Where, detail: string) {
    const w: Where = typeof where === 'number' ? { line: where } : where;
    super(`${describeWhere(w)}：${detail}`);
    this.line = w.line;
    if (w.page !== undefined) this.page = w.page;
    this.detail = detail;
  }

  get where(): Where {
    return this.page === undefined ? { line: this.line } : { line: this.line, page: this.page };
  }
}
