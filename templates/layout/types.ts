/**
 * A print layout: everything about how a table looks on paper, as data. Both exporters (PDF and
 * DOCX) read the same definition, so they cannot drift apart: page, fonts, sizes, columns and
 * widths, the fixed texts (title, the 部门名称 line, footer) and the table's spacing.
 *
 * Lengths are millimetres (what a clerk measures on paper), font sizes are points.
 * Texts with `{…}` are patterns filled from the document (see templates/export/cells.ts).
 */

export type Align = 'left' | 'center' | 'right';
export type VerticalAlign = 'top' | 'center';

export interface FontSpec {
  /**
   * The family as office software names it. The DOCX names it as is (as the East Asian and the
   * Latin font); the PDF exporter finds a file for it on this machine, or uses the bundled
   * open-licensed font (templates/export/fonts.ts).
   */
  readonly family: string;
  /** Points. 9 = 小五, 10.5 = 五号, 12 = 小四, 14 = 四号, 16 = 三号, 18 = 小二. */
  readonly size: number;
  readonly bold?: boolean;
}

/** The named text styles a layout uses; cells and paragraphs refer to them by name. */
export interface LayoutFonts {
  readonly title: FontSpec;
  readonly subtitle: FontSpec;
  readonly info: FontSpec;
  readonly header: FontSpec;
  readonly body: FontSpec;
  readonly footer: FontSpec;
}
export type FontRole = keyof LayoutFonts;

export interface Sides {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export interface PageSpec {
  readonly size: 'A4';
  readonly orientation: 'landscape' | 'portrait';
  /** The table and texts stay inside these; the footer sits in the bottom margin. */
  readonly margins: Sides;
  /** From the bottom edge of the paper to the bottom of the footer line. */
  readonly footerDistance: number;
}

export interface TableStyle {
  /** Space between a cell's border and its text (Word's 单元格边距). */
  readonly cellPadding: Sides;
  /** Border line width in points. */
  readonly borderWidth: number;
  /** Line pitch as a multiple of the font size, fixed ("exactly") in both exporters. */
  readonly lineHeight: number;
  readonly headerVerticalAlign: VerticalAlign;
  readonly bodyVerticalAlign: VerticalAlign;
  /**
   * A row that does not fit on what is left of a page splits only if at least this many of its
   * lines fit there (and as many are left for the next page); otherwise it starts a new page.
   */
  readonly minSplitLines: number;
}

export interface ColumnSpec {
  readonly header: string;
  /** Millimetres. */
  readonly width: number;
  readonly align: Align;
}

interface LayoutBase {
  /** What `--layout` takes. */
  readonly id: string;
  /** How the program names the layout to the user. */
  readonly name: string;
  readonly page: PageSpec;
  readonly fonts: LayoutFonts;
  readonly table: TableStyle;
  /** Shown under the title: `部门名称：…` on the left, `单位：万元` on the right. */
  readonly infoLine: { readonly left: string; readonly right: string };
  /** `{页码}` and `{总页数}` are the page fields. */
  readonly footer: string;
  /** What the continued part of a split row shows in place of the name: `{名称}（续）`. */
  readonly continuation: string;
  /** Space after the title block and after the 部门名称 line, mm. */
  readonly spaceAfterTitle: number;
  readonly spaceAfterInfo: number;
}

/** The published 项目支出绩效目标表: one table, 合计, units, their projects indented. */
export interface SummaryLayout extends LayoutBase {
  readonly kind: 'summary';
  readonly title: string;
  readonly columns: {
    readonly name: ColumnSpec;
    readonly total: ColumnSpec;
    readonly fiscal: ColumnSpec;
    readonly specialAccount: ColumnSpec;
    readonly other: ColumnSpec;
    readonly goal: ColumnSpec;
    readonly indicators: ColumnSpec;
  };
  /** The first column's text of the 合计 row. */
  readonly grandTotalLabel: string;
  /** Indentation of a project under its unit, in characters (em). */
  readonly projectIndent: number;
}

/** The 项目支出绩效目标申报表: one table per project, each starting a page. */
export interface PerProjectLayout extends LayoutBase {
  readonly kind: 'per-project';
  readonly title: string;
  readonly subtitle: string;
  /** Five columns; the indicator rows use them as their headers say. */
  readonly columns: {
    readonly level1: ColumnSpec;
    readonly level2: ColumnSpec;
    readonly name: ColumnSpec;
    readonly cycleValue: ColumnSpec;
    readonly annualValue: ColumnSpec;
  };
  readonly labels: {
    readonly project: string;
    readonly unit: string;
    readonly funds: string;
    readonly total: string;
    readonly fiscal: string;
    readonly specialAccount: string;
    readonly other: string;
    readonly goal: string;
  };
}

export type Layout = SummaryLayout | PerProjectLayout;
