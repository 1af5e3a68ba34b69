import { MAX_YEAR, MIN_YEAR } from './limits.ts';
import type { Parsed } from './indicator-fields.ts';
import {
  PROJECT_CONTINUITIES,
  PROJECT_RECURRENCES,
  type ProjectContinuity,
  type ProjectPeriod,
  type ProjectRecurrence,
  type YearMonth,
} from './types.ts';

/**
 * The rules for a project's fields beyond name, goal and amounts (实施期, 项目性质), as the
 * store, JSON interchange and the page's forms apply them.
 */

const YEAR_MONTH = /^(\d{4})\s*(?:-|\.|\/|年)\s*(\d{1,2})\s*月?$/u;

/** True for a month as the store keeps it: `YYYY-MM`, a budget year, month 01–12. */
export function isYearMonth(value: unknown): value is YearMonth {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}$/u.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5));
  return year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12;
}

/** A month as clerks write it (`2023-07`, `2023.7`, `2023/07`, `2023年7月`) as `YYYY-MM`. */
export function parseYearMonth(text: string): Parsed<YearMonth> {
  const t = text.normalize('NFKC').trim();
  const m = YEAR_MONTH.exec(t);
  const ym = m ? `${m[1]}-${m[2]!.padStart(2, '0')}` : '';
  return isYearMonth(ym)
    ? { ok: true, value: ym }
    : {
        ok: false,
        message: `“${text.trim()}”不是有效的年月，应写成如 2024-01 或 2024年1月（年份 ${MIN_YEAR}–${MAX_YEAR}）`,
      };
}

/** 实施期 as the clerk reads it: `2024年1月`. */
export function formatYearMonth(ym: YearMonth): string {
  return `${ym.slice(0, 4)}年${Number(ym.slice(5))}月`;
}

/** The message when 实施期 ends before it starts; undefined when it does not. */
export function periodProblem(start: YearMonth | null, end: YearMonth | null): string | undefined {
  if (start === null || end === null || end >= start) return undefined;
  return `实施期结束（${formatYearMonth(end)}）早于开始（${formatYearMonth(start)}）`;
}

/**
 * How many budget years 实施期 covers, as far as it says: 'one' when start and end lie in one
 * year, 'several' when they lie in different years or the one month given lies in another year
 * than `budgetYear` (started before it, or ending after it), undefined when no month is given.
 */
export function periodSpan(
  period: ProjectPeriod,
  budgetYear: number,
): 'one' | 'several' | undefined {
  const startYear = period.start === null ? undefined : Number(period.start.slice(0, 4));
  const endYear = period.end === null ? undefined : Number(period.end.slice(0, 4));
  if (startYear === undefined && endYear === undefined) return undefined;
  if (startYear !== undefined && endYear !== undefined) {
    return startYear === endYear ? 'one' : 'several';
  }
  return (startYear ?? budgetYear) < budgetYear || (endYear ?? budgetYear) > budgetYear
    ? 'several'
    : undefined;
}

export function parseContinuity(text: string): Parsed<ProjectContinuity> {
  const t = text.trim().replace(/项目$/u, '');
  // 持续性项目 (Hubei's wording) is a continuing project.
  const value = t === '持续' || t === '持续性' || t === '延续性' ? '延续' : t;
  const found = PROJECT_CONTINUITIES.find((c) => c === value);
  return found
    ? { ok: true, value: found }
    : { ok: false, message: `项目性质“${text.trim()}”无效，应为 新增 或 延续` };
}

export function parseRecurrence(text: string): Parsed<ProjectRecurrence> {
  const t = text.trim().replace(/项目$/u, '');
  const found = PROJECT_RECURRENCES.find((r) => r === t || r === `${t}性`);
  return found
    ? { ok: true, value: found }
    : {
        ok: false,
        message: `项目性质“${text.trim()}”无效，应为 ${PROJECT_RECURRENCES.join('、')} 之一`,
      };
}
