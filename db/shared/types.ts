import type { DecimalText, IndicatorValue } from './indicator-value.ts';
import type { Cents, MoneyDisplay } from './money.ts';
import type { CategoryRole, CategoryTree } from './tree.ts';

/**
 * A whole document as plain, read-only data: what the checks, the JSON interchange and the
 * exporters work on. Built only by `TargetDocument.snapshot()`, which is the one place where
 * totals are derived, so every consumer sees the same figures.
 */

/** The three funding sources a clerk types in. */
export interface Amounts {
  readonly fiscal: Cents; // 财政拨款
  readonly specialAccount: Cents; // 财政专户拨款
  readonly other: Cents; // 其他资金
}

/** Sources plus their derived 总计. */
export interface Totals extends Amounts {
  readonly total: Cents;
}

export interface IndicatorData {
  readonly id: number;
  readonly level1: { readonly code: string; readonly name: string; readonly role: CategoryRole };
  readonly level2: { readonly code: string; readonly name: string };
  /** Position of the second-level category in the tree: the printed sort key. */
  readonly categoryOrder: number;
  readonly name: string; // 三级指标
  /**
   * 实施周期指标值 as printed: the sentence, or a structured value's merged form (`≥95%`).
   * What every consumer that wants text reads; `cycle` is the value itself.
   */
  readonly cycleValue: string;
  /** 年度指标值 as printed (equal to cycleValue while annualFollowsCycle). */
  readonly annualValue: string;
  /** 实施周期指标值: a sentence or a structured value (see db/shared/indicator-value.ts). */
  readonly cycle: IndicatorValue;
  /** 年度指标值; equal to `cycle` while annualFollowsCycle. */
  readonly annual: IndicatorValue;
  readonly annualFollowsCycle: boolean;
  /** 权重 as typed (`10`, `12.5`), 0 to 100; null when not given. */
  readonly weight: DecimalText | null;
  readonly basis: IndicatorBasis; // 指标值设定依据
  readonly explanation: string; // 指标解释; '' when none
  readonly polarity: IndicatorPolarity | null; // 指标方向
  /**
   * 上年指标值: last year's 年度指标值 as printed, when this table was made from last year's
   * (null for an indicator added since, or a table made from scratch).
   */
  readonly previous: string | null;
  /**
   * The category as the imported table printed it (`2-效益指标；31-服务对象满意度`), kept when
   * it contradicted the tree and the import filed the indicator by its 二级; null otherwise.
   * Cleared when the clerk moves the indicator; the check reports it until then.
   */
  readonly printedCategory: string | null;
}

/** 指标值设定依据: the kind of standard the value was set by, and the clerk's own words. */
export interface IndicatorBasis {
  readonly kind: BasisKind | null;
  /** '' when none. */
  readonly text: string;
}

export const BASIS_KINDS = [
  '计划标准',
  '行业标准',
  '历史标准',
  '预算支出标准',
  '其他标准',
] as const;
export type BasisKind = (typeof BASIS_KINDS)[number];

/** 指标方向: 正向 (more is better) or 反向 (less is better: 成本, 投诉率). */
export const INDICATOR_POLARITIES = ['正向', '反向'] as const;
export type IndicatorPolarity = (typeof INDICATOR_POLARITIES)[number];

export interface ProjectData {
  readonly id: number;
  readonly name: string; // 项目名称
  readonly totals: Totals;
  /** 上年金额: last year's amounts when this table was made from last year's; else null. */
  readonly previous: Totals | null;
  /** 年度目标: this year's goal, the 绩效目标 the Guangzhou table prints. */
  readonly goal: string;
  /** 项目总体目标 (实施期目标): the goal for the whole period; '' when none. */
  readonly overallGoal: string;
  readonly period: ProjectPeriod; // 实施期
  readonly continuity: ProjectContinuity | null; // 项目性质: 新增 / 延续
  readonly recurrence: ProjectRecurrence | null; // 项目性质: 一次性 / 阶段性 / 经常性
  /** 项目类别, free text ('' when none); PROJECT_CATEGORIES are the values offered. */
  readonly category: string;
  /** 项目资金总额: the whole period's money; null when not given. */
  readonly totalBudget: Cents | null;
  /** 上年结转: money carried over from last year (0 when none). */
  readonly carryOver: Cents;
  /**
   * 确无服务对象: the clerk declared that the project serves no one (a 党费 pass-through, the
   * unit's own running costs), so it needs no 满意度指标.
   */
  readonly noServiceRecipients: boolean;
  /**
   * The import's note that the table did not say which source (财政拨款/财政专户拨款/其他资金)
   * the project's money is in; null when none. Cleared when the clerk edits the amounts.
   */
  readonly amountDoubt: string | null;
  readonly indicators: readonly IndicatorData[];
}

