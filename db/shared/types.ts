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
  readonly cycleValue: string; // 实施周期指标值
  readonly annualValue: string; // 年度指标值 (equal to cycleValue while annualFollowsCycle)
  readonly annualFollowsCycle: boolean;
  readonly details: IndicatorDetails;
}

/** What fuller budget systems keep per indicator; all optional. */
export interface IndicatorDetails {
  readonly direction: IndicatorDirection | null; // 指标性质 / 计算符号
  readonly measureUnit: string | null; // 计量单位
  readonly weight: number | null; // 权重, whole points
  readonly basis: string | null; // 指标值设定依据
}

export const INDICATOR_DIRECTIONS = ['≥', '＞', '＝', '＜', '≤', '定性'] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

export interface ProjectData {
  readonly id: number;
  readonly name: string;
  readonly totals: Totals;
  /** 上年金额: last year's amounts when this table was made from last year's; else null. */
  readonly previous: Totals | null;
  readonly goal: string; // 绩效目标
  readonly indicators: readonly IndicatorData[];
}

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
  readonly tree: CategoryTree;
  readonly totals: Totals; // 合计
  readonly units: readonly UnitData[];
  /**
   * Values in the file that this program would never have written (another tool changed it):
   * each with its place, reported by the check `invalid-stored-value` as an 错误. Empty for any
   * file this program wrote. How each is shown meanwhile: see db/read-document.ts.
   */
  readonly defects: readonly StoredDefect[];
}

/** The document's own fields, without its units. */
export type DocumentHeader = Pick<
  DocumentData,
  'department' | 'year' | 'previousYear' | 'title' | 'titleIsDerived' | 'money'
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
