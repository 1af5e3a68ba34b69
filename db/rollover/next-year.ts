import { UserError } from '../shared/errors.ts';
import { isBudgetYear } from '../shared/limits.ts';
import { ZERO } from '../shared/money.ts';
import type { TableDraft } from '../import/draft.ts';
import { covers, yearMentions } from '../shared/years.ts';

export interface NextYearOptions {
  /** The new budget year; last year's + 1 when not given. */
  readonly year?: number;
  /** Copy last year's amounts as this year's (they are kept as 上年金额 either way). */
  readonly keepAmounts?: boolean;
}

/**
 * Next year's table from last year's: same department, units, projects (with 总体目标, 实施期,
 * 性质, 类别, 项目资金总额), goals, indicators (with their values, structured or not, link flags,
 * 权重, 依据, 解释, 方向) and category tree; last year's amounts become 上年金额 and last year's
 * 年度指标值 each indicator's 上年指标值; this year's amounts and 上年结转 start empty unless
 * the clerk keeps them. Texts are not changed here: the year review lists
 * every year they mention so the clerk decides (see year-review.ts).
 */
export function nextYearDraft(source: TableDraft, options: NextYearOptions = {}): TableDraft {
  const year = options.year ?? source.year + 1;
  if (!isBudgetYear(year)) {
    throw new UserError(`预算年度“${year}”无效，应为四位年份`);
  }
  if (year <= source.year) {
    throw new UserError(`新表的预算年度（${year}）应晚于上年表格的年度（${source.year}）`);
  }
  return {
    ...source,
    year,
    previousYear: source.year,
    // A custom title names its year: move it on with the table (the standard one is derived).
    title: source.title === null ? null : replaceYear(source.title, source.year, year),
    units: source.units.map((u) => ({
      ...u,
      projects: u.projects.map((p) => ({
        ...p,
        previous: p.amounts,
        amounts: options.keepAmounts
          ? p.amounts
          : { fiscal: ZERO, specialAccount: ZERO, other: ZERO },
        // This year's money like the amounts; the whole period's 项目资金总额 goes on.
        carryOver: options.keepAmounts ? (p.carryOver ?? ZERO) : ZERO,
        // A doubt about which column last year's money was in goes with that money.
        amountDoubt: options.keepAmounts ? (p.amountDoubt ?? null) : null,
        // 上年指标值: what last year's table set for its year, as printed.
        indicators: p.indicators.map((i) => ({ ...i, previous: i.annualValue })),
      })),
    })),
  };
}

/** Replaces every mention of `from` (alone or inside a range) by `to`. */
export function replaceYear(text: string, from: number, to: number): string {
  let out = text;
  for (const m of yearMentions(text).reverse()) {
    if (!covers(m, from)) continue;
    const piece = out.slice(m.start, m.end).replaceAll(String(from), String(to));
    out = out.slice(0, m.start) + piece + out.slice(m.end);
  }
  return out;
}
