import { parseYearMonth } from '../../shared/project-fields.ts';
import type { ProjectPeriod, YearMonth } from '../../shared/types.ts';

/**
 * 实施期 as forms print it, as two months: `2023年4月-2024年2月`, `2023.07-2024.01`,
 * `2023年4月至2024年2月`, `2023-04-01至2024-02-29`; or whole years (`2023-2025年`, `2023年`),
 * read as January to December and said so.
 */

const RANGE_MARK = /^[-－—–~～至到]+$/u;

export type PeriodRead =
  | {
      readonly ok: true;
      readonly period: ProjectPeriod;
      /** Set when whole years were read as months (Chinese, for a note). */
      readonly inference: string | null;
    }
  | { readonly ok: false };

const MONTH = /((?:19|20)\d{2})\s*(?:年|\.|\/|-|－)\s*(\d{1,2})(?!\d)\s*月?/gu;
const YEARS =
  /^((?:19|20)\d{2})\s*年?(?:度)?\s*(?:(?:[-－—–~～至到])\s*((?:19|20)\d{2})\s*年?(?:度)?)?$/u;

/** One month of a date cell (`2023年4月1日`, `2023-04`), as `YYYY-MM`. */
export function readMonth(text: string): YearMonth | null {
  const m = new RegExp(MONTH.source, 'u').exec(text.normalize('NFKC'));
  if (!m) return null;
  const parsed = parseYearMonth(`${m[1]}-${m[2]}`);
  return parsed.ok ? parsed.value : null;
}

export function readPeriod(text: string): PeriodRead {
  const t = text.normalize('NFKC').replace(/\s+/gu, '');
  const months = [...t.matchAll(MONTH)]
    .map((m) => parseYearMonth(`${m[1]}-${m[2]}`))
    .filter((p) => p.ok)
    .map((p) => p.value);
  if (months.length === 2 && months[0]! <= months[1]!) {
    return { ok: true, period: { start: months[0]!, end: months[1]! }, inference: null };
  }
  // `2025年03月—`: a start only; `—2027年12月`: an end only.
  if (months.length === 1) {
    const m = new RegExp(MONTH.source, 'u').exec(t)!;
    const before = t.slice(0, m.index);
    const after = t.slice(m.index + m[0].length);
    if (before === '' && RANGE_MARK.test(after)) {
      return { ok: true, period: { start: months[0]!, end: null }, inference: null };
    }
    if (after === '' && RANGE_MARK.test(before)) {
      return { ok: true, period: { start: null, end: months[0]! }, inference: null };
    }
  }
  const years = YEARS.exec(t);
  if (months.length === 0 && years) {
    const first = years[1]!;
    const last = years[2] ?? first;
    if (last < first) return { ok: false };
    return {
      ok: true,
      period: { start: `${first}-01`, end: `${last}-12` },
      inference: `实施期“${text.trim()}”只写了年份，读作 ${first}年1月至${last}年12月`,
    };
  }
  return { ok: false };
}
