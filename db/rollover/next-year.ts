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
 * Next year's table from last year's: same department, units, projects, goals, indicators
 * (with their link flags) and category tree; last year's amounts become 上年金额 and this year's
 * start empty unless the clerk keeps them. Texts are not changed here: the year review lists
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
