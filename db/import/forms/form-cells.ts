import type { CellRow } from '../cell-rows.ts';
import { cellWhere, type Where } from '../source-where.ts';

/**
 * A workbook's rows as the form readers take them: as Word, WPS or a PDF's grid give a form.
 *
 * A workbook keeps its columns where they are (sheet-cells.ts): a value merged over six columns
 * is its text and five empty cells, so `项目名称 | X` is `项目名称 | | X | | | | |` when the
 * label is merged over two columns. The forms are read by adjacency (a label, then its value)
 * as they are printed, so a cell merged across columns is made one cell again here, as a copied
 * Word table has it, and a cell merged down leaves one empty cell in each row below it, as Word
 * does too. Each cell keeps the sheet column it starts in, so that messages name the column the
 * clerk sees and the indicator grid can put a row's cells under its header's (indicator-grid.ts).
 */

/** A row read from a workbook: each cell's 0-based sheet column beside it. */
export interface FormCellRow extends CellRow {
  /** The sheet column (0-based) each cell starts in; absent for a text or a PDF's grid. */
  readonly columns?: readonly number[];
  /** How many sheet columns each cell covers (with `columns`). */
  readonly widths?: readonly number[];
  /**
   * True for a cell that is a merged cell of a row above going on down (an empty cell here): a
   * row whose name is such a cell is that row continued (an exporter that splits a tall row).
   */
  readonly covered?: readonly boolean[];
}

/** A merged area's left column and width, as the row above left it. */
type Regions = ReadonlyMap<number, number>;

/** True when the row comes from a workbook, whose cells are where the sheet has them. */
export function isPositional(row: CellRow): boolean {
  return row.spans !== undefined || row.where.sheet !== undefined;
}

/**
 * The rows with cells merged across columns made one cell. A covered cell whose merged area
 * started in the row above (a cell merged down, maybe over several columns) is one empty cell.
 */
export function collapseMerged(rows: readonly CellRow[]): CellRow[] {
  let above: Regions = new Map();
  return rows.map((row) => {
    if (!isPositional(row)) return row;
    const spans = row.spans;
    const cells: string[] = [];
    const columns: number[] = [];
    const widths: number[] = [];
    const covered: boolean[] = [];
    const here = new Map<number, number>();
    for (let c = 0; c < row.cells.length;) {
      const span = spans?.[c] ?? 1;
      // A covered cell starting a merged area of the row above: that area, once.
      const width = span > 0 ? span : (above.get(c) ?? 1);
      cells.push(span > 0 ? row.cells[c]! : '');
      columns.push(c);
      widths.push(width);
      covered.push(span === 0);
      here.set(c, width);
      c += width;
    }
    above = here;
    const out: FormCellRow = { cells, where: row.where, columns, widths, covered };
    return out;
  });
}

/** The place of a row's cell `index`: its sheet column for a workbook, else the row's place. */
export function formCellWhere(row: CellRow, index: number): Where {
  const columns = (row as FormCellRow).columns;
  if (columns === undefined) return cellWhere(row.where, index);
  const column = columns[index] ?? (columns.length > 0 ? columns[columns.length - 1]! + 1 : index);
  return cellWhere(row.where, column);
}

/** Whether a row's cell `index` is a merged cell of a row above going on down. */
export function isCovered(row: CellRow, index: number): boolean {
  return (row as FormCellRow).covered?.[index] === true;
}

/** A row's cell columns, when it came from a workbook. */
export function columnsOf(row: CellRow): readonly number[] | undefined {
  return (row as FormCellRow).columns;
}

/**
 * A workbook's row put under the cells of a row above it (a header), by the sheet columns its
 * cells start in: one cell under each, the texts of several cells under one run together
 * (`95` and `%` under one 指标值), an empty cell where the row has none (a sheet leaves the
 * empty cells at a row's end off). `apart(k)`: the cells under head cell k stay apart (a value
 * printed split under a second header row). A text's or a PDF's row is returned as it is.
 */
export function alignUnder(
  row: CellRow,
  starts: readonly number[],
  apart: (k: number) => boolean = () => false,
): CellRow {
  const at = columnsOf(row);
  if (at === undefined || starts.length === 0) return row;
  const over = (row as FormCellRow).covered;
  const groups: { texts: string[]; columns: number[]; covered: boolean[] }[] = starts.map(() => ({
    texts: [],
    columns: [],
    covered: [],
  }));
  row.cells.forEach((text, i) => {
    const column = at[i]!;
    let k = 0;
    while (k + 1 < starts.length && starts[k + 1]! <= column) k++;
    groups[k]!.texts.push(text);
    groups[k]!.columns.push(column);
    groups[k]!.covered.push(over?.[i] === true);
  });
  const cells: string[] = [];
  const columns: number[] = [];
  const covered: boolean[] = [];
  groups.forEach((g, k) => {
    if (apart(k) && g.texts.length > 1) {
      cells.push(...g.texts);
      columns.push(...g.columns);
      covered.push(...g.covered);
      return;
    }
    cells.push(g.texts.filter((t) => t !== '').join(''));
    columns.push(g.columns[g.texts.findIndex((t) => t !== '')] ?? g.columns[0] ?? starts[k]!);
    covered.push(g.covered.length > 0 && g.covered.every(Boolean));
  });
  const aligned: FormCellRow = { cells, where: row.where, columns, covered };
  return aligned;
}
