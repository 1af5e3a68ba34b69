import { describe, expect, it } from 'vitest';
import { canBreakBetween, wrapText } from '../../templates/export/linebreak.ts';

/** Every CJK character is 1 wide, everything else ½: a simple stand-in for a font. */
const measure = (ch: string) => (ch.codePointAt(0)! >= 0x2e80 ? 1 : 0.5);
const NO_START = Array.from('，。；：、？！）》”’%');
const NO_END = Array.from('（《“‘');

function checkRules(lines: string[]) {
  for (const [i, line] of lines.entries()) {
    if (i > 0) expect(NO_START, `line ${i} “${line}”`).not.toContain(Array.from(line)[0]);
    if (i < lines.length - 1)
      expect(NO_END, `line ${i} “${line}”`).not.toContain(Array.from(line).at(-1));
  }
}

describe('Chinese line breaking', () => {
  it('never starts a line with closing punctuation nor ends one with opening punctuation', () => {
    const text =
      '制作党员教育电教片（专题片、微视频）各1部，覆盖率100%。按时完成“学习强国”上传；未完成的，说明原因！《通知》要求：' +
      '资金使用合理规范，提高资金使用效率。（一）加强管理；（二）严格考核。';
    for (let width = 3; width <= 30; width++) {
      const lines = wrapText(text, width, measure);
      checkRules(lines);
      expect(lines.join('')).toBe(text);
      for (const line of lines) {
        const w = Array.from(line).reduce((s, ch) => s + measure(ch), 0);
        expect(w, `“${line}” in ${width}`).toBeLessThanOrEqual(width);
      }
    }
  });

  it('keeps numbers, Latin words and the codes of the notation whole', () => {
    const lines = wrapText('参训人员不少于1,000,000人次；11-数量指标', 9, measure);
    expect(lines.join('|')).toContain('1,000,000');
    expect(lines.every((l) => !l.endsWith('-'))).toBe(true);
    expect(canBreakBetween('1', '0')).toBe(false);
    expect(canBreakBetween('次', '1')).toBe(true);
    expect(canBreakBetween('1', '-')).toBe(false);
    expect(canBreakBetween('-', '数')).toBe(false);
  });

  it('breaks a word wider than the line rather than losing it', () => {
    const word = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    const lines = wrapText(word, 4, measure);
    expect(lines.join('')).toBe(word);
    expect(lines.length).toBe(Math.ceil(word.length / 8));
  });

  it('keeps the clerk’s line breaks and drops only the spaces at a break', () => {
    expect(wrapText('1.第一条\n2.第二条', 20, measure)).toEqual(['1.第一条', '2.第二条']);
    expect(wrapText('', 20, measure)).toEqual([]);
    expect(wrapText('word word word', 3, measure)).toEqual(['word', 'word', 'word']);
    expect(
      wrapText('——破折号——', 5, measure).every((l) => !l.startsWith('—') || l.startsWith('——')),
    ).toBe(true);
  });
});
