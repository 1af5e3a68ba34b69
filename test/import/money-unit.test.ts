import { describe, expect, it } from 'vitest';
import {
  displayFor,
  findMoneyUnit,
  lineMoneyUnit,
  parseMoneyCell,
  settleMoneyUnit,
} from '../../db/import/money-unit.ts';
import { ImportError } from '../../db/import/table-draft.ts';
import type { Cents } from '../../db/shared/money.ts';

const lines = (...texts: string[]) => texts.map((text, i) => ({ text, where: { line: i + 1 } }));

describe('findMoneyUnit', () => {
  it.each([
    ['单位：万元', '万元'],
    ['金额单位:元', '元'],
    ['部门名称：区委组织部 单位：万元', '万元'],
    ['预算单位: 奉节县云雾土家族乡人民政府        金额单位:万元', '万元'],
    ['填报单位:(盖章)    单位:万元', '万元'],
    ['（单位：元）', '元'],
    ['项目资金（元）', '元'],
    ['项目资金(万元)', '万元'],
    ['金额（万元）', '万元'],
    ['预算数（万元）', '万元'],
    ['年度资金（单位：万元）', '万元'],
    ['金额单位：元。', '元'],
  ])('reads %s', (text, unit) => {
    expect(lineMoneyUnit(text)).toBe(unit);
    expect(findMoneyUnit(lines('标题', text))).toEqual({
      unit,
      where: { line: 2 },
      text,
    });
  });

  it.each([
    '实施单位：元宝区财政局',
    '预算单位: 奉节县云雾土家族乡人民政府',
    '填报单位:(盖章)',
    '补助标准（元）',
    '项目建设成本 | ≤65万元',
    '单位：万人',
  ])('finds no unit in %s', (text) => {
    expect(lineMoneyUnit(text)).toBeNull();
  });

  it('returns null when no line states a unit', () => {
    expect(findMoneyUnit(lines('某部门 2025年项目支出绩效目标表', '部门名称：某部门'))).toBeNull();
  });

  it('accepts the same unit stated twice', () => {
    expect(findMoneyUnit(lines('单位：万元', '项目资金（万元）'))?.unit).toBe('万元');
  });

  it('refuses two different units, naming both lines', () => {
    expect(() => findMoneyUnit(lines('单位：万元', '说明', '项目资金（元）'))).toThrow(ImportError);
    expect(() => findMoneyUnit(lines('单位：万元', '说明', '项目资金（元）'))).toThrow(
      /第 3 行：金额单位前后不一致：第 1 行为“单位：万元”，第 3 行为“项目资金（元）”/,
    );
  });
});

describe('parseMoneyCell', () => {
  it.each([
    ['65', '万元', 65_000_000],
    ['1,234.5', '万元', 1_234_500_000],
    ['372.88', '万元', 372_880_000],
    ['0', '万元', 0],
    ['0.000001', '万元', 1],
    ['330.984', '万元', 330_984_000],
    ['3309840.00', '元', 330_984_000],
    ['1,234.5', '元', 123_450],
    ['250万', '元', 250_000_000],
    ['250万元', '元', 250_000_000],
    ['250 万元', '元', 250_000_000],
    ['3000元', '万元', 300_000],
    ['１２．５', '万元', 12_500_000],
    ['12.500000000', '元', 1250],
    ['-1.5', '万元', -1_500_000],
    // past 2^53 / 100 as a float would go wrong; exact here
    ['90071992.547409', '万元', 90_071_992_547_409],
  ])('%s in %s → %d 分', (text, unit, fen) => {
    expect(parseMoneyCell(text, unit as '万元' | '元')).toBe(fen);
  });

  it.each([
    '',
    '-',
    '无',
    '1.234',
    '12,34',
    '1,2345',
    '65万元整',
    '≤65万元',
    '1e3',
    '999999999.999',
  ])('rejects %s', (text) => {
    expect(parseMoneyCell(text, '元')).toBeNull();
  });

  it('rejects more than whole 分 in 万元 and the maximum passed', () => {
    expect(parseMoneyCell('0.0000001', '万元')).toBeNull();
    expect(parseMoneyCell('1000000000', '万元')).toBeNull();
  });
});

describe('displayFor', () => {
  const c = (...xs: number[]) => xs as Cents[];
  it('元 always two decimals', () => {
    expect(displayFor('元', c(1, 100))).toEqual({ unit: '元', decimals: 2 });
  });
  it('万元 with the fewest decimals that show every amount', () => {
    expect(displayFor('万元', c(372_880_000, 0))).toEqual({ unit: '万元', decimals: 2 });
    expect(displayFor('万元', c(330_984_000))).toEqual({ unit: '万元', decimals: 3 });
    expect(displayFor('万元', c(10_000, 1))).toEqual({ unit: '万元', decimals: 6 });
    expect(displayFor('万元', c())).toEqual({ unit: '万元', decimals: 2 });
  });
});

describe('settleMoneyUnit', () => {
  const found = { unit: '万元' as const, where: { line: 3 }, text: '单位：万元' };
  it('the stated unit, or the given one', () => {
    expect(settleMoneyUnit(found, undefined, { line: 1 }, '表格').unit).toBe('万元');
    expect(settleMoneyUnit(found, '万元', { line: 1 }, '表格').unit).toBe('万元');
    expect(settleMoneyUnit(null, '元', { line: 1 }, '表格').unit).toBe('元');
  });
  it('refuses a contradiction and an unknown unit', () => {
    expect(() => settleMoneyUnit(found, '元', { line: 1 }, '表格')).toThrow(
      /第 3 行：表格注明金额单位为万元.*与指定的单位元不一致/,
    );
    expect(() => settleMoneyUnit(null, undefined, { line: 1 }, '表格')).toThrow(
      /第 1 行：表格中找不到金额单位.*--unit 万元\|元/,
    );
  });
});

describe('a unit the program does not keep', () => {
  it.each(['单位：千元', '金额单位:亿元', '单位：美元'])('%s is refused', (text) => {
    expect(() => findMoneyUnit(lines('标题', text))).toThrow(
      /第 2 行：金额单位为“.*元”；只支持单位为万元或元/,
    );
  });
});
