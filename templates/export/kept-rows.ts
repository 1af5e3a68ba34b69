import { wrapText } from './linebreak.ts';
import type { Block, PrintModel, Row, TableBlock } from './model.ts';
import { mmToPt, pageSizeMm } from './units.ts';

/**
 * Where a table whose rows come in blocks kept together (Row.keepWithNext) starts a new page,
 * for an exporter that does not paginate itself (the DOCX). Word keeps such rows together when
 * told (keep with next), LibreOffice does not (7.4 ignores keep-with-next in table rows, and
 * cuts the text of a merged cell the page breaks: the part below the break is not printed). So
 * the table is cut into one table per page, each starting a page under its own header: a block
 * goes on the next page when it would not fit on what is left of this one. A block taller than
 * a page still splits, in its own part.
 *
 * The fonts are not at hand, so the heights are an over-estimate (every character at least
 * 0.6 em, an ideograph 1 em, a tenth of the page to spare): a page is cut a little early rather
 * than a block cut by the word processor's own page break.
 *
 * A merged cell whose text is taller than its rows makes them grow; they are then given SLACK
 * lines more than the text needs (`atLeast`, pt, on each of them). Else the merged text of the
 * block ending a page would fill its cell to the bottom border, as the text of a merged cell
 * cut by the page does in another printer's PDF, and a reader (db/import/pdf-grid-pages) would
 * run it on into the next page's first cell.
 */
export interface TablePages {
  /** The first row of each part after the first. */
  readonly breaks: readonly number[];
  readonly atLeast: readonly (number | undefined)[];
}

export function tablePages(model: PrintModel, index: number): TablePages {
  const block = model.blocks[index] as TableBlock;
  const rows = block.rows;
  const atLeast: (number | undefined)[] = rows.map(() => undefined);
  const breaks: number[] = [];
  if (!rows.some((r) => r.keepWithNext)) return { breaks, atLeast };
  const header = estimatedHeights(block.header, block.widths, model, 0).sum;
  const room = (pageRoom(model) - header) * SPARE;
  const { heights, grown } = estimatedHeights(rows, block.widths, model, SLACK);
  let used = heightBefore(model, index);
  let start = 0;
  let blockHeight = 0;
  rows.forEach((row, i) => {
    blockHeight += heights[i]!;
    if (row.keepWithNext) return;
    if (grown.some((g) => g >= start && g <= i)) {
      for (let k = start; k <= i; k++) atLeast[k] = heights[k];
    }
    // A block taller than a page goes on where it is: it splits anyway (and LibreOffice leaves
    // rows out of a table that starts with a block taller than a page).
    if (used > 0 && used + blockHeight > room && blockHeight <= room) {
      breaks.push(start);
      used = 0;
    }
    // A block taller than a page ends on a page of its own accord: counted as filling it.
    used = blockHeight > room ? room : used + blockHeight;
    start = i + 1;
    blockHeight = 0;
  });
  return { breaks, atLeast };
}

const SPARE = 0.9;
const NARROW_EM = 0.6;
/** Lines to spare under a merged text that makes its rows grow (see TablePages). */
const SLACK = 3;

/** Points between the top and the bottom margin. */
function pageRoom(model: PrintModel): number {
  const m = model.page.margins;
  return mmToPt(pageSizeMm(model.page)[1] - m.top - m.bottom);
}

const estimate =
  (em: number) =>
  (ch: string): number =>
    ch.codePointAt(0)! >= 0x2e80 ? em : em * NARROW_EM;

/** What the blocks before the table take of its first page (the title, the 部门名称 line). */
function heightBefore(model: PrintModel, index: number): number {
  const m = model.page.margins;
  const width = mmToPt(pageSizeMm(model.page)[0] - m.left - m.right);
  let used = 0;
  for (const b of model.blocks.slice(0, index) as Block[]) {
    if (b.kind === 'table') return 0; // not the first thing on its page: not planned for
    if (b.kind === 'paragraph' && b.pageBreakBefore) used = 0;
    const em = model.fonts[b.font].size;
    const text = b.kind === 'paragraph' ? b.text : `${b.left}\u3000\u3000${b.right}`;
    const lines = Math.max(1, wrapText(text, width, estimate(em)).length);
    used += lines * em * model.table.lineHeight + mmToPt(b.spaceAfter);
  }
  return used;
}

/**
 * Each row's height in points, a cell merged down growing the last row it covers (to its text
 * and `slack` lines more); `grown`: the rows that grew so.
 */
function estimatedHeights(
  rows: readonly Row[],
  widthsMm: readonly number[],
  model: PrintModel,
  slack: number,
): { heights: number[]; sum: number; grown: number[] } {
  const pad = model.table.cellPadding;
  const padV = mmToPt(pad.top + pad.bottom);
  const padH = mmToPt(pad.left + pad.right);
  const widths = widthsMm.map(mmToPt);
  const covered = widths.map(() => 0);
  const heights: number[] = [];
  const spans: { from: number; rows: number; height: number }[] = [];
  rows.forEach((row, r) => {
    let col = 0;
    let own = padV + model.fonts.body.size * model.table.lineHeight;
    for (const cell of row.cells) {
      while (col < widths.length && covered[col]! > 0) col++;
      const span = cell.colSpan ?? 1;
      const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
      const em = model.fonts[cell.font].size;
      const pitch = em * model.table.lineHeight;
      const lines = wrapText(
        cell.text,
        width - padH - (cell.indent ?? 0) * em,
        estimate(em),
      ).length;
      const height = padV + Math.max(1, lines) * pitch;
      const down = cell.rowSpan ?? 1;
      if (down > 1) spans.push({ from: r, rows: down, height: height + slack * pitch });
      else own = Math.max(own, height);
      for (let c = col; c < col + span && c < widths.length; c++) {
        covered[c] = Math.max(covered[c]!, down);
      }
      col += span;
    }
    for (let c = 0; c < covered.length; c++) if (covered[c]! > 0) covered[c]!--;
    heights.push(own);
  });
  const grown: number[] = [];
  for (const s of spans) {
    const last = Math.min(heights.length - 1, s.from + s.rows - 1);
    const have = heights.slice(s.from, last + 1).reduce((a, b) => a + b, 0);
    if (s.height > have) {
      heights[last]! += s.height - have;
      grown.push(last);
    }
  }
  return { heights, sum: heights.reduce((a, b) => a + b, 0), grown };
}
