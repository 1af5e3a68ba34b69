import { maskDocumentNumbers } from './check/text.ts';
import { readYear, type YearReading } from './year-reading.ts';

export type { YearReading } from './year-reading.ts';

/**
 * Years a text talks about: `2023年`, `2023年度`, `2023年内`, ranges like `2021-2023年` or
 * `2023年4月-2024年2月`. The year of a document number (穗财行〔2021〕72号) dates a regulation, not
 * the work, and is not one of them. Each comes with its reading (year-reading.ts): the stale-year
 * check, next year's review and 顺延 all go by it, so they agree on what a year is.
 */
const YEAR_MENTION =
  /(?<![\d.])((?:19|20)\d{2})(?:\s*[-－—–~～至到]\s*((?:19|20)\d{2}))?(?=\s*年)/gu;

/** Between the two mentions of a range written with months: `2023年4月-2024年`. */
const MONTH_RANGE_JOIN = /^\s*年\s*\d{1,2}\s*月份?\s*(?:\d{1,2}\s*日)?\s*[-－—–~～至到]\s*$/u;

const YEAR_DIGITS = /(?<!\d)(?:19|20)\d{2}(?!\d)/gu;

export interface YearMention {
  /** Position of the first year's digits in the text. */
  readonly start: number;
  /** End of the mention's last year's digits. */
  readonly end: number;
  readonly from: number;
  /** Equal to `from` unless the mention is a range. */
  readonly to: number;
  /** As written, e.g. `2023年`, `2021-2023年` or `2023年4月-2024年`. */
  readonly written: string;
  readonly reading: YearReading;
}

export function yearMentions(text: string): YearMention[] {
  const masked = maskDocumentNumbers(text);
  const found: YearMention[] = [];
  for (const m of masked.matchAll(YEAR_MENTION)) {
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    const start = m.index;
    const end = m.index + m[0].length;
    const last = found.at(-1);
    if (last && last.from === last.to && MONTH_RANGE_JOIN.test(masked.slice(last.end, start))) {
      // One stretch of time across two years (a cross-year project): one mention, like 2023-2024年.
      found[found.length - 1] = {
        ...last,
        end,
        to,
        written: `${text.slice(last.start, end)}年`,
        reading: readYear(masked, last.start, end),
      };
      continue;
    }
    found.push({
      start,
      end,
      from,
      to,
      written: m[2] === undefined ? `${from}年` : `${from}-${to}年`,
      reading: readYear(masked, start, end),
    });
  }
  return found;
}

/** Does the mention cover this year (a single year equal to it, or a range that includes it)? */
export function covers(mention: YearMention, year: number): boolean {
  return year >= Math.min(mention.from, mention.to) && year <= Math.max(mention.from, mention.to);
}

const latest = (m: YearMention) => Math.max(m.from, m.to);

/**
 * A year a table for `year` should not still say: a date of the work before the budget year
 * (2024年内完成 in a 2025 table), or a settlement, review or comparison older than last year
 * (完成2023年绩效考核 in a 2025 table: the 2024 one is due). Names and starting years never are.
 */
export function isStale(mention: YearMention, year: number): boolean {
  if (mention.reading === 'period') return latest(mention) < year;
  if (mention.reading === 'past') return latest(mention) < year - 1;
  return false;
}

/**
 * Whether 所有年份顺延一年 moves the mention, in a table for `year`: dates of the work and
 * years looked back on, all before the new year — last year's to this one, the year before to
 * last year (完成2023年考核，开展2024年考核 → 完成2024年考核，开展2025年考核). Not a name (a fund
 * keeps the year it was granted), a starting year, or what already reaches the new year (a
 * multi-year period such as 2024-2026年, or a mention the clerk has already changed).
 */
export function movesOnShift(mention: YearMention, year: number): boolean {
  return (mention.reading === 'period' || mention.reading === 'past') && latest(mention) < year;
}

/** The text with each year of the mentions chosen one year later; document numbers never. */
export function shiftYears(
  text: string,
  chosen: (m: YearMention) => boolean,
): { text: string; moved: number } {
  let out = text;
  let moved = 0;
  for (const m of yearMentions(text).reverse()) {
    if (!chosen(m)) continue;
    const piece = out.slice(m.start, m.end).replace(YEAR_DIGITS, (y) => String(Number(y) + 1));
    out = out.slice(0, m.start) + piece + out.slice(m.end);
    moved++;
  }
  return { text: out, moved };
}
