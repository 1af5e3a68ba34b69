/**
 * Line breaking for Chinese text in a given width, with the usual rules (禁则): no line starts
 * with closing punctuation and no line ends with opening punctuation; Latin words and numbers
 * (`2.4万`, `100%`, `2024`) stay whole unless one alone is wider than the line. The PDF exporter
 * needs the lines themselves (to size rows and split them across pages); Word breaks lines itself.
 */

/** Never at the start of a line (行首禁则). */
const NO_LINE_START = new Set(
  Array.from(
    '，。；：、？！）》”’%' +
      '．,.;:?!)]}」』】〕〉〗〙〛｝］｠｡､・·…‥%％‰℃°′″｀～〜〟〞ー々〻ゝゞ' +
      '\u30fb\uff64\uff61',
  ),
);

/**
 * Never at the end of a line (行尾禁则). Also the hyphen of the notation's codes (`11-数量指标`):
 * at the end of a line it reads as a word broken in two, and text extraction drops it as one.
 */
const NO_LINE_END = new Set(Array.from('（《“‘' + '([{「『【〔〈〖〘〚｛［｟〝＄￥￡$¥£' + '-'));

/** Pairs that are one mark and must not be torn apart: —— and ……. */
const DOUBLED = new Set(['—', '…', '⋯']);

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\u3000';
}

/** Ideographs, kana, CJK punctuation, full-width forms: a line may break beside them. */
function isWide(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return cp >= 0x2e80 || (cp >= 0x2014 && cp <= 0x201f) || cp === 0x2026;
}

/** May a line end between `a` and `b`? */
export function canBreakBetween(a: string, b: string): boolean {
  if (isSpace(b)) return false; // spaces stay at the end of the line they follow
  if (NO_LINE_START.has(b) || NO_LINE_END.has(a)) return false;
  if (a === b && DOUBLED.has(a)) return false;
  if (isSpace(a)) return true;
  return isWide(a) || isWide(b);
}

/** Width of one character (a code point) in the font and size of the text being wrapped. */
export type MeasureChar = (ch: string) => number;

/**
 * The lines of `text` in `width`. `\n` starts a new line; an empty text gives no line. Every
 * character of the text is on some line (spaces at a break are the only thing dropped).
 */
export function wrapText(text: string, width: number, measure: MeasureChar): string[] {
  if (text === '') return [];
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    const chars = Array.from(paragraph);
    if (chars.length === 0) {
      lines.push('');
      continue;
    }
    let start = 0;
    while (start < chars.length) {
      let used = 0;
      let i = start;
      let lastBreak = -1;
      for (; i < chars.length; i++) {
        const ch = chars[i]!;
        if (i > start && canBreakBetween(chars[i - 1]!, ch) && !spaceInNumbers(chars, i)) {
          lastBreak = i;
        }
        const w = measure(ch);
        // Trailing spaces may hang past the edge: they are dropped at the break.
        if (i > start && used + w > width && !isSpace(ch)) break;
        used += w;
      }
      if (i >= chars.length) {
        lines.push(chars.slice(start).join('').trimEnd());
        break;
      }
      let end = lastBreak > start ? lastBreak : forcedBreak(chars, start, i);
      if (end <= start) end = start + 1;
      lines.push(chars.slice(start, end).join('').trimEnd());
      start = end;
      while (start < chars.length && isSpace(chars[start]!)) start++;
    }
  }
  return lines;
}

const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';

/**
 * Is `chars[i]` a digit after spaces after a digit (`100 200`)? No break there: the PDF reader
 * joins two digits at a line end without a space (db/import/published-pdf.ts), as a number
 * broken in two is what another program's line end between digits usually is.
 */
function spaceInNumbers(chars: readonly string[], i: number): boolean {
  if (!isDigit(chars[i]) || !isSpace(chars[i - 1] ?? '')) return false;
  let j = i - 1;
  while (j > 0 && isSpace(chars[j]!)) j--;
  return isDigit(chars[j]);
}

/**
 * No break opportunity on the line (a long number or Latin word): break where the width runs
 * out, stepping back a little if that would put closing punctuation first on the next line.
 */
function forcedBreak(chars: readonly string[], start: number, at: number): number {
  let end = at;
  while (
    end > start + 1 &&
    (NO_LINE_START.has(chars[end]!) || NO_LINE_END.has(chars[end - 1]!)) &&
    at - end < 3
  ) {
    end--;
  }
  if (spaceInNumbers(chars, end)) {
    // Not at the space between two numbers (read back as one number): inside the first.
    let digit = end - 1;
    while (digit > start && isSpace(chars[digit]!)) digit--;
    if (digit > start) end = digit;
  }
  return end;
}
