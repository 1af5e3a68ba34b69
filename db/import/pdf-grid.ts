import type { CellSource } from './cell-rows.ts';
import { isCjk } from './cjk-spaces.ts';
import { readRuledPdf, type RuledPage, type RuledPdf } from './pdf-grid-pdfjs.ts';
import type { Rule } from './pdf-grid-rules.ts';
import { joinPages, type CellSide, type PageRow } from './pdf-grid-pages.ts';
import { cellEnds, joinCellLines, toLines, type CellEnds, type Printer } from './pdf-grid-text.ts';
import type { PageText } from './pdf-layout.ts';

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
 * - A table going on over a page: see pdf-grid-pages.ts.
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
/**
 * A cell whose last baseline is less than this far (font sizes) above its bottom border is
 * full: below it a line's descent and the cell's padding, short of another line's pitch.
 */
const FULL_TO_BOTTOM = 2;
/** A Chinese character's height above its baseline, in font sizes. */
const ASCENT = 0.88;
/** How far (font sizes) a line may reach above its cell's top border and still be its own. */
const OVERRUN = 0.25;
/** Lines outside the grid: pieces further apart than this (font sizes) are separate phrases. */
const PHRASE_GAP = 1;

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
  return { rows: joinPages(out, printer), origin: 'pdf' };
}

// ---- one page ------------------------------------------------------------------------------

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
  const placed: { y: number; cells: string[]; ends?: (CellSide | undefined)[]; grid?: number }[] =
    [];
  grids.forEach((grid, g) => {
    const padding = gridPadding(grid);
    const bottom = grid.bands.at(-1)?.bottom ?? 0;
    grid.bands.forEach((band, b) => {
      if (band.cells.length === 0) return;
      const read = band.cells.map((c) =>
        c.band === b
          ? cellText(c, padding, printer)
          : { text: '', ends: undefined, lastBaseline: 0 },
      );
      const ends = band.cells.map((c, k) => {
        const e = read[k]!.ends;
        if (!e) return undefined;
        // The text's last line down at the cell's bottom (within its padding): it may go on.
        const full = c.bottom - read[k]!.lastBaseline <= FULL_TO_BOTTOM * e.first.size;
        return {
          ...e,
          page: page.page,
          atBottom: c.bottom >= bottom - TOL && full,
          merged: c.bottom > band.bottom + TOL,
        };
      });
      placed.push({ y: band.top, cells: read.map((r) => r.text), ends, grid: g });
    });
  });
  for (const line of toLines(free, printer, PHRASE_GAP)) {
    placed.push({ y: line.y - line.size, cells: [line.text] });
  }
  placed.sort((a, b) => a.y - b.y);
  return placed.map((p, i) => ({
    cells: p.cells,
    ends: p.ends ?? [],
    where: { page: page.page, line: i + 1 },
    ...(p.grid === undefined ? {} : { grid: p.grid }),
  }));
}

function cellText(
  cell: Cell,
  padding: number,
  printer: Printer,
): { text: string; ends: CellEnds | undefined; lastBaseline: number } {
  const lines = toLines(cell.items, printer);
  const width = cell.x1 - cell.x0 - 2 * padding;
  return {
    text: joinCellLines(lines, width, printer),
    ends: cellEnds(lines, width),
    lastBaseline: lines.at(-1)?.y ?? 0,
  };
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

/**
 * The cell a piece of text starts in: its first character's middle. A line whose top is above
 * the cell's top border is the last line of the cell above, run over its bottom border
 * (LibreOffice prints a merged cell's text cut by a page on so).
 */
function cellAt(grids: readonly Grid[], item: PageText): Cell | undefined {
  const x = item.x + Math.min(item.width, item.size) / 2;
  const y = item.y - 0.35 * item.size;
  for (const grid of grids) {
    if (x < grid.x0 || x > grid.x1) continue;
    for (const [b, band] of grid.bands.entries()) {
      if (y < band.top || y > band.bottom) continue;
      const above = grid.bands[b - 1];
      const overTop = item.y - ASCENT * item.size < band.top - OVERRUN * item.size;
      const at = (bb: Band) => bb.cells.find((c) => x >= c.x0 && x <= c.x1);
      if (overTop && above && Math.abs(above.bottom - band.top) <= TOL) {
        const cell = at(above);
        if (cell) return cell;
      }
      const cell = at(band);
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
