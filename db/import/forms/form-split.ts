import type { CellRow } from '../cell-rows.ts';
import { lineMoneyUnit } from '../money-unit.ts';
import { PAGE_FURNITURE } from '../table-draft.ts';
import { collapseMerged, columnsOf, type FormCellRow } from './form-cells.ts';
import { fieldOfLabel, labelKey } from './header-labels.ts';

/**
 * A file of per-project forms, one after another, cut into its forms. A form starts at its
 * 项目名称 row, with the title lines above it (title, `（2023年度）`, `单位：万元`, `填报单位：`).
 */

export interface FormRows {
  readonly rows: readonly CellRow[];
  /** Index in `rows` of the 项目名称 row. */
  readonly nameRow: number;
  /** Rows above the 项目名称 row: title, year, unit lines. */
  readonly preamble: readonly CellRow[];
}

/**
 * Rows as the readers expect them. Text written as ` | `-separated rows leaves a cell of bare
 * bars where empty cells follow each other (`(空) | | |`, `10 |` at the end of a line): those
 * are empty cells, split here. A workbook's rows get their merged cells made one (form-cells.ts)
 * and their lines outside the table made one cell (`wholeLine`). Blank rows go.
 */
export function normaliseRows(rows: readonly CellRow[]): CellRow[] {
  const out: CellRow[] = [];
  for (const collapsed of collapseMerged(rows)) {
    const row = columnsOf(collapsed) ? wholeLine(collapsed) : collapsed;
    const cells = columnsOf(row)
      ? row.cells
      : row.cells.flatMap((c) =>
          /(?:^|\s)[|｜](?:\s|$)/u.test(c) ? c.split(/[|｜]/u).map((s) => s.trim()) : [c],
        );
    if (cells.every((c) => c === '')) continue;
    // Page numbers of a PDF or a printed copy are no part of any form.
    if (cells.length === 1 && PAGE_FURNITURE.some((re) => re.test(cells[0]!))) continue;
    out.push(cells === row.cells ? row : { cells, where: row.where });
  }
  return out;
}

/**
 * `单位：万元`, `填报单位：（盖章）`: a statement with its value (a bare label `主管部门：` is not one:
 * its value is in the next cell).
 */
const STATEMENT = /^[^:：]{1,16}[:：]/u;

/**
 * A line outside the table that a sheet spreads over cells, as one cell, as a text has it: a
 * title or `单位：万元` typed in another column than the first (`| | | | 单位：万元`), statements
 * in cells of their own (`填报单位：（盖章） | | 金额单位：万元`). Rows of the table keep their cells.
 */
function wholeLine(row: CellRow): CellRow {
  const filled = row.cells.flatMap((c, i) => (c === '' ? [] : [i]));
  if (filled.length === 0 || row.cells.length === 1) return row;
  const texts = filled.map((i) => row.cells[i]!);
  const lone = filled.length === 1 && isPreambleRow({ cells: texts, where: row.where });
  const statements =
    filled.length >= 2 &&
    filled.length <= 3 &&
    texts.every((t) => STATEMENT.test(t) && fieldOfLabel(t) === undefined) &&
    texts.some((t) => lineMoneyUnit(t) !== null);
  if (!lone && !statements) return row;
  const columns = columnsOf(row)!;
  const first = filled[0]!;
  const line: FormCellRow = {
    cells: [texts.join(' ')],
    where: row.where,
    columns: [columns[first]!],
    widths: [1],
  };
  return line;
}

/** True for a row naming the project: `项目名称 | X` or `项目名称：X`. */
export function isNameRow(row: CellRow): boolean {
  return row.cells.some((cell, i) => {
    if (fieldOfLabel(cell) === 'name') return (row.cells[i + 1] ?? '').trim() !== '';
    const m = /^([^:：]{2,8})\s*[:：]\s*(\S.*)$/u.exec(cell.trim());
    return m !== null && fieldOfLabel(m[1]!) === 'name';
  });
}

const TITLE = /(?:绩效目标|项目支出|绩效).{0,16}表|表$/u;
/** Longer is a sentence (a goal copied on its own line), not a form's title. */
const MAX_TITLE = 80;
const YEAR_LINE = /^[(（]\s*(?:19|20)\d{2}\s*年度?\s*[)）]$/u;

/** A line above a form's 项目名称 row that belongs to that form. */
export function isPreambleRow(row: CellRow): boolean {
  if (row.cells.length !== 1) return false;
  const text = row.cells[0]!.trim();
  if (YEAR_LINE.test(text) || lineMoneyUnit(text) !== null) return true;
  if (TITLE.test(text) && text.length <= MAX_TITLE) return true;
  const m = /^([^:：]{2,8})\s*[:：]/u.exec(text);
  return m !== null && fieldOfLabel(m[1]!) !== undefined && labelKey(m[1]!) !== '';
}

/** The forms of a file; none when no row names a project. */
export function splitForms(rows: readonly CellRow[]): FormRows[] {
  const names = rows.flatMap((r, i) => (isNameRow(r) ? [i] : []));
  const starts = names.map((n, k) => {
    if (k === 0) return 0;
    let s = n;
    while (s - 1 > names[k - 1]! && isPreambleRow(rows[s - 1]!)) s--;
    return s;
  });
  return names.map((n, k) => {
    const start = starts[k]!;
    const formRows = rows.slice(start, starts[k + 1] ?? rows.length);
    return { rows: formRows, nameRow: n - start, preamble: formRows.slice(0, n - start) };
  });
}
