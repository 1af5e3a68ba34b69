import type { Cents, MoneyDisplay } from '../../db/shared/money.ts';
import type {
  Align,
  FontRole,
  LayoutFonts,
  PageSpec,
  TableStyle,
  VerticalAlign,
} from '../layout/types.ts';

/**
 * What gets printed, independent of the file format: the texts of every paragraph and cell,
 * already final (amounts formatted, indicators in notation, patterns filled), and how each is
 * placed. Built once from DocumentData and a layout (build.ts); the PDF and the DOCX exporter
 * only put it on paper, so they print the same words.
 */
export interface PrintModel {
  readonly page: PageSpec;
  readonly fonts: LayoutFonts;
  readonly table: TableStyle;
  /** With `{页码}` and `{总页数}` left in: each format fills them its own way. */
  readonly footer: string;
  readonly meta: { readonly title: string; readonly author: string; readonly subject: string };
  readonly blocks: readonly Block[];
}

export type Block = ParagraphBlock | InfoLineBlock | TableBlock;

export interface ParagraphBlock {
  readonly kind: 'paragraph';
  readonly text: string;
  readonly font: FontRole;
  readonly align: Align;
  /** mm */
  readonly spaceAfter: number;
  readonly pageBreakBefore?: boolean;
}

/** One line with a text on the left and one on the right (`部门名称：…` / `单位：万元`). */
export interface InfoLineBlock {
  readonly kind: 'info-line';
  readonly left: string;
  readonly right: string;
  readonly font: FontRole;
  /** mm */
  readonly spaceAfter: number;
}

export interface TableBlock {
  readonly kind: 'table';
  /** Column widths, mm. */
  readonly widths: readonly number[];
  /** Repeated at the top of every page the table continues on. */
  readonly header: readonly Row[];
  readonly rows: readonly Row[];
  /** Printed right under the previous table, as one table with it. */
  readonly joinPrevious?: boolean;
  /** mm */
  readonly spaceAfter: number;
}

export interface Row {
  /**
   * The cells that start in this row, left to right; a column covered by a cell of a row above
   * (rowSpan) has no cell here.
   */
  readonly cells: readonly Cell[];
  /**
   * When the row splits across pages, the continued part shows this text in cell `cell` (once
   * that cell's own text is all printed), so the reader knows whose row goes on: `培训经费（续）`.
   */
  readonly continuation?: { readonly cell: number; readonly text: string };
  /**
   * This row goes on the page of the next row: the rows of a block (a project's, whose cells
   * are merged down over them) stay on one page when they fit on one.
   */
  readonly keepWithNext?: boolean;
}

export interface Cell {
  /** `\n` starts a new line. */
  readonly text: string;
  readonly font: FontRole;
  readonly align: Align;
  readonly verticalAlign: VerticalAlign;
  /** First-level indentation in characters (em of the cell's font). */
  readonly indent?: number;
  readonly colSpan?: number;
  readonly rowSpan?: number;
  /**
   * The exact amount an amount cell shows (its text is this, formatted): what a spreadsheet
   * stores as a number. Paper formats print the text and ignore it.
   */
  readonly amount?: { readonly cents: Cents; readonly money: MoneyDisplay };
}
