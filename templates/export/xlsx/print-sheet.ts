import type { Alignment, Cell as SheetCell, Worksheet } from 'exceljs';
import type { Cell, PrintModel, Row, TableBlock } from '../model.ts';
import { mmToPt } from '../units.ts';
import {
  heightOf,
  lineCount,
  MAX_ROW_PT,
  piecesThatFit,
  type FittedRows,
  type TextBox,
} from './row-height.ts';
import { amountNumber, groupedFormatHidingZero } from './numbers.ts';
import {
  cellFont,
  cellText,
  footerOf,
  freezeAndRepeat,
  mmToColumnWidth,
  pageSetupOf,
  THIN_BORDERS,
} from './sheet-style.ts';

/**
 * A PrintModel on a worksheet, so that it prints like the PDF: the paragraphs as rows merged
 * across the table's width, the `部门名称：… 单位：…` line split at the last column, the table
 * with its header rows repeated on every page and frozen, its merged cells, borders, wrapped text,
 * the layout's fonts and column widths, and every amount a number in the display's format.
 * For a model whose tables share one grid of columns (the official table has one table).
 */
export function writePrintSheet(sheet: Worksheet, model: PrintModel): void {
  const tables = model.blocks.filter((b): b is TableBlock => b.kind === 'table');
  const widths = tables[0]?.widths ?? [];
  if (tables.some((t) => t.widths.length !== widths.length)) {
    throw new Error('writePrintSheet: the tables of a model must share their columns');
  }
  const columns = Math.max(1, widths.length);
  sheet.columns = widths.map((mm) => ({ width: mmToColumnWidth(mm) }));
  sheet.pageSetup = { ...sheet.pageSetup, ...pageSetupOf(model.page) };
  sheet.headerFooter.oddFooter = footerOf(model.footer);

  let row = 1;
  let repeated: [number, number] | undefined;
  for (const block of model.blocks) {
    if (block.kind === 'paragraph') {
      const cell = sheet.getCell(row, 1);
      cell.value = cellText(block.text, () => `第 ${row} 行`);
      cell.font = cellFont(model.fonts[block.font]);
      cell.alignment = { horizontal: block.align, vertical: 'middle', wrapText: true };
      if (columns > 1) sheet.mergeCells(row, 1, row, columns);
      // Spreadsheets size a row to its text, but not to the text of a cell merged across it.
      sheet.getRow(row).height = paragraphHeight(
        block.text,
        model.fonts[block.font].size,
        widths.reduce((a, b) => a + b, 0),
      );
      row++;
    } else if (block.kind === 'info-line') {
      const font = cellFont(model.fonts[block.font]);
      sheet.getRow(row).height = Math.ceil(model.fonts[block.font].size * 1.5);
      const left = sheet.getCell(row, 1);
      left.value = cellText(block.left, () => `第 ${row} 行`);
      left.font = font;
      left.alignment = { horizontal: 'left', vertical: 'middle' };
      if (columns > 2) sheet.mergeCells(row, 1, row, columns - 1);
      if (columns > 1) {
        const right = sheet.getCell(row, columns);
        right.value = cellText(block.right, () => `第 ${row} 行`);
        right.font = font;
        right.alignment = { horizontal: 'right', vertical: 'middle' };
      }
      row++;
    } else {
      const headerStart = row;
      row = writeRows(sheet, model, block.header, row, widths);
      // The first table's header is the one repeated (a sheet has one set of print titles).
      repeated ??= [headerStart, row - 1];
      row = writeRows(sheet, model, block.rows, row, widths);
    }
  }
  if (repeated && repeated[1] >= repeated[0]) freezeAndRepeat(sheet, repeated[0], repeated[1]);
}

/** Points of a paragraph's row: its lines (CJK characters are as wide as the font is high). */
function paragraphHeight(text: string, sizePt: number, widthMm: number): number {
  const widthPt = mmToPt(widthMm);
  const lines = text
    .split('\n')
    .reduce((n, line) => n + Math.max(1, Math.ceil((line.length * sizePt) / widthPt)), 0);
  return Math.ceil(lines * sizePt * 1.5);
}

