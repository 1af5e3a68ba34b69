import { describe, expect, it } from 'vitest';
import {
  heightOf,
  lineCount,
  MAX_ROW_PT,
  piecesThatFit,
  type TextBox,
} from '../../templates/export/xlsx/row-height.ts';

/** A 9 pt cell 20 characters wide: 31 lines fit a row of 409 pt at a pitch of 11.7 pt. */
const BOX: TextBox = { widthPt: (9 * 20) / 0.92, sizePt: 9, lineHeight: 1.3, paddingPt: 4.5 };

const fits = (piece: string) => heightOf(lineCount(piece, BOX), BOX) <= MAX_ROW_PT;

describe('rows of a printed sheet', () => {
  it('counts the lines a cell’s text takes, CJK full width, digits half', () => {
    expect(lineCount('一二三四五六七八九十'.repeat(2), BOX)).toBe(1);
    expect(lineCount('一二三四五六七八九十'.repeat(2) + '一', BOX)).toBe(2);
    expect(lineCount('1234567890'.repeat(4), BOX)).toBe(1);
    expect(lineCount('甲\n乙\n丙', BOX)).toBe(3);
  });

  it('keeps a text that fits in one piece', () => {
    expect(piecesThatFit('举办12期培训班。', BOX)).toEqual(['举办12期培训班。']);
  });

  it('cuts a taller text where sentences end, each piece fitting a row', () => {
    const items = Array.from({ length: 40 }, (_, i) => `${i + 1}、${'指标内容'.repeat(8)}。`);
    const text = items.join('');
    const pieces = piecesThatFit(text, BOX);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(text);
    for (const p of pieces) expect(fits(p)).toBe(true);
    for (const p of pieces.slice(0, -1)) expect(p).toMatch(/。$/);
  });

  it('cuts one sentence taller than a row where its clauses end, then where lines do', () => {
    const clauses = Array.from({ length: 30 }, () => `${'子句'.repeat(15)}；`).join('');
    const pieces = piecesThatFit(clauses, BOX);
    expect(pieces.join('')).toBe(clauses);
    for (const p of pieces) expect(fits(p)).toBe(true);
    for (const p of pieces.slice(0, -1)) expect(p).toMatch(/；$/);

    const run = '无标点'.repeat(400);
    const cut = piecesThatFit(run, BOX);
    expect(cut.length).toBeGreaterThan(1);
    expect(cut.join('')).toBe(run);
    for (const p of cut) expect(fits(p)).toBe(true);
  });
});
