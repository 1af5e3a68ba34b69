import { maskDocumentNumbers } from './check/text.ts';

/**
 * Years a text talks about: `2023年`, `2023年度`, `2023年内`, ranges like `2021-2023年`. The year of
 * a document number (穗财行〔2021〕72号) dates a regulation, not the work, and is not one of them.
 * Used by the stale-year check and by next year's review, which replaces them in place.
 */
const YEAR_MENTION =
  /(?<![\d.])((?:19|20)\d{2})(?:\s*[-－—–~～至到]\s*((?:19|20)\d{2}))?(?=\s*年)/gu;

export interface YearMention {
  /** Position of the first year's digits in the text. */
  readonly start: number;
  /** End of the mention's last year's digits. */
  readonly end: number;
  readonly from: number;
  /** Equal to `from` unless the mention is a range. */
  readonly to: number;
  /** As written, e.g. `2023年` or `2021-2023年`. */
  readonly written: string;
}

export function yearMentions(text: string): YearMention[] {
  const found: YearMention[] = [];
  for (const m of maskDocumentNumbers(text).matchAll(YEAR_MENTION)) {
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    found.push({
      start: m.index,
      end: m.index + m[0].length,
      from,
      to,
      written: m[2] === undefined ? `${from}年` : `${from}-${to}年`,
    });
  }
  return found;
}

/** Does the mention cover this year (a single year equal to it, or a range that includes it)? */
export function covers(mention: YearMention, year: number): boolean {
  return year >= Math.min(mention.from, mention.to) && year <= Math.max(mention.from, mention.to);
}
