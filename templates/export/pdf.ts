import PDFDocument from 'pdfkit';
import type { FontRole, Sides } from '../layout/types.ts';
import { fillPattern } from './cells.ts';
import type { FontSearch } from './fonts.ts';
import { wrapText } from './linebreak.ts';
import type {
  Block,
  Cell,
  InfoLineBlock,
  ParagraphBlock,
  PrintModel,
  Row,
  TableBlock,
} from './model.ts';
import { PdfFonts } from './pdf-fonts.ts';
import { mmToPt, pageSizePt } from './units.ts';

/**
 * Puts a PrintModel on PDF pages with pdfkit. pdfkit's own table neither repeats headers nor
 * splits rows, so this module lays the table out itself: every cell's lines are known before
 * anything is drawn, a row that does not fit on what is left of a page is split between lines,
 * its continued part names its row (`培训经费（续）`), and the header rows start every page.
 * Text is drawn line by line as real text, cell after cell, so extracting it gives it back
 * in reading order.
 */

export interface PdfOptions {
  readonly fonts?: FontSearch;
  /**
   * Told as the tables' rows are laid out: `done` of `total`, each row counted once when its
   * text is wrapped and once when it is drawn (a long export shows its progress; see
   * templates/export/worker). Subsetting the fonts and writing the file come after.
   */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface PdfResult {
  readonly bytes: Buffer;
  readonly pages: number;
  /** The font used for the text, e.g. `Noto Serif CJK SC（系统字体）`. */
  readonly font: string;
  /** Characters that no available font can print. */
  readonly missingGlyphs: readonly string[];
}

export async function renderPdf(model: PrintModel, options: PdfOptions = {}): Promise<PdfResult> {
  const [width, height] = pageSizePt(model.page);
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: model.meta.title,
      Author: model.meta.author,
      Subject: model.meta.subject,
      Creator: '绩效目标表编制器',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const fonts = new PdfFonts(doc, model.fonts, options.fonts);
  const writer = new PageWriter(doc, fonts, model, width, height, rowCounter(model, options));
  for (const block of model.blocks) writer.block(block);
  writer.footers();
  doc.end();
  await ended;
  return {
    bytes: Buffer.concat(chunks),
    pages: writer.pageCount,
    font: fonts.choice.label,
    missingGlyphs: [...fonts.missing],
  };
}

/** Counts the tables' rows for `onProgress`: each row is wrapped once and drawn once. */
function rowCounter(model: PrintModel, options: PdfOptions): (() => void) | undefined {
  const report = options.onProgress;
  if (!report) return undefined;
  let total = 0;
  for (const b of model.blocks) if (b.kind === 'table') total += 2 * b.rows.length;
  let done = 0;
  return () => report(++done, total);
}

/**
 * Per row, the height of the rows kept on its page with it (Row.keepWithNext) when it is the
 * first of them, else 0 (a row kept with none splits where the page ends, as it always did).
 */
function keptHeights(rows: readonly PlacedRow[]): number[] {
  const out = rows.map(() => 0);
  let start = 0;
  rows.forEach((r, i) => {
    out[start]! += r.height;
    if (r.row.keepWithNext) return;
    if (start === i) out[start] = 0;
    start = i + 1;
  });
  return out;
}

/** A cell placed in its table: which columns it covers and its text as lines. */
interface PlacedCell {
  readonly cell: Cell;
  readonly x: number;
  readonly width: number;
  readonly lines: readonly string[];
  readonly rowSpan: number;
}

interface PlacedRow {
  readonly row: Row;
  readonly cells: readonly PlacedCell[];
  /** Height when not split, including what rowSpan cells ending here need. */
  height: number;
}

/** A merged-down cell while its rows are being drawn: drawn as one box per page. */
interface OpenSpan {
  readonly cell: PlacedCell;
  top: number;
  rowsLeft: number;
  firstPiece: boolean;
}

class PageWriter {
  pageCount = 0;
  private y = 0;
  private readonly top: number;
  private readonly bottom: number;
  private readonly left: number;
  private readonly contentWidth: number;
  private readonly pad: Sides;
  /** Something other than a repeated header is on this page. */
  private pageHasContent = false;
  /** Where the rows of the table being drawn start on this page, below its header. */
  private bodyTop = 0;
  /** Each text's lines, by style and width (wrap). */
  private readonly wrapped = new Map<string, readonly string[]>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: PdfFonts,
    private readonly model: PrintModel,
    private readonly pageWidth: number,
    private readonly pageHeight: number,
    private readonly rowDone: () => void = () => {},
  ) {
    const m = model.page.margins;
    this.top = mmToPt(m.top);
    this.bottom = pageHeight - mmToPt(m.bottom);
    this.left = mmToPt(m.left);
    this.contentWidth = pageWidth - mmToPt(m.left) - mmToPt(m.right);
    const p = model.table.cellPadding;
    this.pad = {
      top: mmToPt(p.top),
      right: mmToPt(p.right),
      bottom: mmToPt(p.bottom),
      left: mmToPt(p.left),
    };
  }

