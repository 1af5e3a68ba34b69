/**
 * A table cut off in the middle: a download that stopped, or an excerpt that says so. The cut is
 * marked in the text (`… [excerpt ends]`, `[excerpt truncated here]`, `[截断]`, a cell that
 * ends in `...` or `……`); what comes before it is read, and the reader names the row.
 *
 * Written without patterns that start anywhere in a cell: a garbled cell of a million spaces
 * must cost time in proportion to its length, not its square.
 */

/** What a bracketed marker at a cell's end says, if it marks a cut. */
const MARKER_WORDS = /^(?:excerpt\b.*|truncated\b.*|以下省略|截断|内容截断|未完)$/isu;

export interface CutCell {
  /** The cell without the marker. */
  readonly text: string;
  readonly cut: boolean;
}

/** A cell with a truncation marker at its end: the text before it. */
export function cutCell(text: string): CutCell {
  const t = text.trimEnd();
  const close = t.at(-1);
  if (close === ']' || close === '】') {
    const open = t.lastIndexOf(close === ']' ? '[' : '【');
    if (open >= 0 && MARKER_WORDS.test(t.slice(open + 1, -1).trim())) {
      return { text: withoutEllipsis(t.slice(0, open)), cut: true };
    }
  }
  return { text, cut: false };
}

/** `数量指...` → `数量指`. */
function withoutEllipsis(text: string): string {
  let t = text.trimEnd();
  while (t.endsWith('.') || t.endsWith('…')) t = t.slice(0, -1);
  return t.trimEnd();
}

/** True when a cell ends in an ellipsis after some text (`数量指...`, `指标值……`). */
function endsInEllipsis(text: string): boolean {
  const t = text.trimEnd();
  const dots = t.endsWith('...') || t.endsWith('…');
  const before = withoutEllipsis(t);
  return dots && before !== '' && !/[。！？]$/u.test(before);
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
  const last = out[out.length - 1];
  if (atEnd && last !== undefined && endsInEllipsis(last)) {
    out[out.length - 1] = withoutEllipsis(last);
    return { cells: out, cut: true };
  }
  return { cells: out, cut: false };
}
