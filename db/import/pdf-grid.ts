import type { CellRow, CellSource } from './cell-rows.ts';
import { isCjk } from './cjk-spaces.ts';
import { readRuledPdf, type RuledPage, type RuledPdf } from './pdf-grid-pdfjs.ts';
import type { Rule } from './pdf-grid-rules.ts';
import { joinCellLines, spaceAtBreak, toLines, type Printer } from './pdf-grid-text.ts';
import type { PageText } from './pdf-layout.ts';
import { PAGE_FURNITURE } from './table-draft.ts';

/**
 * Reads the ruled tables of a PDF by position: the borders the page draws make the grid, each
 * piece of text goes into the cell it is printed in, and the page becomes rows of cells
 * (cell-rows.ts), the shape the form readers take from a text as well.
 *
 * - A row of the grid lies between two horizontal borders; its cells between the vertical
 *   borders that cross it. A cell spanning columns is one cell; a cell spanning rows (no border
 *   across it) gives its text in its first row and an empty cell in the rows below, which the
 *   readers carry down.
 * - Text outside every grid (title, `部门名称：…  单位：万元`, signatures, `第 1 页 共 3 页`) is a
 *   row of one cell per printed line, in reading order with the grid's rows.
 * - A table going on over a page: the header rows repeated at the top of the next page and the
 *   page furniture between its parts are dropped; a row split by the page (its continued part
 *   named `…（续）`) is one row again.
 */

/** Borders this close (points) are one. */
const TOL = 1;
/**
 * How far a border may stop short of the border it meets (points): LibreOffice ends a table's
 * vertical borders a line width or so above the next table's top border.
 */
const REACH = 2.5;
/** A row or column narrower than this (points) is a double border, not a cell. */
const MIN_CELL = 2;
/** Lines outside the grid: pieces further apart than this (font sizes) are separate phrases. */
const PHRASE_GAP = 1;
/** How many repeated header rows a continued table may have. */
const MAX_HEADER_ROWS = 4;

/** What this program writes as the Creator of its PDFs (templates/export/pdf.ts). */
const OUR_CREATOR = '绩效目标表编制器';

export async function readPdfGrid(bytes: Uint8Array): Promise<CellSource> {
  return pdfCellSource(await readRuledPdf(bytes));
}

/** The rows of cells of a PDF already read. */
export function pdfCellSource(pdf: RuledPdf): CellSource {
  return gridCellSource(pdf.pages, pdf.creator === OUR_CREATOR ? 'this-program' : 'other');
}

/** The pages' rows of cells. */
export function gridCellSource(pages: readonly RuledPage[], printer: Printer): CellSource {
  const out: PageRow[][] = pages.map((p) => pageRows(p, printer));
  return { rows: joinPages(out), origin: 'pdf' };
}

// ---- one page ------------------------------------------------------------------------------

interface PageRow {
  readonly cells: string[];
  readonly where: { readonly page: number; readonly line: number };
  /** Which grid of the page the row is in; undefined for a line outside every grid. */
  readonly grid?: number;
}

interface Band {
  readonly top: number;
  readonly bottom: number;
  readonly cells: Cell[];
}

interface Cell {
  readonly x0: number;
  readonly x1: number;
  /** The first band the cell is in (where its text is given). */
  readonly band: number;
  bottom: number;
  readonly items: PageText[];
}

interface Grid {
  readonly bands: Band[];
  readonly x0: number;
  readonly x1: number;
}

function pageRows(page: RuledPage, printer: Printer): PageRow[] {
  const grids = findGrids(page.rules);
  const free: PageText[] = [];
  for (const whole of page.items) {
    for (const item of splitAtBorders(grids, whole)) {
      const cell = cellAt(grids, item);
      if (cell) cell.items.push(item);
      else free.push(item);
    }
  }
  const placed: { y: number; cells: string[]; grid?: number }[] = [];
  grids.forEach((grid, g) => {
    const padding = gridPadding(grid);
    grid.bands.forEach((band, b) => {
      if (band.cells.length === 0) return;
      const cells = band.cells.map((c) => (c.band === b ? cellText(c, padding, printer) : ''));
      placed.push({ y: band.top, cells, grid: g });
    });
  });
  for (const line of toLines(free, printer, PHRASE_GAP)) {
    placed.push({ y: line.y - line.size, cells: [line.text] });
  }
  placed.sort((a, b) => a.y - b.y);
  return placed.map((p, i) => ({
    cells: p.cells,
    where: { page: page.page, line: i + 1 },
    ...(p.grid === undefined ? {} : { grid: p.grid }),
  }));
}