  block(block: Block): void {
    if (this.pageCount === 0) this.newPage();
    switch (block.kind) {
      case 'paragraph':
        return this.paragraph(block);
      case 'info-line':
        return this.infoLine(block);
      case 'table':
        return this.table(block);
    }
  }

  /** `第 N 页 共 M 页` on every page, once the number of pages is known. */
  footers(): void {
    const role: FontRole = 'footer';
    const lh = this.lineHeight(role);
    const bottomOfLine = this.pageHeight - mmToPt(this.model.page.footerDistance);
    for (let i = 0; i < this.pageCount; i++) {
      this.doc.switchToPage(i);
      const text = fillPattern(this.model.footer, { 页码: i + 1, 总页数: this.pageCount });
      const w = this.fonts.width(text, role);
      this.drawLine(text, role, this.left + (this.contentWidth - w) / 2, bottomOfLine - lh);
    }
  }

  private newPage(): void {
    const [w, h] = [this.pageWidth, this.pageHeight];
    this.doc.addPage({ size: [w, h], margin: 0 });
    this.pageCount++;
    this.y = this.top;
    this.pageHasContent = false;
  }

  private lineHeight(role: FontRole): number {
    return this.fonts.size(role) * this.model.table.lineHeight;
  }

  /** One line of text whose line box starts at `top`. */
  private drawLine(text: string, role: FontRole, x: number, top: number): void {
    if (!text) return;
    const size = this.fonts.size(role);
    // Centre the ideographic em box (0.88 em above the baseline in CJK fonts) in the line box.
    const baseline = top + (this.lineHeight(role) - size) / 2 + size * 0.88;
    this.fonts.draw(text, role, x, baseline);
  }

  private wrap(text: string, role: FontRole, width: number): readonly string[] {
    // A table wraps the same texts in the same columns over and over (levels, units, 万元).
    const key = `${role}\u0000${width}\u0000${text}`;
    let lines = this.wrapped.get(key);
    if (!lines) {
      lines = wrapText(text, width, (ch) => this.fonts.charWidth(ch, role));
      this.wrapped.set(key, lines);
    }
    return lines;
  }

  private paragraph(block: ParagraphBlock): void {
    if (block.pageBreakBefore && this.pageHasContent) this.newPage();
    const lines = this.wrap(block.text, block.font, this.contentWidth);
    const lh = this.lineHeight(block.font);
    if (this.y + lines.length * lh > this.bottom && this.pageHasContent) this.newPage();
    for (const line of lines) {
      const w = this.fonts.width(line, block.font);
      const x =
        block.align === 'center'
          ? this.left + (this.contentWidth - w) / 2
          : block.align === 'right'
            ? this.left + this.contentWidth - w
            : this.left;
      this.drawLine(line, block.font, x, this.y);
      this.y += lh;
    }
    this.y += mmToPt(block.spaceAfter);
    this.pageHasContent = true;
  }

  private infoLine(block: InfoLineBlock): void {
    const role = block.font;
    const lh = this.lineHeight(role);
    const rightWidth = this.fonts.width(block.right, role);
    const gap = this.fonts.size(role) * 2;
    const lines = this.wrap(block.left, role, this.contentWidth - rightWidth - gap);
    if (this.y + Math.max(1, lines.length) * lh > this.bottom && this.pageHasContent) {
      this.newPage();
    }
    const top = this.y;
    for (const line of lines) {
      this.drawLine(line, role, this.left, this.y);
      this.y += lh;
    }
    this.drawLine(block.right, role, this.left + this.contentWidth - rightWidth, top);
    if (lines.length === 0) this.y += lh;
    this.y += mmToPt(block.spaceAfter);
    this.pageHasContent = true;
  }

  // ---- tables ------------------------------------------------------------------------------