/** Writes model rows from sheet row `start`; returns the row after them. */
function writeRows(
  sheet: Worksheet,
  model: PrintModel,
  rows: readonly Row[],
  start: number,
  widthsMm: readonly number[],
) {
  const fitted = fitRows(model, rows, widthsMm);
  // Columns still covered by a cell merged down from a row above: row → columns.
  const covered = new Map<number, Set<number>>();
  const isCovered = (r: number, c: number) => covered.get(r)?.has(c) === true;
  fitted.rows.forEach((source, i) => {
    const r = start + i;
    sheet.getRow(r).height = fitted.heights[i]!;
    let c = 1;
    for (const cell of source.cells) {
      while (isCovered(r, c)) c++;
      const colSpan = cell.colSpan ?? 1;
      const rowSpan = cell.rowSpan ?? 1;
      writeCell(sheet.getCell(r, c), cell, model, () => `表格第 ${r} 行第 ${c} 列`);
      for (let dr = 0; dr < rowSpan; dr++) {
        for (let dc = 0; dc < colSpan; dc++) {
          if (dr === 0 && dc === 0) continue;
          let set = covered.get(r + dr);
          if (!set) covered.set(r + dr, (set = new Set()));
          set.add(c + dc);
          // Merged-over cells keep the borders, so the grid prints whole.
          sheet.getCell(r + dr, c + dc).border = THIN_BORDERS;
        }
      }
      if (colSpan > 1 || rowSpan > 1) sheet.mergeCells(r, c, r + rowSpan - 1, c + colSpan - 1);
      c += colSpan;
    }
  });
  return start + fitted.rows.length;
}

/**
 * Each model row as one sheet row of the height its text takes, or, when a cell's text is
 * taller than a row can be, as several: that cell's text goes on in the rows below, the row's
 * other cells merged down over them.
 */
function fitRows(
  model: PrintModel,
  rows: readonly Row[],
  widthsMm: readonly number[],
): FittedRows<Row> {
  const { table, fonts } = model;
  const padding = mmToPt(table.cellPadding.top + table.cellPadding.bottom);
  const boxOf = (cell: Cell, column: number): TextBox => {
    let mm = 0;
    for (let k = 0; k < (cell.colSpan ?? 1); k++) mm += widthsMm[column + k] ?? 0;
    return {
      widthPt: Math.max(1, mmToPt(mm - table.cellPadding.left - table.cellPadding.right)),
      sizePt: fonts[cell.font].size,
      lineHeight: table.lineHeight,
      paddingPt: padding,
    };
  };
  const out: Row[] = [];
  const heights: number[] = [];
  for (const row of rows) {
    // Rows with cells merged down already keep their shape (the official table has none).
    const spans = row.cells.some((c) => (c.rowSpan ?? 1) > 1);
    let column = 0;
    const placed = row.cells.map((cell) => {
      const box = boxOf(cell, column);
      column += cell.colSpan ?? 1;
      const pieces = spans || cell.amount ? [cell.text] : piecesThatFit(cell.text, box);
      return { cell, box, pieces };
    });
    const count = Math.max(1, ...placed.map((p) => p.pieces.length));
    for (let i = 0; i < count; i++) {
      const cells: Cell[] = [];
      let height = 0;
      for (const { cell, box, pieces } of placed) {
        const last = pieces.length - 1;
        if (i > last) continue;
        const text = pieces[i] ?? '';
        // The last piece (or the only one) covers the rows the others still go on in.
        const rest = i === last ? count - i : 1;
        cells.push({ ...cell, text, ...(rest > 1 ? { rowSpan: rest } : {}) });
        if (rest === 1 && (cell.rowSpan ?? 1) === 1) {
          height = Math.max(height, heightOf(lineCount(text, box), box));
        }
      }
      out.push({ ...row, cells });
      heights.push(
        Math.min(MAX_ROW_PT, Math.max(height, heightOf(1, placed[0]?.box ?? DEFAULT_BOX))),
      );
    }
  }
  return { rows: out, heights };
}

const DEFAULT_BOX: TextBox = { widthPt: 1, sizePt: 9, lineHeight: 1.3, paddingPt: 0 };

function writeCell(target: SheetCell, cell: Cell, model: PrintModel, where: () => string): void {
  const alignment: Partial<Alignment> = {
    horizontal: cell.align,
    vertical: cell.verticalAlign === 'center' ? 'middle' : 'top',
    wrapText: true,
    ...(cell.indent ? { indent: cell.indent } : {}),
  };
  if (cell.amount) {
    const { value, decimals } = amountNumber(cell.amount.cents, cell.amount.money);
    target.value = value;
    // The printed table leaves a zero amount empty; the cell still holds 0 for sums.
    target.numFmt = groupedFormatHidingZero(decimals);
  } else if (cell.text !== '') {
    target.value = cellText(cell.text, where);
  }
  target.font = cellFont(model.fonts[cell.font]);
  target.alignment = alignment;
  target.border = THIN_BORDERS;
}