function cellText(cell: Cell, padding: number, printer: Printer): string {
  const lines = toLines(cell.items, printer);
  if (lines.length === 0) return '';
  return joinCellLines(lines, cell.x1 - cell.x0 - 2 * padding, printer);
}

/**
 * The grid's cell padding: how far from its left border the text of a left-aligned cell starts,
 * the least of all its cells (centred and right-aligned text starts further in).
 */
function gridPadding(grid: Grid): number {
  let least = Infinity;
  for (const band of grid.bands) {
    for (const cell of band.cells) {
      for (const item of cell.items) least = Math.min(least, item.x - cell.x0);
    }
  }
  return Number.isFinite(least) ? Math.max(0, least) : 0;
}

/** The cell a piece of text starts in: its first character's middle. */
function cellAt(grids: readonly Grid[], item: PageText): Cell | undefined {
  const x = item.x + Math.min(item.width, item.size) / 2;
  const y = item.y - 0.35 * item.size;
  for (const grid of grids) {
    if (x < grid.x0 || x > grid.x1) continue;
    for (const band of grid.bands) {
      if (y < band.top || y > band.bottom) continue;
      const cell = band.cells.find((c) => x >= c.x0 && x <= c.x1);
      if (cell) return cell;
    }
  }
  return undefined;
}

/**
 * A piece of text that runs over a cell's right border, cut there. pdf.js joins the texts of
 * neighbouring cells into one piece when little space separates them (tight cell padding); the
 * piece's characters have no positions of their own, so the cut is where the border falls by
 * the characters' estimated widths (Chinese 1 em, others half), at a space if one is near.
 */
function splitAtBorders(grids: readonly Grid[], item: PageText): PageText[] {
  const cell = cellAt(grids, item);
  const chars = [...item.text];
  if (!cell || chars.length < 2 || item.x + item.width <= cell.x1 + 0.5 * item.size) return [item];
  const weights = chars.map((ch) => (isCjk(ch) ? 1 : ch === ' ' ? 0.3 : 0.5));
  const em = item.width / weights.reduce((a, b) => a + b, 0);
  let x = item.x;
  let cut = chars.length;
  for (let i = 0; i < chars.length; i++) {
    if (x + (weights[i]! * em) / 2 > cell.x1) {
      cut = i;
      break;
    }
    x += weights[i]! * em;
  }
  const space = [cut, cut - 1, cut + 1, cut - 2, cut + 2].find((i) => chars[i] === ' ');
  if (space !== undefined) cut = space;
  if (cut <= 0 || cut >= chars.length) return [item];
  const leftWidth = weights.slice(0, cut).reduce((a, b) => a + b, 0) * em;
  const left = chars.slice(0, cut).join('').trimEnd();
  const right = chars.slice(cut).join('').trimStart();
  if (right === '') return [item];
  const rest: PageText = {
    ...item,
    text: right,
    x: item.x + leftWidth + (chars[cut] === ' ' ? weights[cut]! * em : 0),
    width: item.width - leftWidth,
  };
  return [{ ...item, text: left, width: leftWidth }, ...splitAtBorders(grids, rest)];
}

// ---- the grids -----------------------------------------------------------------------------

type HRule = Extract<Rule, { dir: 'h' }>;
type VRule = Extract<Rule, { dir: 'v' }>;

/** The page's tables: sets of borders that touch, with rows and cells found. */
export function findGrids(rules: readonly Rule[]): Grid[] {
  const hs = mergeH(rules.filter((r): r is HRule => r.dir === 'h'));
  const vs = mergeV(rules.filter((r): r is VRule => r.dir === 'v'));
  const grids: Grid[] = [];
  for (const { h, v } of connected(hs, vs)) {
    if (h.length < 2 || v.length < 2) continue;
    const grid = gridOf(h, v);
    if (grid.bands.some((b) => b.cells.length > 0)) grids.push(grid);
  }
  return grids.sort((a, b) => (a.bands[0]?.top ?? 0) - (b.bands[0]?.top ?? 0));
}

