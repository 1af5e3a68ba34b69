import { describe, expect, it } from 'vitest';
import { wrapText } from '../../templates/export/linebreak.ts';

/** Every CJK character is 1 wide, everything else ½. */
const measure = (ch: string) => (ch.codePointAt(0)! >= 0x2e80 ? 1 : 0.5);

/** The line ends of `lines` that drop a space between two digits (`100 |200`). */
function spacesLostInNumbers(text: string, lines: readonly string[]): string[] {
  const lost: string[] = [];
  let at = 0;
  lines.forEach((line, i) => {
    expect(text.startsWith(line, at), `line ${i} “${line}”`).toBe(true);
    at += line.length;
    const skipped = /^\s*/u.exec(text.slice(at))![0].length;
    at += skipped;
    const next = lines[i + 1];
    if (next !== undefined && skipped > 0 && /\d$/u.test(line) && /^\d/u.test(next)) {
      lost.push(`${line}|${next}`);
    }
  });
  expect(at).toBe(text.length);
  return lost;
}

// The PDF reader joins two digits at a line end without a space (a number broken in two), so
// the exporter must not break two numbers apart at the space between them.
describe('numbers side by side', () => {
  it('are not broken at the space between them', () => {
    const text = '编号为100 200 300的设备共三台';
    for (let width = 2; width <= 12; width++) {
      expect(spacesLostInNumbers(text, wrapText(text, width, measure)), `width ${width}`).toEqual(
        [],
      );
    }
  });

  it('are broken inside one where no line holds them', () => {
    const text = '100 200 300 400';
    // From three digits a line: a line of one digit and a space has nowhere else to break.
    for (let width = 1.5; width <= 8; width += 0.5) {
      const lines = wrapText(text, width, measure);
      expect(spacesLostInNumbers(text, lines), `width ${width}`).toEqual([]);
    }
  });

  it('still breaks at a space between a word and a number, or two words', () => {
    expect(wrapText('ISO 9001', 2.5, measure)).toEqual(['ISO', '9001']);
    expect(wrapText('100 kg', 2, measure)).toEqual(['100', 'kg']);
  });
});
