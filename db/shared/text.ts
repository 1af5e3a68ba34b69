/**
 * Text as the store keeps it. Whatever way text arrives (typed, pasted from a PDF or a web page,
 * imported, loaded from JSON, carried over from last year's table), it is stored the same way:
 * - in Unicode NFC, so that the same words are the same characters (a search, a duplicate check
 *   or a comparison with last year's text never misses because of how an input method composed
 *   them);
 * - without control characters (C0, DEL and C1), which print as boxes or nothing and which no
 *   clerk means to type; a tab or a line break in a one-line field goes with them;
 * - with line breaks only where the field has lines (绩效目标): `\r\n`, a lone `\r` and the
 *   Unicode line and paragraph separators (U+2028, U+2029) all become `\n`, as the editor's
 *   text areas and the printed table understand them;
 * - as pasted from Word or a spreadsheet but meant: a tab, or in a one-line field a line break,
 *   separated two words, so each run of them (with the spaces around) becomes one space rather
 *   than gluing the words; a one-line field drops spaces at both ends, a field with lines drops
 *   the blank lines and spaces at its end (and blank lines at its start) but keeps a paragraph's
 *   indent (two ideographic spaces, U+3000).
 * Nothing else changes: spaces inside and every visible character stay as typed.
 */

export interface TextRule {
  /** True for fields that keep line breaks (绩效目标). */
  readonly multiline: boolean;
}

const LINE_BREAKS = /\r\n|[\r\u2028\u2029]/gu;
// C0 controls and DEL and C1 controls, but for tab and line feed (handled by the rule).
// eslint-disable-next-line no-control-regex -- finding control characters is this rule's job
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu;
/** A tab, with the spaces around it (ASCII and ideographic). */
const TABS = /[ \u3000]*\t[\t \u3000]*/gu;
/** A line break in a one-line field, with the tabs and spaces around it. */
const BREAKS = /[\t \u3000]*\n[\n\t \u3000]*/gu;

export function cleanText(value: string, rule: TextRule): string {
  let text = value.replace(LINE_BREAKS, '\n').replace(CONTROLS, '');
  if (rule.multiline) {
    text = text
      .replace(TABS, ' ')
      .replace(/^(?:[ \u3000]*\n)+/u, '')
      .trimEnd();
  } else {
    text = text.replace(BREAKS, ' ').replace(TABS, ' ').trim();
  }
  return text.normalize('NFC');
}
