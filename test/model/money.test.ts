import { describe, expect, it } from 'vitest';
import {
  addCents,
  atSumLimit,
  canShow,
  cents,
  firstUnshowable,
  formatAmount,
  formatAmountGrouped,
  MAX_AMOUNT_CENTS,
  moneyDisplayProblem,
  parseAmount,
  SUM_LIMIT,
  sumCents,
  tryParseAmount,
  type Cents,
  type MoneyDisplay,
} from '../../db/shared/money.ts';
import { WAN2 } from '../amounts.ts';

const WAN3: MoneyDisplay = { unit: '万元', decimals: 3 };
const WAN6: MoneyDisplay = { unit: '万元', decimals: 6 };
const YUAN: MoneyDisplay = { unit: '元', decimals: 2 };

describe('money in 分', () => {
  it('parses published amounts (万元, two decimals) exactly', () => {
    expect(tryParseAmount('10,584.83', WAN2)).toBe(10_584_830_000);
    expect(tryParseAmount('0.56', WAN2)).toBe(560_000);
    expect(tryParseAmount('38.4', WAN2)).toBe(38_400_000);
    expect(tryParseAmount('12', WAN2)).toBe(12_000_000);
    expect(tryParseAmount('-1.5', WAN2)).toBe(-1_500_000);
    expect(tryParseAmount('1.230', WAN2)).toBe(1_230_000);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '1.234', '1,23.00', '1.2.3', '--1', '1e5', '0x10']) {
      expect(tryParseAmount(bad, WAN2), bad).toBeUndefined();
    }
  });

  it('holds the real Sichuan amount 3,309,840.00 元 exactly, in every display that shows it', () => {
    const yuan = tryParseAmount('3,309,840.00', YUAN)!;
    expect(yuan).toBe(330_984_000);
    expect(tryParseAmount('330.984', WAN3)).toBe(yuan);
    expect(tryParseAmount('330.984000', WAN6)).toBe(yuan);
    expect(formatAmountGrouped(yuan, YUAN)).toBe('3,309,840.00');
    expect(formatAmount(yuan, YUAN)).toBe('3309840.00');
    expect(formatAmount(yuan, WAN6)).toBe('330.984000');
    expect(formatAmount(yuan, WAN3)).toBe('330.984');
    // Two decimals cannot show it: typing it is refused, never rounded to 330.98.
    expect(tryParseAmount('330.984', WAN2)).toBeUndefined();
    expect(() => parseAmount('330.984', '财政拨款', WAN2)).toThrow(
      /^财政拨款：“330\.984”超过 2 位小数（本表金额单位为万元，保留 2 位小数；金额不会被四舍五入/,
    );
    expect(canShow(yuan, WAN2)).toBe(false);
    expect(canShow(yuan, WAN3)).toBe(true);
    // A stored amount the display cannot show is printed with its extra digits, not rounded.
    expect(formatAmountGrouped(yuan, WAN2)).toBe('330.984');
    expect(formatAmountGrouped(cents(1), WAN2)).toBe('0.000001');
  });

  it('takes one 分 in 元 and in 万元 with 6 decimals, and no finer', () => {
    expect(tryParseAmount('0.01', YUAN)).toBe(1);
    expect(tryParseAmount('0.000001', WAN6)).toBe(1);
    expect(tryParseAmount('0.001', YUAN)).toBeUndefined();
    expect(tryParseAmount('0.0000001', WAN6)).toBeUndefined();
    expect(tryParseAmount('0.0100000', YUAN)).toBe(1);
  });

  it('adds without binary-float drift', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004; in 分 it is exact.
    const sum = addCents(tryParseAmount('0.10', WAN2)!, tryParseAmount('0.20', WAN2)!);
    expect(formatAmount(sum, WAN2)).toBe('0.30');
  });

  it('formats plain and grouped, with exactly the display’s decimals', () => {
    const c = (t: string) => tryParseAmount(t, WAN2)!;
    expect(formatAmount(c('10584.83'), WAN2)).toBe('10584.83');
    expect(formatAmount(c('-0.5'), WAN2)).toBe('-0.50');
    expect(formatAmountGrouped(c('1234567.8'), WAN2)).toBe('1,234,567.80');
    expect(formatAmountGrouped(c('999.99'), WAN2)).toBe('999.99');
    expect(formatAmountGrouped(c('-1000'), WAN2)).toBe('-1,000.00');
    expect(formatAmountGrouped(c('-1000'), WAN6)).toBe('-1,000.000000');
    expect(formatAmountGrouped(c('-1000'), YUAN)).toBe('-10,000,000.00');
    expect(formatAmountGrouped(MAX_AMOUNT_CENTS as Cents, YUAN)).toBe('9,999,999,999,900.00');
  });

  it('knows the display settings there are', () => {
    expect(moneyDisplayProblem('万元', 2)).toBeUndefined();
    expect(moneyDisplayProblem('万元', 6)).toBeUndefined();
    expect(moneyDisplayProblem('元', 2)).toBeUndefined();
    expect(moneyDisplayProblem('万元', 7)).toBe('金额单位为万元时小数位数应为 2 到 6');
    expect(moneyDisplayProblem('元', 3)).toBe('金额单位为元时小数位数只能是 2');
    expect(moneyDisplayProblem('美元', 2)).toBe('金额单位“美元”无效，应为 万元 或 元');
    expect(moneyDisplayProblem('万元', 2.5)).toMatch(/2 到 6/);
  });

  it('names the first amount a display cannot show', () => {
    const amounts = [
      { what: '甲', amount: cents(10_000) },
      { what: '乙', amount: cents(330_984_000) },
    ];
    expect(firstUnshowable(amounts, WAN2)?.what).toBe('乙');
    expect(firstUnshowable(amounts, WAN3)).toBeUndefined();
  });

  it('never fails on a sum past the exact range: it is held far past the maximum', () => {
    // 5,100 maximal amounts, as another tool could write them: 5,100 × max exceeds 2^53.
    const many = Array.from({ length: 5_100 }, () => MAX_AMOUNT_CENTS as Cents);
    expect(5_100 * MAX_AMOUNT_CENTS).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    const sum = sumCents(many);
    expect(sum).toBe(SUM_LIMIT);
    expect(atSumLimit(sum)).toBe(true);
    expect(sumCents(many.map((c) => -c as Cents))).toBe(-SUM_LIMIT);
    expect(addCents(...many.slice(0, 10))).toBe(SUM_LIMIT);
    // Exact again when the true sum comes back within the range (positive and negative).
    expect(sumCents([...many.slice(0, 20), ...many.slice(0, 19).map((c) => -c as Cents)])).toBe(
      MAX_AMOUNT_CENTS,
    );
    expect(formatAmount(sum, WAN2)).toBe('9000000000.00');
  });
});
