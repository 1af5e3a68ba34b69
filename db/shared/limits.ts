/**
 * The limits of what a document holds, in one place: the store, the payload schemas, the JSON
 * interchange, rollover and the page's forms all take them from here. (The schema's CHECK on the
 * year, in db/migrations.ts, is frozen SQL of its version and repeats the range on purpose.)
 */

/** The budget years a document may have (预算年度). */
export const MIN_YEAR = 1949;
export const MAX_YEAR = 2999;

export function isBudgetYear(year: number): boolean {
  return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

/**
 * A budget year as typed in a form: four digits in range, also full-width (`２０２５`, NFKC) or
 * followed by 年 / 年度, spaces around allowed; undefined when the text is not one.
 */
export function parseBudgetYearText(text: string): number | undefined {
  const m = /^\s*(\d{4})\s*(?:年度?)?\s*$/u.exec(text.normalize('NFKC'));
  const year = m ? Number(m[1]) : NaN;
  return isBudgetYear(year) ? year : undefined;
}

export function isBudgetYearText(text: string): boolean {
  return parseBudgetYearText(text) !== undefined;
}

/** Names (部门, 单位, 项目, 三级指标): what a payload may carry. */
export const MAX_NAME_LENGTH = 500;

/** Any text the store keeps (绩效目标, 指标值…), in characters. */
export const MAX_TEXT_LENGTH = 20_000;
