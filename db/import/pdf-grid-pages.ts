import type { CellRow } from './cell-rows.ts';
import { breakAfter, type CellEnds, type Printer } from './pdf-grid-text.ts';
import { PAGE_FURNITURE } from './table-draft.ts';

/**
 * The rows of a PDF's pages (pdf-grid.ts) as one table where a table goes on from one page to
 * the next (the page ends in it and the next begins with it):
 * - the page furniture between (`第 1 页 共 3 页`) and the rows at the top of the next page that
 *   repeat rows of the table (its header) are dropped;
 * - a row the page break cut is one row again. This program names the continued part
 *   (`…（续）` in a cell whose text was all printed) and repeats a merged cell's text where it
 *   fits; other printers (LibreOffice, Word) leave a finished cell empty and let a merged cell's
 *   text run on into the next page. Either way a cell's text goes on over the page when its
 *   last line before the break is full: what starts the next page's cell would not have fitted
 *   on it (pdf-grid-text.ts tells a writer's line break the same way). A first row whose every
 *   cell goes on, repeats or is empty continues the last; a first row with text of its own is
 *   a row of its own, but a merged cell's text running on into it goes back to that cell.
 */

/** A row of one page, with where its cells' texts end and begin. */
export interface PageRow {
  readonly cells: string[];
  /** Per cell with text: its ends; the page it is on; whether it reaches the grid's bottom. */
  readonly ends: readonly (CellSide | undefined)[];
  readonly where: { readonly page: number; readonly line: number };
  /** Which grid of the page the row is in; undefined for a line outside every grid. */
  readonly grid?: number;
}

export interface CellSide extends CellEnds {
  readonly page: number;
  /** The cell reaches the grid's bottom on its page, and its text the cell's bottom. */
  readonly atBottom: boolean;
  /** The cell is merged over the rows below its own. */
  readonly merged: boolean;
}

/** How many repeated header rows a continued table may have. */
const MAX_HEADER_ROWS = 4;

/** `名称（续）` and `名称(续)`: the continued part of a row split by a page. */
const CONTINUED = /^(.*?)\s*[（(]续[)）]$/u;

const isFurniture = (row: PageRow): boolean =>
  row.grid === undefined && PAGE_FURNITURE.some((re) => re.test(row.cells[0]!.trim()));

const sameCells = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((c, i) => c === b[i]);

export function joinPages(pages: readonly (readonly PageRow[])[], printer: Printer): CellRow[] {
  const out: PageRow[] = [];
  for (const rows of pages) {
    const lead = rows.findIndex((r) => !isFurniture(r));
    const body = lead < 0 ? [] : rows.slice(lead);
    const lastKept = out.findLastIndex((r) => !isFurniture(r));
    const continues = body[0]?.grid !== undefined && out[lastKept]?.grid !== undefined;
    if (!continues) {
      out.push(...rows);
      continue;
    }
    out.splice(lastKept + 1);
    const start = tableStart(out);
    const rest = body.slice(repeatedHeader(body, out.slice(start)));
    const first = rest[0];
    if (first?.grid === undefined) {
      out.push(...rest);
      continue;
    }
    const kept = acrossPage(out, start, first, printer);
    out.push(...(kept ? [kept] : []), ...rest.slice(1));
  }
  return out.map((r) => ({ cells: r.cells, where: r.where }));
}

/** Where the table the output ends in starts. */
function tableStart(rows: readonly PageRow[]): number {
  let i = rows.length;
  while (i > 0 && rows[i - 1]!.grid !== undefined) i--;
  return i;
}

/** How many rows at the top of a page repeat a run of the table's rows (its header). */
function repeatedHeader(body: readonly PageRow[], table: readonly PageRow[]): number {
  for (let k = Math.min(MAX_HEADER_ROWS, body.length, table.length); k > 0; k--) {
    const top = body.slice(0, k);
    if (top.some((r) => r.grid === undefined || r.cells.every((c) => c === ''))) continue;
    for (let j = 0; j + k <= table.length; j++) {
      if (top.every((r, n) => sameCells(r.cells, table[j + n]!.cells))) return k;
    }
  }
  return 0;
}

type Kind = 'label' | 'repeat' | 'goes-on' | 'fresh';

/**
 * The first row of a page under the table's rows in `out` (from `start`): joined to the rows
 * above where its cells go on (then undefined is returned), or the row to add.
 */
function acrossPage(
  out: PageRow[],
  start: number,
  first: PageRow,
  printer: Printer,
): PageRow | undefined {
  const width = first.cells.length;
  const last = out.at(-1)!;
  if (last.cells.length !== width) return first;
  const lastPage = last.where.page;
  // Per cell of the first row: the row above whose cell in that column has text.
  const origins = first.cells.map((text, c) => {
    if (text === '') return undefined;
    for (let i = out.length - 1; i >= start; i--) {
      if (out[i]!.cells.length !== width) return undefined;
      if (out[i]!.cells[c] !== '') return i;
    }
    return undefined;
  });
  const kinds = first.cells.map((text, c): Kind | undefined => {
    if (text === '') return undefined;
    const o = origins[c];
    const above = o === undefined ? undefined : out[o]!;
    const m = CONTINUED.exec(text);
    if (above && m && m[1] !== '' && m[1] === above.cells[c]) return 'label';
    if (above && text === above.cells[c]) return 'repeat';
    const ends = above?.ends[c];
    const next = first.ends[c];
    if (ends && next && ends.page === lastPage && ends.atBottom) {
      if (breakAfter(ends.room, ends.lastText, next.first, printer) !== '\n') return 'goes-on';
    }
    return 'fresh';
  });
  const goOn = (c: number) => {
    const o = origins[c] ?? out.length - 1;
    const above = out[o]!;
    const ends = above.ends[c];
    const next = first.ends[c];
    const sep = ends && next ? breakAfter(ends.room, ends.lastText, next.first, printer) : '';
    const cells = [...above.cells];
    cells[c] = above.cells[c] + sep + first.cells[c];
    const moved = [...above.ends];
    moved[c] = first.ends[c];
    out[o] = { ...above, cells, ends: moved };
  };
  const rowGoesOn =
    kinds.includes('label') || (kinds.includes('goes-on') && !kinds.includes('fresh'));
  if (rowGoesOn) {
    kinds.forEach((k, c) => {
      if (k === 'goes-on' || k === 'fresh') goOn(c);
    });
    return undefined;
  }
  // A row of its own; the text of a merged cell above that ran on into it goes back there
  // (this program never runs a merged cell's text on: it repeats it).
  const cells = [...first.cells];
  kinds.forEach((k, c) => {
    const merged = last.cells[c] === '' || first.ends[c]?.merged === true;
    // Alone, a text of one line that fills its cell is no sign: short labels often do.
    const wrapped = (out[origins[c]!]?.ends[c]?.lines ?? 0) > 1;
    if (printer === 'other' && k === 'goes-on' && merged && wrapped) {
      goOn(c);
      cells[c] = '';
    }
  });
  return { ...first, cells };
}