function gridOf(hs: readonly HRule[], vs: readonly VRule[]): Grid {
  const ys = cluster(hs.map((h) => h.y));
  const bands: Band[] = [];
  for (let i = 0; i + 1 < ys.length; i++) {
    const top = ys[i]!;
    const bottom = ys[i + 1]!;
    if (bottom - top < MIN_CELL) continue;
    const xs = cluster(
      vs.filter((v) => v.y0 <= top + REACH && v.y1 >= bottom - REACH).map((v) => v.x),
    );
    const above = bands.at(-1);
    const adjacent = above !== undefined && Math.abs(above.bottom - top) <= TOL;
    const cells: Cell[] = [];
    for (let k = 0; k + 1 < xs.length; k++) {
      const x0 = xs[k]!;
      const x1 = xs[k + 1]!;
      if (x1 - x0 < MIN_CELL) continue;
      const over =
        adjacent && !bordered(hs, top, x0, x1)
          ? above.cells.find((c) => Math.abs(c.x0 - x0) <= TOL && Math.abs(c.x1 - x1) <= TOL)
          : undefined;
      if (over) {
        over.bottom = bottom;
        cells.push(over);
      } else cells.push({ x0, x1, band: bands.length, bottom, items: [] });
    }
    bands.push({ top, bottom, cells });
  }
  return {
    bands,
    x0: Math.min(...hs.map((h) => h.x0)),
    x1: Math.max(...hs.map((h) => h.x1)),
  };
}

/** Is there a border at `y` across the cell from x0 to x1 (all but its corners)? */
function bordered(hs: readonly HRule[], y: number, x0: number, x1: number): boolean {
  const inset = Math.min(3, (x1 - x0) / 4);
  return hs.some(
    (h) => Math.abs(h.y - y) <= TOL && h.x0 <= x0 + inset + TOL && h.x1 >= x1 - inset - TOL,
  );
}

/** Sorted values, those within TOL of each other as one (their mean). */
function cluster(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: { sum: number; n: number; last: number }[] = [];
  for (const v of sorted) {
    const c = out.at(-1);
    if (c && v - c.last <= TOL) {
      c.sum += v;
      c.n++;
      c.last = v;
    } else out.push({ sum: v, n: 1, last: v });
  }
  return out.map((c) => c.sum / c.n);
}

/** Collinear horizontal rules that overlap or touch, as one. */
function mergeH(hs: readonly HRule[]): HRule[] {
  const out: { y: number; x0: number; x1: number }[] = [];
  const sorted = [...hs].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  for (const ys of groupBy(sorted, (h) => h.y)) {
    ys.sort((a, b) => a.x0 - b.x0);
    let cur: { y: number; x0: number; x1: number } | undefined;
    for (const h of ys) {
      if (cur && h.x0 <= cur.x1 + TOL) cur.x1 = Math.max(cur.x1, h.x1);
      else {
        cur = { y: h.y, x0: h.x0, x1: h.x1 };
        out.push(cur);
      }
    }
  }
  return out.map((h) => ({ dir: 'h', ...h }));
}

function mergeV(vs: readonly VRule[]): VRule[] {
  const flipped = mergeH(vs.map((v) => ({ dir: 'h', y: v.x, x0: v.y0, x1: v.y1 })));
  return flipped.map((h) => ({ dir: 'v', x: h.y, y0: h.x0, y1: h.x1 }));
}

/** Runs of items whose key is within TOL of the run's first. */
function groupBy<T>(sorted: readonly T[], key: (t: T) => number): T[][] {
  const groups: T[][] = [];
  for (const item of sorted) {
    const g = groups.at(-1);
    if (g && key(item) - key(g[0]!) <= TOL) g.push(item);
    else groups.push([item]);
  }
  return groups;
}

/** Rules that cross or touch, transitively: the tables of a page. */
function connected(hs: readonly HRule[], vs: readonly VRule[]): { h: HRule[]; v: VRule[] }[] {
  const parent = [...hs, ...vs].map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  hs.forEach((h, i) => {
    vs.forEach((v, j) => {
      if (
        v.x >= h.x0 - REACH &&
        v.x <= h.x1 + REACH &&
        h.y >= v.y0 - REACH &&
        h.y <= v.y1 + REACH
      ) {
        parent[find(i)] = find(hs.length + j);
      }
    });
  });
  const groups = new Map<number, { h: HRule[]; v: VRule[] }>();
  const group = (i: number) => {
    const root = find(i);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { h: [], v: [] }));
    return g;
  };
  hs.forEach((h, i) => group(i).h.push(h));
  vs.forEach((v, j) => group(hs.length + j).v.push(v));
  return [...groups.values()];
}

