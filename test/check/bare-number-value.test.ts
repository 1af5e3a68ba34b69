import { describe, expect, it } from 'vitest';
import { bareNumberValue } from '../../db/shared/check/rules/bare-number-value.ts';
import { firstProject, goodIndicatorsWith, oneProject, run } from './build.ts';

const valueDoc = (cycle: string, annual?: string) =>
  oneProject({
    indicators: goodIndicatorsWith(1, {
      name: '干部任职培训',
      cycle,
      ...(annual === undefined ? {} : { annual }),
    }),
  });

describe('bare-number-value', () => {
  it('warns about a value that is only a number', () => {
    const doc = valueDoc('100');
    expect(firstProject(doc).indicators[1]!.cycle.kind).toBe('sentence');
    expect(run(bareNumberValue, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'bare-number-value',
        severity: 'warning',
        location: expect.objectContaining({
          indicatorId: firstProject(doc).indicators[1]!.id,
          field: 'cycleValue',
        }),
        message: expect.stringContaining('“100”只有数字，看不出计量单位和计算方向'),
      }),
    ]);
  });

  it('warns about a comparison without a unit, and each differing value once', () => {
    expect(run(bareNumberValue, valueDoc('大于等于98'))[0]!.message).toContain('看不出计量单位。');
    const both = run(bareNumberValue, valueDoc('3', '1'));
    expect(both.map((f) => f.location.field)).toEqual(['cycleValue', 'annualValue']);
  });

  it('accepts a figure with a unit or a direction and unit, a year, or a sentence', () => {
    for (const value of ['100%', '≥95%', '3次', '2024', '举办3次干部任职培训班', '大于等于98%']) {
      expect(run(bareNumberValue, valueDoc(value)), value).toEqual([]);
    }
  });
});
