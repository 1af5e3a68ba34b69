import { describe, expect, it } from 'vitest';
import { settleMoneyUnit } from '../../db/import/money-unit.ts';
import {
  asksSourceUnit,
  orderedNotes,
  unitRefusal,
  unitToSend,
} from '../../renderer/src/from-previous.ts';

/** The refusal the readers give, in their own words (db/import/money-unit.ts). */
function refusal(found: Parameters<typeof settleMoneyUnit>[0], given?: '万元' | '元'): string {
  try {
    settleMoneyUnit(found, given, { line: 18 }, '逐项目申报表');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('not refused');
}

describe('由上年文件新建: the money unit question', () => {
  it('is asked for a text or PDF source, not for a document or before a path is typed', () => {
    expect(asksSourceUnit('上年.txt', false)).toBe(true);
    expect(asksSourceUnit(' 上年.PDF ', false)).toBe(true);
    expect(asksSourceUnit('上年表格', false)).toBe(true);
    expect(asksSourceUnit('上年.jxmb', false)).toBe(false);
    expect(asksSourceUnit('上年.JXMB', false)).toBe(false);
    expect(asksSourceUnit('  ', false)).toBe(false);
    // Electron picks the file after the form is sent: the question is always there.
    expect(asksSourceUnit('', true)).toBe(true);
  });

  it('sends a unit only when one is picked and the question is asked', () => {
    expect(unitToSend('stated', true)).toBeUndefined();
    expect(unitToSend('万元', true)).toBe('万元');
    expect(unitToSend('元', false)).toBeUndefined();
  });

  it('takes the readers’ “no unit” refusal to the question, without the command-line option', () => {
    const message = `上年文件“a.txt”：${refusal(null)}`;
    expect(message).toContain('--unit');
    const r = unitRefusal(message);
    expect(r?.kind).toBe('missing');
    expect(r?.message).toContain('找不到金额单位');
    expect(r?.message).not.toContain('--unit');
    expect(r?.message).not.toContain('命令行');
    expect(r?.hint).toContain('万元');
  });

  it('takes a unit that contradicts the table’s to the question', () => {
    const message = refusal({ unit: '万元', where: { line: 3 }, text: '单位：万元' }, '元');
    const r = unitRefusal(message);
    expect(r?.kind).toBe('contradicts');
    expect(r?.message).toContain('与指定的单位元不一致');
    expect(r?.message).not.toContain('单位选项');
    expect(r?.hint).toContain('按文件中写明');
  });

  it('leaves other refusals to the usual message', () => {
    expect(unitRefusal('第 3 行：金额单位为“千元”；只支持单位为万元或元的表格')).toBeNull();
    expect(unitRefusal('第 1 行：找不到表格标题')).toBeNull();
    expect(unitRefusal('与编制器的连接已中断')).toBeNull();
  });

  it('lists the notes to check before what was inferred', () => {
    const notes = [
      { severity: 'info', where: '第 9 行', message: 'a' },
      { severity: 'warning', where: '第 27 行', message: 'b' },
      { severity: 'info', where: '第 20 行', message: 'c' },
    ] as const;
    expect(orderedNotes(notes).map((n) => n.message)).toEqual(['b', 'a', 'c']);
  });
});