// ---- pages together ------------------------------------------------------------------------

const isFurniture = (row: PageRow): boolean =>
  row.grid === undefined && PAGE_FURNITURE.some((re) => re.test(row.cells[0]!.trim()));

const sameCells = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((c, i) => c === b[i]);

/** `名称（续）` and `名称(续)`: the continued part of a row split by a page. */
const CONTINUED = /^(.*?)\s*[（(]续[)）]$/u;

/**
 * The pages' rows in order. Where a table goes on from one page to the next (the page ends in
 * the table and the next begins with it), the page furniture between is dropped, then the
 * rows at the top of the next page that repeat rows of the table (its header), and a first
 * row that continues the last (`…（续）` in a cell that had the same text) is joined to it.
 */
function joinPages(pages: readonly PageRow[][]): CellRow[] {
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
    const table = tableRun(out);
    const skip = repeatedHeader(body, table);
    const rest = body.slice(skip);
    const first = rest[0];
    const last = out.at(-1);
    if (first?.grid !== undefined && last && joinsSplitRow(last, first, table)) {
      out[out.length - 1] = { ...last, cells: mergeSplit(last.cells, first.cells, table) };
      out.push(...rest.slice(1));
    } else out.push(...rest);
  }
  return out.map((r) => ({ cells: r.cells, where: r.where }));
}

/** The rows of the table the output ends in. */
function tableRun(rows: readonly PageRow[]): PageRow[] {
  let i = rows.length;
  while (i > 0 && rows[i - 1]!.grid !== undefined) i--;
  return rows.slice(i);
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

/** The column's value as the readers carry it down: the last non-empty one above. */
function carried(table: readonly PageRow[], width: number, column: number): string {
  for (let i = table.length - 1; i >= 0; i--) {
    const cells = table[i]!.cells;
    if (cells.length !== width) return '';
    if (cells[column] !== '') return cells[column]!;
  }
  return '';
}

function joinsSplitRow(last: PageRow, first: PageRow, table: readonly PageRow[]): boolean {
  if (last.cells.length !== first.cells.length) return false;
  return continuedByLabel(last, first, table) || continuedByGap(last, first, table);
}

/** This program names the continued part: `…（续）` where the row had that text. */
function continuedByLabel(last: PageRow, first: PageRow, table: readonly PageRow[]): boolean {
  return first.cells.some((c, i) => {
    const m = CONTINUED.exec(c);
    return (
      m !== null && m[1] !== '' && m[1] === (last.cells[i] || carried(table, last.cells.length, i))
    );
  });
}

/**
 * Others (LibreOffice, Word) do not: the continued part leaves empty the cells whose text was
 * all printed before the break. A column the table always fills when a row says anything after
 * it (the 三级指标 before the values, a form's label before its text) left empty at the top of
 * the page, with text after it, says that the row goes on.
 */
function continuedByGap(last: PageRow, first: PageRow, table: readonly PageRow[]): boolean {
  const width = first.cells.length;
  const rows = table.filter((r) => r.cells.length === width);
  const saysAfter = (cells: readonly string[], i: number) =>
    cells.slice(i + 1).some((c) => c !== '');
  return first.cells.some((c, i) => {
    if (c !== '' || last.cells[i] === '' || !saysAfter(first.cells, i)) return false;
    const telling = rows.filter((r) => saysAfter(r.cells, i));
    return telling.length >= 2 && telling.every((r) => r.cells[i] !== '');
  });
}

/**
 * The two parts of a split row as one: each cell's text goes on, but a `…（续）` label and a
 * merged cell's text repeated on the new page are not text of their own.
 */
function mergeSplit(
  last: readonly string[],
  first: readonly string[],
  table: readonly PageRow[],
): string[] {
  return last.map((before, i) => {
    const after = first[i]!;
    if (after === '' || CONTINUED.test(after)) return before;
    if (after === (before || carried(table, last.length, i))) return before;
    return before === '' ? after : joinAcrossPage(before, after);
  });
}

function joinAcrossPage(before: string, after: string): string {
  return before + (spaceAtBreak(before, after) ? ' ' : '') + after;
}
