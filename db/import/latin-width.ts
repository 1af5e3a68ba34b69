import { isCjk } from './cjk-spaces.ts';

/** A printed line: its text, where it starts and ends, and its font size (points). */
export interface PrintedLine {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  readonly size: number;
}

/** The width of a Latin character of a line: Chinese characters are 1 em, the rest share. */
export function latinWidth(line: PrintedLine): number {
  let wide = 0;
  let spaces = 0;
  let narrow = 0;
  for (const ch of line.text) {
    if (ch === ' ') spaces++;
    else if (isCjk(ch)) wide++;
    else narrow++;
  }
  const estimate = (line.x1 - line.x0 - wide * line.size - spaces * 0.25 * line.size) / narrow;
  return Math.min(0.7 * line.size, Math.max(0.25 * line.size, estimate || 0));
}
