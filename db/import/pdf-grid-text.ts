import { canBreakBetween } from '../../templates/export/linebreak.ts';
import { isCjk, removeExtractionSpaces } from './cjk-spaces.ts';
import { latinWidth } from './latin-width.ts';
import type { PageText } from './pdf-layout.ts';

/**
 * The text of one cell (or one line outside the grid) from its positioned pieces: pieces on one
 * baseline make a line, lines run together. A line the writer ended (`1.…。` then `2.…`: what
 * starts the next line would have fitted on it) ends with a line break; the others were broken
 * by the printer, and the break is closed up:
 * - Chinese on either side: nothing between (Chinese is written without spaces);
 * - two digits: nothing (`202|4年`: a number is never broken at a space);
 * - two Latin words (`ISO|9001`): the space the break took, unless the printer broke inside a
 *   word: a printer that breaks only at spaces (this program's exporter) always took one; one
 *   that breaks anywhere (LibreOffice in a Chinese paragraph: `IS|O`) took one only if the next
 *   character would still have fitted on the line.
 */

/**
 * Who printed the PDF. This program (its Creator) breaks Latin only at spaces and prints the
 * text as typed. Others may break anywhere, and space Chinese from Latin and digits (LibreOffice's
 * 自动调整中文与西文/数字的间距), which the text shows as spaces (`2025 年度`): removed, as
 * Chinese text has none (cjk-spaces.ts).
 */
export type Printer = 'this-program' | 'other';

/** One printed line of a cell. */
export interface TextLine {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  /** Baseline. */
  readonly y: number;
  readonly size: number;
}

/** Pieces whose baselines are this close (in font sizes) are one line. */
const SAME_LINE = 0.5;
/** A gap this wide (in font sizes) between two pieces of a line is a space, if Latin. */
const WORD_GAP = 0.2;
/** A gap this wide (in font sizes) in this program's text is full-width spaces (一 em each). */
const IDEOGRAPHIC = 0.75;

/** Pieces into lines, top to bottom, each line's pieces left to right. */
export function toLines(
  items: readonly PageText[],
  printer: Printer,
  wideGap = Infinity,
): TextLine[] {
  const sorted = [...items].sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: PageText[][] = [];
  for (const item of sorted) {
    const group = groups.at(-1);
    const y = group?.[0]?.y;
    if (group && y !== undefined && Math.abs(item.y - y) <= SAME_LINE * item.size) {
      group.push(item);
    } else groups.push([item]);
  }
  return groups.map((group) => {
    group.sort((a, b) => a.x - b.x);
    // Phrases: the pieces between wide gaps (`部门名称：…` and, far right, `单位：万元`).
    const phrases: string[] = [];
    let text = '';
    let end = -Infinity;
    for (const item of group) {
      const gap = item.x - end;
      const piece = item.text;
      if (text !== '' && gap > wideGap * item.size) {
        phrases.push(text);
        text = '';
      } else if (text !== '' && printer === 'this-program' && gap >= IDEOGRAPHIC * item.size) {
        // This program prints a text as typed: a gap is the spaces typed (full-width ones in
        // `年  月  日`), which pdf.js leaves out of its pieces.
        text = text.trimEnd() + '\u3000'.repeat(Math.round(gap / item.size));
      } else if (
        text !== '' &&
        gap > WORD_GAP * item.size &&
        (printer === 'this-program' ||
          (latin(text.trimEnd().at(-1)) && latin(piece.trimStart()[0])))
      ) {
        text = text.trimEnd() + ' ';
      }
      text += text.endsWith(' ') ? piece.trimStart() : piece;
      end = Math.max(end, item.x + item.width);
    }
    phrases.push(text);
    const first = group[0]!;
    return {
      text: phrases
        .map((p) => (printer === 'other' ? removeExtractionSpaces(p) : p.trim()))
        .join(' '),
      x0: first.x,
      x1: end,
      y: first.y,
      size: Math.max(...group.map((i) => i.size)),
    };
  });
}

const latin = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9]/u.test(ch);
const digit = (ch: string | undefined): boolean => ch !== undefined && /[0-9]/u.test(ch);

/**
 * A cell's lines run together. `width` is how wide its text may be (the cell's width less its
 * padding on both sides): a line and what starts the next fitting within it means the writer
 * ended the line, whatever the cell's alignment.
 */
export function joinCellLines(lines: readonly TextLine[], width: number, printer: Printer): string {
  let out = '';
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    out += line.text;
    if (next) out += breakAfter(width - (line.x1 - line.x0), line.text, next, printer);
  });
  return out;
}

/**
 * What stands between a line that ended `room` short of the text's width and the `next`: a
 * line break where the writer ended the line, else the space a break between Latin words took,
 * else nothing.
 */
export function breakAfter(
  room: number,
  text: string,
  next: TextLine,
  printer: Printer,
): '\n' | ' ' | '' {
  const space = spaceAtBreak(text, next.text);
  const size = next.size;
  if (room >= headWidth(next) + (space ? 0.3 * size : 0) + HARD_BREAK_SLACK * size) return '\n';
  if (space && (printer === 'this-program' || room >= firstCharWidth(next) + 0.1 * size)) {
    return ' ';
  }
  return '';
}

/** Where a cell's text ends and begins: to tell whether it goes on in a cell over the page. */
export interface CellEnds {
  /** How much of the text's width its last line left. */
  readonly room: number;
  readonly lastText: string;
  readonly first: TextLine;
  readonly lines: number;
}

export function cellEnds(lines: readonly TextLine[], width: number): CellEnds | undefined {
  const first = lines[0];
  const last = lines.at(-1);
  if (!first || !last) return undefined;
  return { room: width - (last.x1 - last.x0), lastText: last.text, first, lines: lines.length };
}

/**
 * A line ended by the writer, not by the printer: what starts the next line would still have
 * fitted on it (by this much more than its estimated width, in font sizes).
 */
const HARD_BREAK_SLACK = 0.1;

/**
 * The width of what a printer must move to the next line as one piece from the start of
 * `line`: up to the first place a line may break, by the exporter's own rules (禁则; Latin
 * words and numbers whole: templates/export/linebreak.ts).
 */
function headWidth(line: TextLine): number {
  const chars = [...line.text];
  const narrow = latinWidth(line);
  let i = 1;
  while (i < chars.length && !canBreakBetween(chars[i - 1]!, chars[i]!)) i++;
  return chars.slice(0, i).reduce((w, ch) => w + (isCjk(ch) ? line.size : narrow), 0);
}

/** Whether a break between these two texts may have taken a space: between Latin words. */
export function spaceAtBreak(before: string, after: string): boolean {
  const a = before.at(-1);
  const b = after[0];
  return latin(a) && latin(b) && !(digit(a) && digit(b));
}

/**
 * How wide the first character of a line (a Latin one) may be: generously, by its shape, so
 * that a word broken before a wide letter (`15c|m`) is not taken for two words.
 */
function firstCharWidth(line: TextLine): number {
  const ch = line.text[0] ?? '';
  const em = /[mwMW@%]/u.test(ch)
    ? 0.85
    : /[A-Z]/u.test(ch)
      ? 0.72
      : /[ijlft.,:;|!']/u.test(ch)
        ? 0.35
        : 0.56;
  return Math.max(em * line.size, latinWidth(line));
}
