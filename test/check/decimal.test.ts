import { describe, expect, it } from 'vitest';
import {
  addDecimals,
  compareDecimals,
  distanceDecimals,
  formatDecimal,
  parseDecimal,
  shiftDecimal,
  type Decimal,
} from '../../db/shared/check/decimal.ts';

const d = (text: string): Decimal => {
  const parsed = parseDecimal(text);
  if (!parsed) throw new Error(`not a decimal: ${text}`);
  return parsed;
};

describe('decimals of the checks', () => {
  it('reads digits with an optional point, nothing else', () => {
    expect(parseDecimal('12.50')).toEqual({ units: 1250n, scale: 2 });
    for (const bad of ['', '.5', '5.', '-1', '1,000', '1e3', '１２']) {
      expect(parseDecimal(bad), bad).toBeUndefined();
    }
  });

  it('compares, adds and subtracts exactly, whatever the number of decimals', () => {
    expect(compareDecimals(d('95.00'), d('95'))).toBe(0);
    expect(compareDecimals(d('9'), d('10'))).toBeLessThan(0);
    expect(compareDecimals(d('0.30000000000000004'), d('0.3'))).toBeGreaterThan(0);
    expect(formatDecimal(addDecimals(['4.4', '29.9', '29.9', '35.8'].map(d)))).toBe('100');
    expect(formatDecimal(addDecimals([]))).toBe('0');
    expect(formatDecimal(distanceDecimals(d('99.25'), d('100')))).toBe('0.75');
    expect(formatDecimal(distanceDecimals(d('100.001'), d('100')))).toBe('0.001');
  });

  it('multiplies by powers of ten (万, 亿) and prints without trailing zeros', () => {
    expect(formatDecimal(shiftDecimal(d('2.4'), 4))).toBe('24000');
    expect(formatDecimal(shiftDecimal(d('0.00015'), 4))).toBe('1.5');
    expect(formatDecimal(shiftDecimal(d('0.000015'), 4))).toBe('0.15');
    expect(formatDecimal(d('0.050'))).toBe('0.05');
    expect(formatDecimal(d('007'))).toBe('7');
  });
});