  private table(block: TableBlock): void {
    const widths = block.widths.map(mmToPt);
    const total = widths.reduce((a, b) => a + b, 0);
    // A table narrower than the page is centred, as Word centres it.
    const x0 = this.left + Math.max(0, (this.contentWidth - total) / 2);
    const xs = widths.map((_, i) => x0 + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const header = this.placeRows(block.header, xs, widths);
    const rows = this.placeRows(block.rows, xs, widths, this.rowDone);
    const headerHeight = header.reduce((h, r) => h + r.height, 0);
    const tbl = this.model.table;

    const first = rows[0];
    const lhBody = this.lineHeight('body');
    // What a page holds under the header: a block of rows kept together that is taller splits.
    const pageRoom = this.bottom - this.top - headerHeight;
    const kept = keptHeights(rows);
    const firstNeed = !first
      ? 0
      : kept[0]! > 0 && kept[0]! <= pageRoom + 0.01
        ? kept[0]!
        : Math.min(first.height, this.pad.top + this.pad.bottom + tbl.minSplitLines * lhBody);
    if (this.y + headerHeight + firstNeed > this.bottom && this.pageHasContent) this.newPage();
    this.drawHeader(header);
    this.pageHasContent = true;
    this.bodyTop = this.y;

    const open: OpenSpan[] = [];
    rows.forEach((row, i) => {
      const block = kept[i]!;
      if (
        block > 0 &&
        block <= pageRoom + 0.01 &&
        this.y + block > this.bottom + 0.01 &&
        !this.atBodyTop()
      ) {
        this.breakPage(header, open);
      }
      this.placeRow(row, header, open);
      this.rowDone();
    });
    this.y += mmToPt(block.spaceAfter);
  }

  /** Where each cell of each row goes, and its lines. */
  private placeRows(
    rows: readonly Row[],
    xs: number[],
    widths: number[],
    rowDone: () => void = () => {},
  ): PlacedRow[] {
    const covered = widths.map(() => 0); // rows still covered by a cell from above
    const placed: PlacedRow[] = [];
    const spans: { cell: PlacedCell; from: number }[] = [];
    rows.forEach((row, r) => {
      const cells: PlacedCell[] = [];
      let col = 0;
      for (const cell of row.cells) {
        while (col < widths.length && covered[col]! > 0) col++;
        const span = Math.max(1, Math.min(cell.colSpan ?? 1, widths.length - col));
        const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
        const x = xs[col] ?? xs[xs.length - 1]!;
        const placedCell: PlacedCell = {
          cell,
          x,
          width,
          lines: this.cellLines(cell.text, cell, width),
          rowSpan: Math.max(1, cell.rowSpan ?? 1),
        };
        cells.push(placedCell);
        if (placedCell.rowSpan > 1) spans.push({ cell: placedCell, from: r });
        col += span;
      }
      for (let c = 0; c < covered.length; c++) if (covered[c]! > 0) covered[c]!--;
      for (const pc of cells) {
        if (pc.rowSpan > 1) {
          const start = xs.indexOf(pc.x);
          for (let c = start; c < xs.length && xs[c]! < pc.x + pc.width - 0.01; c++) {
            covered[c] = pc.rowSpan - 1;
          }
        }
      }
      const own = cells.filter((c) => c.rowSpan === 1);
      placed.push({
        row,
        cells,
        height: this.fragmentHeight(
          own.map((c) => c.lines.length),
          own,
        ),
      });
      rowDone();
    });
    // A merged cell whose text needs more than its rows give them: the last row grows.
    for (const { cell, from } of spans) {
      const last = Math.min(placed.length - 1, from + cell.rowSpan - 1);
      const have = placed.slice(from, last + 1).reduce((h, r) => h + r.height, 0);
      const need = this.fragmentHeight([cell.lines.length], [cell]);
      if (need > have) placed[last]!.height += need - have;
    }
    return placed;
  }

  private cellLines(text: string, cell: Cell, width: number): readonly string[] {
    const indent = (cell.indent ?? 0) * this.fonts.size(cell.font);
    return this.wrap(text, cell.font, width - this.pad.left - this.pad.right - indent);
  }

  private fragmentHeight(lineCounts: readonly number[], cells: readonly PlacedCell[]): number {
    let h = this.lineHeight('body');
    cells.forEach((c, i) => {
      h = Math.max(h, (lineCounts[i] ?? 0) * this.lineHeight(c.cell.font));
    });
    return this.pad.top + this.pad.bottom + h;
  }

  private drawHeader(header: readonly PlacedRow[]): void {
    header.forEach((row, r) => {
      for (const c of row.cells) {
        // A header cell merged down (一级指标 over 计算符号 | 指标值 | 计量单位) is one box.
        const height = header.slice(r, r + c.rowSpan).reduce((h, x) => h + x.height, 0);
        this.drawCell(c, c.lines, this.y, height);
      }
      this.y += row.height;
    });
  }

  /**
   * Draws one row, splitting it across pages when it does not fit: each part takes as many
   * lines of every cell as fit, the rest goes on under the repeated header of the next page.
   */
  private placeRow(row: PlacedRow, header: readonly PlacedRow[], open: OpenSpan[]): void {
    const tbl = this.model.table;
    const own = row.cells.filter((c) => c.rowSpan === 1);
    const spanning = row.cells.filter((c) => c.rowSpan > 1);
    let content = own.map((c) => c.lines);
    let first = true;

    // Keep a merged cell's first rows with it, so its text is printed whole on one page.
    if (spanning.length && !this.atBodyTop()) {
      const need = Math.max(
        row.height,
        ...spanning.map((c) => this.fragmentHeight([c.lines.length], [c])),
      );
      if (this.y + need > this.bottom) this.breakPage(header, open);
    }
    for (const c of spanning)
      open.push({ cell: c, top: this.y, rowsLeft: c.rowSpan, firstPiece: true });

    for (;;) {
      const lineCount = (i: number) => content[i]!.length;
      const needed = own.length ? Math.max(...own.map((_, i) => lineCount(i))) : 0;
      const height = first
        ? row.height
        : this.fragmentHeight(
            own.map((_, i) => lineCount(i)),
            own,
          );
      const available = this.bottom - this.y;
      if (height <= available + 0.01) {
        this.drawFragment(own, content, height);
        this.y += height;
        break;
      }
      const lh = this.lineHeight('body');
      let fit = Math.floor((available - this.pad.top - this.pad.bottom) / lh);
      // Leave at least minSplitLines for the next page too.
      if (needed - fit < tbl.minSplitLines) fit = needed - tbl.minSplitLines;
      if (fit < tbl.minSplitLines) {
        if (!this.atBodyTop()) {
          this.breakPage(header, open);
          continue;
        }
        // A page that cannot hold even that: split anyway rather than loop.
        fit = Math.max(1, Math.floor((available - this.pad.top - this.pad.bottom) / lh));
      }
      const part = content.map((lines) => lines.slice(0, fit));
      const partHeight = this.fragmentHeight(
        part.map((l) => l.length),
        own,
      );
      this.drawFragment(own, part, partHeight);
      this.y += partHeight;
      content = content.map((lines) => lines.slice(fit));
      // The continued part names its row, once the cell's own text is all printed (and while
      // other cells still have something to say, so a long label cannot repeat forever).
      const cont = row.row.continuation;
      if (cont) {
        const i = own.findIndex((c) => c.cell === row.row.cells[cont.cell]);
        const othersLeft = content.some((l, j) => j !== i && l.length > 0);
        if (i >= 0 && content[i]!.length === 0 && othersLeft) {
          content[i] = this.cellLines(cont.text, own[i]!.cell, own[i]!.width);
        }
      }
      this.breakPage(header, open);
      first = false;
    }

    // Merged cells end with the last row they cover.
    for (let k = open.length - 1; k >= 0; k--) {
      const span = open[k]!;
      span.rowsLeft--;
      if (span.rowsLeft === 0) {
        this.drawSpanPiece(span, this.y);
        open.splice(k, 1);
      }
    }
    this.pageHasContent = true;
  }

  /** Ends the page inside a table: merged cells close their box, the header starts the next. */
  private breakPage(header: readonly PlacedRow[], open: OpenSpan[]): void {
    for (const span of open) this.drawSpanPiece(span, this.y);
    this.newPage();
    this.drawHeader(header);
    this.pageHasContent = true;
    this.bodyTop = this.y;
    for (const span of open) {
      span.top = this.y;
      span.firstPiece = false;
    }
  }

  /** Whether nothing but the repeated header is on this page yet. */
  private atBodyTop(): boolean {
    return this.y <= this.bodyTop + 0.01;
  }

  private drawSpanPiece(span: OpenSpan, bottom: number): void {
    const h = bottom - span.top;
    if (h <= 0.01) return;
    const c = span.cell;
    // The text is printed whole in the first piece; a later piece repeats it where it fits.
    const fits = this.fragmentHeight([c.lines.length], [c]) <= h + 0.01;
    this.drawCell(c, span.firstPiece || fits ? c.lines : [], span.top, h);
  }

  private drawFragment(
    cells: readonly PlacedCell[],
    lines: readonly (readonly string[])[],
    height: number,
  ): void {
    cells.forEach((c, i) => this.drawCell(c, lines[i] ?? [], this.y, height));
  }

  private drawCell(c: PlacedCell, lines: readonly string[], top: number, height: number): void {
    const { cell } = c;
    this.doc
      .lineWidth(this.model.table.borderWidth)
      .strokeColor('black')
      .rect(c.x, top, c.width, height)
      .stroke();
    const lh = this.lineHeight(cell.font);
    const textHeight = lines.length * lh;
    let lineTop =
      cell.verticalAlign === 'center' ? top + (height - textHeight) / 2 : top + this.pad.top;
    const indent = (cell.indent ?? 0) * this.fonts.size(cell.font);
    for (const line of lines) {
      const w = this.fonts.width(line, cell.font);
      const x =
        cell.align === 'right'
          ? c.x + c.width - this.pad.right - w
          : cell.align === 'center'
            ? c.x + (c.width - w) / 2
            : c.x + this.pad.left + indent;
      this.drawLine(line, cell.font, x, lineTop);
      lineTop += lh;
    }
  }
}