/** 实施期: start and end month (`YYYY-MM`), each optional; the end is never before the start. */
export interface ProjectPeriod {
  readonly start: YearMonth | null;
  readonly end: YearMonth | null;
}

/** A month as `YYYY-MM` (db/shared/project-fields.ts parses the ways clerks write one). */
export type YearMonth = string;

export const PROJECT_CONTINUITIES = ['新增', '延续'] as const;
export type ProjectContinuity = (typeof PROJECT_CONTINUITIES)[number];

export const PROJECT_RECURRENCES = ['一次性', '阶段性', '经常性'] as const;
export type ProjectRecurrence = (typeof PROJECT_RECURRENCES)[number];

/**
 * The 项目类别 offered in the editor; any other text is kept as typed. From the real forms:
 * the national system's kinds of project expenditure (其他运转类, 特定目标类), Hubei's
 * 本级支出项目 (fixtures/other-regions/ezhou-…) and 转移支付项目 (the Guangzhou table's title:
 * 含转移支付项目), Chongqing's classes such as 资产资源类 (fixtures/other-regions/fengjie-…).
 */
export const PROJECT_CATEGORIES = [
  '其他运转类',
  '特定目标类',
  '本级支出项目',
  '转移支付项目',
  '资产资源类',
] as const;

export interface UnitData {
  readonly id: number;
  readonly name: string; // 资金使用单位
  readonly totals: Totals;
  readonly projects: readonly ProjectData[];
}

export interface DocumentData {
  readonly department: string; // 部门名称
  readonly year: number; // 预算年度
  /** The budget year of the table this one was made from (由上年文件新建), or null. */
  readonly previousYear: number | null;
  readonly title: string;
  /** True when the title is the standard one derived from department and year. */
  readonly titleIsDerived: boolean;
  /** How amounts are typed, shown and printed (万元 or 元, and decimals); stored in 分. */
  readonly money: MoneyDisplay;
  /**
   * The print layout the clerk last chose (a layout's id, templates/layout/), used when an
   * export names none; null: never chosen, the default (official) layout. Kept as stored, also
   * an id this program does not ship (a newer program's): that prints in the default meanwhile.
   */
  readonly printLayout: string | null;
  readonly tree: CategoryTree;
  readonly totals: Totals; // 合计
  readonly units: readonly UnitData[];
  /**
   * Values in the file that this program would never have written (another tool changed it):
   * each with its place, reported by the check `invalid-stored-value` as an 错误. Empty for any
   * file this program wrote. How each is shown meanwhile: see db/read-document.ts.
   */
  readonly defects: readonly StoredDefect[];
  /** Findings the clerk marked 已核对 (see db/shared/check/review.ts). */
  readonly reviewMarks: readonly ReviewMark[];
}

/**
 * One finding marked 已核对: its rule and place, what it was marked against (`subject`: the
 * finding applies again when that changes) and the day (`YYYY-MM-DD`).
 */
export interface ReviewMark {
  readonly ruleId: string;
  readonly location: Location;
  readonly subject: string;
  readonly checkedOn: string;
}

/** The document's own fields, without its units. */
export type DocumentHeader = Pick<
  DocumentData,
  'department' | 'year' | 'previousYear' | 'title' | 'titleIsDerived' | 'money' | 'printLayout'
>;

/** One invalid value found in the file, where the clerk can correct it. */
export interface StoredDefect {
  readonly location: Location;
  /** Chinese: what is stored, and what to do. */
  readonly message: string;
}

/** Where a finding or an edit points: as deep as it goes. */
export interface Location {
  readonly unitId?: number;
  readonly projectId?: number;
  readonly indicatorId?: number;
  /** The field to focus, by its official term in the model (e.g. 'cycleValue'). */
  readonly field?: string;
}
