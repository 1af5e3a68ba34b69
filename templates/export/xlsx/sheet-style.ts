import type { Borders, Font, PageSetup, Worksheet } from 'exceljs';
import type { FontSpec, PageSpec } from '../../layout/types.ts';
import { UserError } from '../../../db/shared/errors.ts';

/** Lengths and looks shared by every sheet the program writes. */

/** A4 in the codes of SpreadsheetML's paperSize (ECMA-376 §18.3.1.63). */
export const PAPER_A4 = 9;

/** Excel's column width unit is the width of a digit of the default font (Calibri 11: 7 px). */
const DIGIT_PX = 7;
/** The few pixels of padding Excel adds to every column. */
const COLUMN_PADDING_PX = 5;
const PX_PER_MM = 96 / 25.4;

/** A width on paper, mm, as a column width in Excel's characters. */
export function mmToColumnWidth(mm: number): number {
  const width = Math.round(((mm * PX_PER_MM - COLUMN_PADDING_PX) / DIGIT_PX) * 100) / 100;
  // exceljs writes no width for exactly its default, 9, and the sheet's default is narrower.
  return width === 9 ? 9.01 : width;
}

const MM_PER_INCH = 25.4;
export const mmToInch = (mm: number): number => Math.round((mm / MM_PER_INCH) * 1000) / 1000;

export const THIN_BORDERS: Partial<Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export function cellFont(spec: FontSpec): Partial<Font> {
  return { name: spec.family, size: spec.size, ...(spec.bold ? { bold: true } : {}) };
}

/** The most characters a cell holds (Excel's limit; past it Excel offers to repair the file). */
export const MAX_CELL_CHARS = 32_767;

// eslint-disable-next-line no-control-regex
const NOT_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/**
 * Text as a cell can hold it: characters XML 1.0 cannot carry (control characters other than
 * tab and line feed, which another tool may have stored) are left out, since a workbook with
 * one does not open at all. Past Excel's limit of characters the export is refused with `where`.
 */
export function cellText(text: string, where: () => string): string {
  const clean = text.replace(/\r\n?/g, '\n').replace(NOT_IN_XML, '');
  if (clean.length > MAX_CELL_CHARS) {
    throw new UserError(
      `${where()}的文字有 ${clean.length} 个字符，超过 Excel 单元格的上限 ${MAX_CELL_CHARS} 个，未导出；请改用“绩效指标导入表（每行一个指标）”格式，或导出 Word/PDF`,
    );
  }
  return clean;
}

/** A4 in the orientation and margins of a print layout, fitted to the page's width. */
export function pageSetupOf(page: PageSpec): Partial<PageSetup> {
  return {
    paperSize: PAPER_A4 as PageSetup['paperSize'],
    orientation: page.orientation,
    fitToPage: true,
    fitToWidth: 1,
    // As many pages down as the rows take.
    fitToHeight: 0,
    margins: {
      top: mmToInch(page.margins.top),
      right: mmToInch(page.margins.right),
      bottom: mmToInch(page.margins.bottom),
      left: mmToInch(page.margins.left),
      header: mmToInch(page.footerDistance),
      footer: mmToInch(page.footerDistance),
    },
  };
}

/** A layout's footer (`第 {页码} 页 共 {总页数} 页`) in a sheet's footer codes, centred. */
export function footerOf(pattern: string): string {
  return `&C${pattern.replaceAll('&', '&&').replace('{页码}', '&P').replace('{总页数}', '&N')}`;
}

/** The row `n` (from 1) and those above stay in view; they print on every page too. */
export function freezeAndRepeat(sheet: Worksheet, firstRepeated: number, lastRepeated: number) {
  sheet.views = [{ state: 'frozen', ySplit: lastRepeated }];
  sheet.pageSetup.printTitlesRow = `${firstRepeated}:${lastRepeated}`;
}
