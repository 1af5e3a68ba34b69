/**
 * A table cut off in the middle: a download that stopped, or an excerpt that says so. The cut is
 * marked in the text (`… [excerpt ends]`, `[excerpt truncated here]`, `[截断]`, a cell that
 * ends in `...` or `……`); what comes before it is read, and the reader names the row.
 */

const MARKERS =
  /\s*(?:\[(?:excerpt[^\]]*|truncated[^\]]*|以下省略|截断|内容截断|未完)\]|【(?:以下省略|截断|未完)】)\s*$/iu;
const ELLIPSIS = /\s*(?:\.{3,}|…+)\s*$/u;

export interface CutCell {
  /** The cell without the marker. */
  readonly text: string;
  readonly cut: boolean;
}

/** A cell with a truncation marker at its end: the text before it. */
export function cutCell(text: string): CutCell {
  const m = MARKERS.exec(text);
  if (m) return { text: text.slice(0, m.index).replace(ELLIPSIS, ''), cut: true };
  return { text, cut: false };
}

/**
 * A row's cells up to and including a cut one; `cut` when the row was cut. An ellipsis ending the
 * row (`数量指...`) counts only on the source's last row (`atEnd`): elsewhere it is the clerk's.
 */
export function cutRow(
  cells: readonly string[],
  atEnd: boolean,
): { cells: string[]; cut: boolean } {
  const out: string[] = [];
  for (const cell of cells) {
    const c = cutCell(cell);
    if (c.cut) {
      out.push(c.text.trim());
      return { cells: out, cut: true };
    }
    out.push(cell);
  }
  // A last cell broken off with an ellipsis (`数量指...`) is a cut too.
  const last = out[out.length - 1];
  if (
    atEnd &&
    last !== undefined &&
    /[^.…\s](?:\.{3,}|…{1,2})$/u.test(last) &&
    !/[。！？]/u.test(last.slice(-4))
  ) {
    out[out.length - 1] = last.replace(ELLIPSIS, '');
    return { cells: out, cut: true };
  }
  return { cells: out, cut: false };
}
