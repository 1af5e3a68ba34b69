import { removeExtractionSpaces } from './cjk-spaces.ts';

/**
 * Reads the 绩效指标 cell of the published table:
 *   `1、1-产出指标；11-数量指标；{三级指标}；实施周期指标值:{值}；年度指标值:{值}。2、…`
 * (BRIEF.md). The cell's text arrives joined from broken lines; positions are offsets into it so
 * the caller can name the source line of anything it reports.
 */

export interface NotationIndicator {
  readonly number: number;
  readonly level1Code: string;
  readonly level1Name: string;
  readonly level2Code: string;
  readonly level2Name: string;
  readonly name: string;
  readonly cycleValue: string;
  readonly annualValue: string;
  /** Offset of the indicator's `n、` in the parsed text. */
  readonly offset: number;
}

export class NotationError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

// `(?<!\d)`: a match can only start where a number starts. Without it a long run of digits is
// tried from every one of its digits, and the time grows with the square of its length.
const HEADER =
  /(?<!\d)(\d+)\s*、\s*(\d+)\s*-\s*([^；;。、\d]{1,20}?)\s*[；;]\s*(\d+)\s*-\s*([^；;。、\d]{1,24}?)\s*[；;]/gu;
const CYCLE_MARK = /[；;]\s*实\s*施\s*周\s*期\s*指\s*标\s*值\s*[:：]/u;
const ANNUAL_MARK = /[；;]\s*年\s*度\s*指\s*标\s*值\s*[:：]/u;

/** Where the indicator list starts in a project's text (its first `1、{code}-…；{code}-…；`). */
export function findIndicatorStart(text: string): number {
  HEADER.lastIndex = 0;
  for (let m = HEADER.exec(text); m; m = HEADER.exec(text)) {
    if (m[1] === '1') return m.index;
  }
  return -1;
}

export function parseIndicatorList(text: string): NotationIndicator[] {
  const headers: RegExpExecArray[] = [];
  HEADER.lastIndex = 0;
  for (let m = HEADER.exec(text); m; m = HEADER.exec(text)) {
    // Inside a value, `3、1-2个` could look like a header; a real one starts the list, or
    // follows the `。` that closes the previous indicator, or carries the next number.
    const before = lastNonSpace(text, m.index);
    const isFirst = headers.length === 0;
    const closes = before === '' || before === '。';
    const next = Number(m[1]) === headers.length + 1;
    if (isFirst ? before !== '' : !closes && !next) continue;
    headers.push(m);
  }
  if (headers.length === 0) {
    throw new NotationError('绩效指标无法识别：应为“1、1-产出指标；11-数量指标；…”的格式', 0);
  }
  return headers.map((h, i) => {
    const end = i + 1 < headers.length ? headers[i + 1]!.index : text.length;
    const body = text.slice(h.index + h[0].length, end);
    const number = Number(h[1]);
    const cycle = CYCLE_MARK.exec(body);
    if (!cycle) {
      throw new NotationError(`第 ${number} 条绩效指标缺少“实施周期指标值:”`, h.index);
    }
    const afterCycle = body.slice(cycle.index + cycle[0].length);
    const annual = ANNUAL_MARK.exec(afterCycle);
    if (!annual) {
      throw new NotationError(`第 ${number} 条绩效指标缺少“年度指标值:”`, h.index);
    }
    const name = clean(body.slice(0, cycle.index));
    const cycleValue = clean(afterCycle.slice(0, annual.index));
    let annualValue = clean(afterCycle.slice(annual.index + annual[0].length));
    // The notation closes every indicator with `。` unless its annual value already ends in one,
    // so a final `。` is either punctuation or the separator. When the cycle value ends in `。`
    // and is otherwise equal, the clerk wrote the same text twice; keep it identical.
    if (annualValue.endsWith('。')) {
      const stripped = annualValue.slice(0, -1);
      annualValue = cycleValue === annualValue ? annualValue : stripped;
    }
    return {
      number,
      level1Code: h[2]!,
      level1Name: clean(h[3]!),
      level2Code: h[4]!,
      level2Name: clean(h[5]!),
      name,
      cycleValue,
      annualValue,
      offset: h.index,
    };
  });
}

/**
 * The last character before `end` that is not white space ('' if none). Slicing the text up to
 * every candidate instead would make the time grow with the square of its length.
 */
function lastNonSpace(text: string, end: number): string {
  for (let i = end - 1; i >= 0; i--) {
    const ch = text[i]!;
    if (!/\s/u.test(ch)) return ch;
  }
  return '';
}

function clean(s: string): string {
  return removeExtractionSpaces(s);
}
