import type { Where } from './table-draft.ts';

/**
 * A table read as rows of cells, whatever it came from: text copied from Word or WPS (cells
 * separated by tabs) or written down as ` | `-separated rows (../shared/fixtures/other-regions/),
 * or a PDF whose ruled grid was found by position (pdf-grid.ts). The readers of the per-project
 * forms (申报表 / 审批表) and of the one-row-per-indicator table work on this, so a text and a PDF
 * of the same form are read by the same rules.
 */
export interface CellRow {
  /**
   * The row's cells left to right, trimmed. A line with no separator is a row of one cell (a
   * title, `单位：万元`, a footer). An empty string is an empty cell; a cell under a merged cell
   * of a row above is an empty string too (a PDF's grid, a copied Word table), and the readers
   * carry such cells down.
   */
  readonly cells: readonly string[];
  readonly where: Where;
  /**
   * A workbook's rows keep their columns where they are (a per-row sheet's columns are found by
   * position): a cell merged across columns is its text in its first column and, here, its
   * width (1 for an ordinary cell, 0 for a column it covers, whose cell is ''). Absent for a
   * text or a PDF, whose merged cells are one cell already.
   */
  readonly spans?: readonly number[];
}

export interface CellSource {
  readonly rows: readonly CellRow[];
  /** Where the rows came from: a PDF's lines are reported by page, a workbook's by sheet. */
  readonly origin: 'text' | 'pdf' | 'workbook';
}

/**
 * A ` | ` between cells as in the fixtures: a bar with a space or the line's end on each side, so
 * that empty cells (`a | | b`, a row starting `| | x` under merged cells) stay cells. A full-width
 * `｜` separates wherever it stands.
 */
const BAR_SEPARATOR = /(?<=^|\s)\|(?=\s|$)|｜/u;

/**
 * Spaces around a line, but not tabs: a leading tab is an empty first cell (a merged cell). The
 * trailing run is tried from its first space only (`(?<!…)`): tried from each of its spaces, a
 * long run inside a line would take time growing with the square of its length.
 */
const EDGE_SPACES = /^[ \u3000\u00a0]+|(?<![ \u3000\u00a0])[ \u3000\u00a0]+$/gu;

/**
 * A line's cells: split at each tab when it has tabs (as Word and WPS copy a table: one tab per
 * cell boundary, so two tabs are an empty cell between), else at ` | `.
 */
function splitCells(line: string): string[] {
  const parts = line.includes('\t') ? line.split('\t') : line.split(BAR_SEPARATOR);
  return parts.map((c) => c.trim());
}

/** A text's lines as cell rows; blank lines and `#` comment lines (the fixtures' notes) dropped. */
export function textCellRows(text: string): CellSource {
  const rows: CellRow[] = [];
  text.split(/\r\n|\r|\n/u).forEach((raw, i) => {
    const line = raw.replace(EDGE_SPACES, '');
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    rows.push({ cells: splitCells(line), where: { line: i + 1 } });
  });
  return { rows, origin: 'text' };
}
