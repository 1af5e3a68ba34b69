import { wrapText } from '../linebreak.ts';

/**
 * Row heights of a printed sheet. Excel sizes a row to its wrapped text by itself, LibreOffice
 * Calc and WPS do not for a file they did not write: a row left at the default height shows one
 * line of a 30-line cell. So each row gets the height of its tallest cell, from the cell's lines
 * as the PDF breaks them, with a margin for a spreadsheet breaking a little differently.
 */

/** The tallest row a spreadsheet has (Excel: 409 pt); a taller cell is cut off. */
export const MAX_ROW_PT = 409;

/** Of the cell's width, what the text is wrapped in here: spreadsheets fit a little less. */
const WIDTH_MARGIN = 0.92;

/** Ideographs and full-width forms are as wide as the font's size, the rest half as wide (宋体). */
function measureAt(sizePt: number): (ch: string) => number {
  return (ch) => {
    const cp = ch.codePointAt(0)!;
    const wide = cp >= 0x2e80 || (cp >= 0x2014 && cp <= 0x201f) || cp === 0x2026;
    return wide ? sizePt : sizePt / 2;
  };
}

export interface TextBox {
  /** Points between the cell's paddings. */
  readonly widthPt: number;
  readonly sizePt: number;
  /** Line pitch as a multiple of the size. */
  readonly lineHeight: number;
  /** Points above and below the text. */
  readonly paddingPt: number;
}

export function lineCount(text: string, box: TextBox): number {
  return wrapText(text, box.widthPt * WIDTH_MARGIN, measureAt(box.sizePt)).length;
}

export function heightOf(lines: number, box: TextBox): number {
  return Math.ceil(Math.max(1, lines) * box.sizePt * box.lineHeight + box.paddingPt);
}

/**
 * `text` in pieces that each fit a row of at most MAX_ROW_PT: a cell too tall for one row goes
 * on in the rows below, as the PDF goes on over a page break. Cut where a sentence ends (`。`,
 * which also ends each item of the 绩效指标 notation, or a line break), else where a clause does
 * (`；`), else where the lines do. One piece when it fits; the pieces joined give the text back.
 */
export function piecesThatFit(text: string, box: TextBox): string[] {
  const maxLines = Math.floor((MAX_ROW_PT - box.paddingPt) / (box.sizePt * box.lineHeight));
  if (lineCount(text, box) <= maxLines) return [text];
  return pack(text, box, maxLines, 0);
}

/** Ends of units to pack, coarsest first. */
const UNIT_ENDS = [/[^。\n]*(?:。+|\n|$)/gu, /[^；]*(?:；+|$)/gu];

function pack(text: string, box: TextBox, maxLines: number, level: number): string[] {
  const ends = UNIT_ENDS[level];
  if (!ends) return cutByLines(text, box, maxLines);
  const units = text.match(ends)?.filter((u) => u !== '') ?? [text];
  const pieces: string[] = [];
  let current = '';
  for (const unit of units) {
    if (current !== '' && lineCount(current + unit, box) > maxLines) {
      pieces.push(current);
      current = '';
    }
    if (lineCount(unit, box) > maxLines) {
      // One unit taller than a row: in finer units, the last of them carried on.
      const finer = pack(unit, box, maxLines, level + 1);
      pieces.push(...finer.slice(0, -1));
      current = finer.at(-1) ?? '';
    } else {
      current += unit;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

function cutByLines(text: string, box: TextBox, maxLines: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (lineCount(rest, box) > maxLines) {
    const lines = wrapText(rest, box.widthPt * WIDTH_MARGIN, measureAt(box.sizePt));
    const head = cutAfterLines(rest, lines, maxLines);
    pieces.push(head);
    rest = rest.slice(head.length);
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}

/**
 * The start of `text` that its first `n` wrapped lines hold. wrapText drops spaces at a break,
 * so the lines are found again in the text rather than counted.
 */
function cutAfterLines(text: string, lines: readonly string[], n: number): string {
  let at = 0;
  for (const line of lines.slice(0, n)) {
    const found = text.indexOf(line, at);
    at = found < 0 ? at + line.length : found + line.length;
  }
  return text.slice(0, Math.max(1, at));
}

/** Model rows as sheet rows: a row too tall for one split over several, and each row's height. */
export interface FittedRows<R> {
  readonly rows: R[];
  readonly heights: number[];
}
