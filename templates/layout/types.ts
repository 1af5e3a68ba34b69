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
  readonly title: string;
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

// ---- the parts other layouts are made of ---------------------------------------------------

/**
 * Something a document may have or lack; an optional part of a layout prints when it has it.
 * - `nationalFields`: any of 总体目标, 实施期, 性质/类别, 项目资金总额, 上年结转;
 * - `overallGoal`, `period`, `nature` (新增/延续, 一次性/阶段性/经常性 or 类别): those fields;
 * - `structuredValues`: a value entered as 计算符号 + 指标值 + 计量单位;
 * - `weight`, `basis`, `explanation`: an indicator's 权重, 指标值设定依据, 指标解释;
 * - `cycleDiffers`: an indicator whose 年度指标值 is not its 实施周期指标值;
 * - `specialAccountMoney`, `otherMoney`: a project with 财政专户拨款, with 其他资金.
 */
export type Feature =
  | 'nationalFields'
  | 'overallGoal'
  | 'period'
  | 'nature'
  | 'structuredValues'
  | 'weight'
  | 'basis'
  | 'explanation'
  | 'cycleDiffers'
  | 'specialAccountMoney'
  | 'otherMoney';

/**
 * Whether an optional part prints. `scope` says over which projects the feature is looked for:
 * the whole document (the default: every form of a document has the same rows, and an empty
 * cell says what one project lacks) or only the projects of the table being printed (a form's
 * 权重 column only where that project has weights).
 */
export type Show =
  | 'always'
  | 'never'
  | { readonly when: Feature; readonly scope?: 'document' | 'table' }
  | { readonly unless: Feature; readonly scope?: 'document' | 'table' };

/**
 * A project's own fields, as forms and grids print them: names, the document's 部门名称
 * (主管部门), 性质 (`延续、经常性`), 类别, 实施期 (`2025年01月—2027年12月`), the amounts in the
 * document's money unit (the year's 总计 and its three sources, 项目资金总额, 上年结转), 项目总体目标
 * and 年度目标 (the Guangzhou table's 绩效目标).
 */
export type ProjectField =
  | 'unit'
  | 'project'
  | 'department'
  | 'nature'
  | 'category'
  | 'period'
  | 'totalBudget'
  | 'total'
  | 'fiscal'
  | 'specialAccount'
  | 'other'
  | 'carryOver'
  | 'overallGoal'
  | 'goal';

/**
 * An indicator's fields: 一级 and 二级 category names, 三级指标, the two values, 权重, 指标值设定依据
 * (`历史标准：…`), 指标解释, 指标方向 (正向/反向).
 */
export type IndicatorField =
  | 'level1'
  | 'level2'
  | 'name'
  | 'cycleValue'
  | 'annualValue'
  | 'weight'
  | 'basis'
  | 'explanation'
  | 'polarity';

/**
 * A value column prints the whole value (`≥95%`, a sentence) unless it names one of the three
 * parts of a structured value: 计算符号 (`≥`, `定性`), 指标值 (`95`, `优`), 计量单位 (`%`).
 */
export type ValuePart = 'operator' | 'value' | 'unit';

/** One cell of a form block: a label, a project's field, or a fixed text. */
export type FormCell = (
  | {
      /** In the header style, e.g. `项目名称`, `项目资金（{金额单位}）`. */
      readonly label: string;
    }
  | { readonly field: ProjectField }
  | {
      /** In the body style: `（盖章）`, or '' for a cell to fill in by hand. */
      readonly text: string;
    }
) & {
  readonly colSpan?: number;
  readonly rowSpan?: number;
  /** Labels are centred; a field or text is left aligned unless it is an amount. */
  readonly align?: Align;
  /** Lines a cell to write in by hand takes at least (审核意见). */
  readonly minLines?: number;
};

export interface FormRow {
  readonly show?: Show;
  /** Left to right; a column covered by a cell of a row above has none (as in the model). */
  readonly cells: readonly FormCell[];
}

/** A block of label/value rows on a grid of its own: a form's header block or its signatures. */
export interface FormBlock {
  readonly show?: Show;
  /** Column widths, mm, filling the page between its margins. */
  readonly widths: readonly number[];
  readonly rows: readonly FormRow[];
}

/** One column of an indicator grid. */
export interface GridColumn extends ColumnSpec {
  readonly field: ProjectField | IndicatorField;
  /** For `cycleValue` and `annualValue` only. */
  readonly part?: ValuePart;
  /** Default `always`. */
  readonly show?: Show;
  /**
   * Keeps its width when other columns come and go; the columns that are not fixed share what
   * is left of the page's width in proportion to their widths.
   */
  readonly fixed?: boolean;
  /**
   * Rows with the same project (and category) share one cell, merged down: `project` for a
   * project's fields, `level1` / `level2` for the category names within a project.
   */
  readonly merge?: 'project' | 'level1' | 'level2';
  /** A header over this column and its neighbours with the same group (`实施周期指标值` over 计算符号 | 指标值 | 计量单位); their own headers go in a second header row. */
  readonly group?: string;
}

/** The indicator grid: one row per indicator, its columns as data. */
export interface GridSpec {
  /** In printed order; what is not shown leaves no gap. */
  readonly columns: readonly GridColumn[];
  /**
   * A second-level category of the document's tree with no indicator in a project prints as a
   * row of its own (its 一级 and 二级 names, the other cells empty), in the tree's order: the
   * national 申报表 shows that 经济效益 was left out on purpose.
   */
  readonly emptyCategories: Show;
  /**
   * Where a sentence goes in a value split into its three parts: whole `across` the three cells,
   * or in the 指标值 cell (`value`), 计算符号 and 计量单位 left empty.
   */
  readonly sentenceInParts: 'across' | 'value';
  /**
   * The rows merged by this key (a project's, or a category's within it) stay on one page when
   * they fit on one: a merged cell cut by a page break is printed whole by no printer
   * (LibreOffice leaves out the part of its text below the break). A block taller than a page
   * still splits.
   */
  readonly keepTogether?: NonNullable<GridColumn['merge']>;
}

/** How fields that are not plain text print. */
export interface FieldFormats {
  /** 实施期: `{起}` and `{止}` are the months, each written as `month` says (an unknown one empty). */
  readonly periodRange: string;
  /** `{年}`, `{月}` (two digits). */
  readonly month: string;
  /** Between 新增/延续 and 一次性/阶段性/经常性 in the 项目性质 cell. */
  readonly natureSeparator: string;
  /** Between the kind of standard and the clerk's words in the 依据 cell. */
  readonly basisSeparator: string;
}

/**
 * A form per project (申报表, 审批表), each starting a page: title, subtitle and the 部门名称
 * line, the header block, the indicator grid, the signature block, printed as one table.
 */
export interface PerProjectLayout extends LayoutBase {
  readonly kind: 'per-project';
  readonly subtitle: string;
  /** Every block whose `show` holds prints, in this order. */
  readonly header: readonly FormBlock[];
  readonly grid: GridSpec;
  readonly signature: readonly FormBlock[];
  readonly formats: FieldFormats;
}

/**
 * One table for the whole document, one row per indicator, the project's cells merged down
 * over its rows.
 */
export interface PerRowLayout extends LayoutBase {
  readonly kind: 'per-row';
  readonly grid: GridSpec;
  readonly formats: FieldFormats;
}

export type Layout = SummaryLayout | PerProjectLayout | PerRowLayout;
