import { describe, expect, it } from 'vitest';
import { formatAmount, formatAmountGrouped, tryParseAmount } from '../../db/shared/money.ts';

describe('money', () => {
  it('parses published amounts exactly', () => {
    expect(tryParseAmount('10,584.83')).toBe(1058483);
    expect(tryParseAmount('0.56')).toBe(56);
    expect(tryParseAmount('38.4')).toBe(3840);
    expect(tryParseAmount('12')).toBe(1200);
    expect(tryParseAmount('-1.5')).toBe(-150);
    expect(tryParseAmount('1.230')).toBe(123);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '1.234', '1,23.00', '1.2.3', '--1', '1e5', '0x10']) {
      expect(tryParseAmount(bad), bad).toBeUndefined();
    }
  });

  it('adds without binary-float drift', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004; in cents it is exact.
    const sum = (tryParseAmount('0.10') ?? 0) + (tryParseAmount('0.20') ?? 0);
    expect(sum).toBe(30);
  });

  it('formats plain and grouped', () => {
    expect(formatAmount(tryParseAmount('10584.83')!)).toBe('10584.83');
    expect(formatAmount(tryParseAmount('-0.5')!)).toBe('-0.50');
    expect(formatAmountGrouped(tryParseAmount('1234567.8')!)).toBe('1,234,567.80');
    expect(formatAmountGrouped(tryParseAmount('999.99')!)).toBe('999.99');
    expect(formatAmountGrouped(tryParseAmount('-1000')!)).toBe('-1,000.00');
  });
});
