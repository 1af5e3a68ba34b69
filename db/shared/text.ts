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
 *   text areas and the printed table understand them; in one-line fields those separators are
 *   removed like the other control characters.
 * Nothing else changes: spaces and every visible character stay as typed.
 */

export interface TextRule {
  /** True for fields that keep line breaks (绩效目标). */
  readonly multiline: boolean;
}

const LINE_BREAKS = /\r\n|[\r\u2028\u2029]/gu;
// C0 controls and DEL and C1 controls; `\n` is handled by the caller's rule.
// eslint-disable-next-line no-control-regex -- finding control characters is this rule's job
const CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/gu;

export function cleanText(value: string, rule: TextRule): string {
  let text = value.replace(LINE_BREAKS, rule.multiline ? '\n' : '');
  text = text.replace(CONTROLS, '');
  if (!rule.multiline) text = text.replaceAll('\n', '');
  return text.normalize('NFC');
}
