import PDFDocument from 'pdfkit';
import { bundledFont } from '../../templates/export/fonts.ts';

/**
 * Ruled tables drawn with pdfkit the ways real printers draw them, for the grid reader's tests:
 * a stroked rectangle per cell (this program's exporter), one stroked line per border in a
 * y-up coordinate system (LibreOffice, Word), or thin filled rectangles (LibreOffice's thicker
 * borders, report writers).
 */

export type BorderStyle = 'cell-rects' | 'lines' | 'filled';

/** A cell in points from the page's top left; its lines are printed top-down from `y + 3`. */
export interface DrawnCell {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly lines?: readonly string[];
}

/** Free text: a line printed at (x, y) (y the top of the line). */
export interface DrawnText {
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

export interface DrawnPage {
  readonly cells: readonly DrawnCell[];
  readonly texts?: readonly DrawnText[];
}

const SIZE = 9;
const PITCH = 12;
const PAD = 3;
const PAGE_HEIGHT = 841.89;

export async function drawPdf(
  pages: readonly DrawnPage[],
  style: BorderStyle,
  creator = 'Writer',
): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false, info: { Creator: creator } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', resolve));
  doc.font(bundledFont().regular.file).fontSize(SIZE);
  for (const page of pages) {
    doc.addPage({ size: 'A4', margin: 0 });
    drawBorders(doc, page.cells, style);
    for (const cell of page.cells) {
      (cell.lines ?? []).forEach((line, i) => {
        doc.text(line, cell.x + PAD, cell.y + PAD + i * PITCH, { lineBreak: false });
      });
    }
    for (const t of page.texts ?? []) doc.text(t.text, t.x, t.y, { lineBreak: false });
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

function drawBorders(doc: PDFKit.PDFDocument, cells: readonly DrawnCell[], style: BorderStyle) {
  if (style === 'cell-rects') {
    doc.lineWidth(0.5);
    for (const c of cells) doc.rect(c.x, c.y, c.w, c.h).stroke();
    return;
  }
  const edges = cells.flatMap((c) => [
    [c.x, c.y, c.x + c.w, c.y],
    [c.x, c.y + c.h, c.x + c.w, c.y + c.h],
    [c.x, c.y, c.x, c.y + c.h],
    [c.x + c.w, c.y, c.x + c.w, c.y + c.h],
  ]);
  doc.save();
  // y up, as PDF itself and LibreOffice draw.
  doc.transform(1, 0, 0, -1, 0, PAGE_HEIGHT);
  for (const [x0, y0, x1, y1] of edges as [number, number, number, number][]) {
    const [a, b] = [PAGE_HEIGHT - y0, PAGE_HEIGHT - y1];
    if (style === 'lines') {
      doc.lineWidth(0.5).moveTo(x0, a).lineTo(x1, b).stroke();
    } else if (a === b) {
      doc.rect(x0 - 0.3, a - 0.3, x1 - x0 + 0.6, 0.6).fill('black');
    } else {
      doc.rect(x0 - 0.3, Math.min(a, b) - 0.3, 0.6, Math.abs(b - a) + 0.6).fill('black');
    }
  }
  doc.restore();
}

let measurer: PDFKit.PDFDocument | undefined;

/** How wide pdfkit prints a text in the drawings' font. */
export function textWidth(text: string): number {
  measurer ??= new PDFDocument({ size: 'A4' }).font(bundledFont().regular.file).fontSize(SIZE);
  return measurer.widthOfString(text);
}

/** A text broken into lines no wider than `width`, anywhere (as LibreOffice breaks Chinese). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line !== '' && textWidth(line + ch) > width) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Rows of cells (as a text source gives them) drawn as a ruled table on A4 pages: a row of one
 * cell as a line of text outside the grid, any other row across the table's width in equal
 * cells, each cell's text wrapped to its width. A new page when one is full.
 */
export function drawnRows(rows: readonly (readonly string[])[]): DrawnPage[] {
  const pages: { cells: DrawnCell[]; texts: DrawnText[] }[] = [{ cells: [], texts: [] }];
  const left = 40;
  const width = 515;
  const bottom = 800;
  let y = 40;
  let inTable = false;
  for (const cells of rows) {
    let page = pages.at(-1)!;
    if (cells.length === 1) {
      const lines = wrap(cells[0]!, width);
      if (y + lines.length * PITCH + (inTable ? 4 : 0) > bottom) {
        pages.push((page = { cells: [], texts: [] }));
        y = 40;
      }
      // Apart from the table above, so it does not touch its border.
      if (inTable) y += 4;
      lines.forEach((text, i) => page.texts.push({ x: left, y: y + i * PITCH, text }));
      y += lines.length * PITCH + 4;
      inTable = false;
      continue;
    }
    const w = width / cells.length;
    const wrapped = cells.map((c) => wrap(c, w - 2 * PAD));
    const h = Math.max(1, ...wrapped.map((l) => l.length)) * PITCH + 2 * PAD;
    if (y + h > bottom) {
      pages.push((page = { cells: [], texts: [] }));
      y = 40;
    }
    wrapped.forEach((lines, i) => page.cells.push({ x: left + i * w, y, w, h, lines }));
    y += h;
    inTable = true;
  }
  return pages;
}
