/**
 * A print layout: everything about how a table looks on paper, as data. Both exporters (PDF and
 * DOCX) read the same definition, so they cannot drift apart: page, fonts, sizes, columns and
 * widths, the fixed texts (title, the 部门名称 line, footer) and the table's spacing.
 *
 * Lengths are millimetres (what a clerk measures on paper), font sizes are points.
 * Texts with `{…}` are patterns filled from the document (see templates/export/cells.ts).
 */

import type { FormatStyle } from '../../db/shared/indicator-value.ts';

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

/**
 * The 项目支出绩效目标申报表: one table per project, each starting a page. What a document does
 * not have is not printed: a table of the Guangzhou fields only (name, unit, this year's money,
 * 绩效目标, indicators as sentences) prints the five columns and the short header block; the
 * national 申报表's fields (总体目标, 实施期, 性质, 类别, 项目资金总额, 上年结转, structured values,
 * 权重, 依据) add their rows and columns when the document has them.
 */
export interface PerProjectLayout extends LayoutBase {
  readonly kind: 'per-project';
  readonly title: string;
  readonly subtitle: string;
  /**
   * The indicator table's five columns; the indicator rows use them as their headers say. They
   * fill the width between the margins; the optional columns below take their room from all
   * five in proportion to their widths.
   */
  readonly columns: {
    readonly level1: ColumnSpec;
    readonly level2: ColumnSpec;
    readonly name: ColumnSpec;
    readonly cycleValue: ColumnSpec;
    readonly annualValue: ColumnSpec;
  };
  /**
   * How a structured value (计算符号 + 指标值 + 计量单位) prints: `merged` in the value column as
   * the national system shows it (`≥95%`), or `split` into 计算符号 | 指标值 | 计量单位 under each
   * value column's header. A document whose values are all sentences prints them whole either
   * way, in the five columns.
   */
  readonly indicatorValues: FormatStyle;
  /** Indicator columns printed only when needed. */
  readonly optionalColumns: {
    /** `split` only: cut from each value column, the 指标值 cell keeping the rest. */
    readonly operator: ColumnSpec;
    readonly measureUnit: ColumnSpec;
    /** When an indicator of the project has a 权重 / a 指标值设定依据. */
    readonly weight: ColumnSpec;
    readonly basis: ColumnSpec;
  };
  /**
   * The header block's column widths (mm) when the document has any of the national fields:
   * the label, then 项目资金总额, the year's 总计, 财政拨款, 财政专户拨款, 其他资金 and 上年结转.
   */
  readonly factColumns: readonly [number, number, number, number, number, number, number];
  readonly labels: {
    readonly project: string;
    readonly unit: string;
    readonly funds: string;
    readonly total: string;
    readonly fiscal: string;
    readonly specialAccount: string;
    readonly other: string;
    /** The goal when the document has no 总体目标: the Guangzhou table's 绩效目标. */
    readonly goal: string;
    /** The two goals when it has: 项目总体目标 (实施期) and 年度目标 (the same text as `goal`). */
    readonly overallGoal: string;
    readonly annualGoal: string;
    readonly period: string;
    /** `{起}` and `{止}` are the months, each written as `month` says (an unknown one empty). */
    readonly periodRange: string;
    /** `{年}`, `{月}` (two digits). */
    readonly month: string;
    readonly nature: string;
    /** Between 新增/延续 and 一次性/阶段性/经常性 in the 项目性质 cell. */
    readonly natureSeparator: string;
    readonly category: string;
    readonly totalBudget: string;
    /** Over the year's 总计 and its sources. */
    readonly annualFunds: string;
    readonly carryOver: string;
    /** `split`: the header of the 指标值 cell between 计算符号 and 计量单位. */
    readonly splitValue: string;
    /** Between the kind of standard and the clerk's words in the 依据 cell. */
    readonly basisSeparator: string;
  };
}

export type Layout = SummaryLayout | PerProjectLayout;
