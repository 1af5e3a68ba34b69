import type { Cell, Worksheet } from 'exceljs';
import type { PageSpec } from '../../layout/types.ts';
import { heightOf, lineCount, MAX_ROW_PT, type TextBox } from './row-height.ts';
import { cellText, freezeAndRepeat, pageSetupOf, THIN_BORDERS } from './sheet-style.ts';

/**
 * A data sheet: one header row (row 1, bold, frozen, repeated on every printed page), then one
 * row per record, each column's cells made by the column. What an import system reads.
 */

/** What a data cell holds: text, or a number with the format that shows it. */
export type DataValue = string | { readonly number: number; readonly numFmt: string } | null;

export interface DataColumn<T> {
  readonly header: string;
  /** Excel characters. */
  readonly width: number;
  /** Long text: wrapped in its cell. */
  readonly wrap?: boolean;
  readonly value: (record: T) => DataValue;
}

/** A data sheet prints A4 landscape, fitted to the page's width. */
const DATA_PAGE: PageSpec = {
  size: 'A4',
  orientation: 'landscape',
  margins: { top: 15, right: 10, bottom: 16, left: 10 },
  footerDistance: 8,
};

const HEADER_FONT = { name: '宋体', size: 10, bold: true } as const;
const BODY_FONT = { name: '宋体', size: 10 } as const;

export function writeDataSheet<T>(
  sheet: Worksheet,
  columns: readonly DataColumn<T>[],
  records: readonly T[],
): void {
  sheet.columns = columns.map((c) => ({ width: c.width }));
  sheet.pageSetup = { ...sheet.pageSetup, ...pageSetupOf(DATA_PAGE) };
  columns.forEach((col, i) => {
    const cell = sheet.getCell(1, i + 1);
    cell.value = col.header;
    cell.font = HEADER_FONT;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = THIN_BORDERS;
  });
  const boxes = columns.map((c) => boxOf(c.width));
  sheet.getRow(1).height = rowHeight(
    columns.map((c) => c.header),
    boxes,
  );
  records.forEach((record, r) => {
    const row = r + 2;
    const texts: string[] = [];
    columns.forEach((col, i) => {
      const cell = sheet.getCell(row, i + 1);
      const v = col.value(record);
      texts.push(typeof v === 'string' && col.wrap === true ? v : '');
      // An empty cell holds nothing (not an empty text, which some tools count as filled).
      if (typeof v === 'string') {
        if (v === '') return style(cell, col.wrap === true);
        cell.value = cellText(v, () => `工作表“${sheet.name}”第 ${row} 行“${col.header}”`);
      } else if (v !== null) {
        cell.value = v.number;
        cell.numFmt = v.numFmt;
      }
      style(cell, col.wrap === true);
    });
    sheet.getRow(row).height = rowHeight(texts, boxes);
  });
  freezeAndRepeat(sheet, 1, 1);
}

/** A column's width in Excel characters as the box its text wraps in (Calibri 11's 7 px digit). */
function boxOf(widthChars: number): TextBox {
  const widthPt = ((widthChars * 7 + 5) * 72) / 96 - 2 * CELL_PADDING_PT;
  return { widthPt, sizePt: BODY_FONT.size, lineHeight: 1.3, paddingPt: 2 * CELL_PADDING_PT };
}

/** The height of a row's tallest text (a spreadsheet other than Excel does not size rows itself). */
function rowHeight(texts: readonly string[], boxes: readonly TextBox[]): number {
  let height = heightOf(1, boxes[0]!);
  texts.forEach((t, i) => {
    if (t !== '') height = Math.max(height, heightOf(lineCount(t, boxes[i]!), boxes[i]!));
  });
  return Math.min(MAX_ROW_PT, height);
}

const CELL_PADDING_PT = 2;

function style(cell: Cell, wrap: boolean): void {
  cell.font = BODY_FONT;
  cell.alignment = { vertical: 'top', wrapText: wrap };
  cell.border = THIN_BORDERS;
}
