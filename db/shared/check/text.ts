/**
 * Text helpers shared by the rules. Values come from clerks and from text copied out of PDFs,
 * so they carry stray spaces, full-width spaces and zero-width characters that must not change
 * what a rule decides.
 */

const INVISIBLE = /[\s\u200b-\u200d\u2060\ufeff]+/gu;

/** True when there is nothing a reader could see. */
export function isBlank(text: string): boolean {
  return text.replace(INVISIBLE, '') === '';
}

/** The text without any whitespace: PDF extraction splits words with spaces at random. */
export function compact(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Ignores spacing and the closing full stop, which the printed notation adds or drops. */
export function sameValue(a: string, b: string): boolean {
  return stripEnd(compact(a)) === stripEnd(compact(b));
}

function stripEnd(text: string): string {
  return text.replace(/[。．.；;，,]+$/u, '');
}

/** Number of characters a reader counts (code points, without spaces or closing punctuation). */
export function visibleLength(text: string): number {
  return [...stripEnd(compact(text))].length;
}

/** A value quoted for a message, shortened so one finding stays on one line. */
export function quote(text: string, max = 24): string {
  const chars = [...text.replace(/\s+/gu, ' ').trim()];
  return `“${chars.length > max ? chars.slice(0, max).join('') + '…' : chars.join('')}”`;
}

const YEAR = '(?:19|20)\\d{2}';

/**
 * Document numbers (文号) such as 穗财行〔2021〕72号, 番组[2019]59号 or （2018）46号 carry a year
 * that is the year the rule was issued, not a year the text talks about; rules that look for
 * years or numbers remove them first.
 */
const DOCUMENT_NUMBER = new RegExp(
  [
    // A year in the brackets used only for document numbers, with or without the number after.
    `[〔［\\[【﹝]\\s*${YEAR}\\s*年?\\s*[〕］\\]】﹞]\\s*(?:第?\\s*\\d+\\s*号)?`,
    // Round brackets are ordinary punctuation too: only with the 号 after them.
    `[（(]\\s*${YEAR}\\s*[）)]\\s*第?\\s*\\d+\\s*号`,
  ].join('|'),
  'gu',
);

export function withoutDocumentNumbers(text: string): string {
  return text.replace(DOCUMENT_NUMBER, ' ');
}

/** The same, blanking document numbers with as many spaces, so positions stay those of `text`. */
export function maskDocumentNumbers(text: string): string {
  return text.replace(DOCUMENT_NUMBER, (m) => ' '.repeat(m.length));
}

/**
 * Marks clerks type to get past a required cell, or that templates leave to be filled in:
 * dashes, slashes, stars, ellipses, XX, 无, 不涉及, and repetitions of them.
 */
const MARK = String.raw`[*＊_＿\-－‐‒–—―/／\\、.。·・…⋯~～?？]|[xXｘＸ×✕╳]|无|不涉及|暂无|待定|略|N\/?A`;
const ONLY_PLACEHOLDER = new RegExp(`^(?:${MARK})+$`, 'iu');

/** True when the text, ignoring spaces, is nothing but placeholder marks. */
export function isPlaceholder(text: string): boolean {
  const bare = compact(text);
  return bare !== '' && ONLY_PLACEHOLDER.test(bare);
}
