import { describe, expect, it } from 'vitest';
import { emptyValue } from '../../db/shared/check/rules/empty-value.ts';
import { goodIndicatorsWith, indicatorNamed, oneProject, run } from './build.ts';

describe('empty-value', () => {
  it('flags an empty 实施周期指标值 once when the 年度指标值 follows it', () => {
    const doc = oneProject({ indicators: goodIndicatorsWith(0, { cycle: ' ' }) });
    const indicator = indicatorNamed(doc, '举办公务员专题培训班');
    expect(run(emptyValue, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'empty-value',
        severity: 'error',
        location: expect.objectContaining({ indicatorId: indicator.id, field: 'cycleValue' }),
        indicatorIndex: 1,
        message: expect.stringContaining('实施周期指标值和年度指标值为空'),
      }),
    ]);
  });

  it('flags an empty 年度指标值 that differs from the cycle value', () => {
    const doc = oneProject({ indicators: goodIndicatorsWith(0, { annual: '\u3000' }) });
    const indicator = indicatorNamed(doc, '举办公务员专题培训班');
    expect(run(emptyValue, doc)).toEqual([
      expect.objectContaining({
        location: expect.objectContaining({ indicatorId: indicator.id, field: 'annualValue' }),
        message: expect.stringMatching(/^年度指标值为空/u),
      }),
    ]);
  });

  it('says nothing when both values are filled in', () => {
    expect(run(emptyValue, oneProject())).toEqual([]);
  });
});
