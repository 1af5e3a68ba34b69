/**
 * PDF text extraction inserts spaces where the original had none: between Chinese characters
 * and before punctuation (`创新创业 ，激发`, `达到 2.4万人次`). Chinese text does not use spaces,
 * so a space with a Chinese character or Chinese punctuation on either side is an artefact and
 * goes; a space between Latin letters or digits (`Windows 10`, `ISO 9001`) was written by a
 * person and stays.
 */
const CJK = String.raw`\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7`;
const SPACE = String.raw`[ \t\u00a0\u3000]+`;
const AFTER_CJK = new RegExp(String.raw`(?<=[${CJK}])${SPACE}`, 'gu');
// `(?<!…)`: a run of spaces is tried from its start only; from each of its spaces, a long run
// not followed by Chinese would take time growing with the square of its length.
const BEFORE_CJK = new RegExp(String.raw`(?<![ \t\u00a0\u3000])${SPACE}(?=[${CJK}])`, 'gu');

export function removeExtractionSpaces(text: string): string {
  return text.replace(AFTER_CJK, '').replace(BEFORE_CJK, '').trim();
}

/** Is this character Chinese text or Chinese punctuation? */
export function isCjk(ch: string): boolean {
  return new RegExp(`^[${CJK}]$`, 'u').test(ch);
}
