import { describe, expect, it } from 'vitest';
import { annualDiffers } from '../../db/shared/check/rules/annual-differs.ts';
import { goodIndicatorsWith, indicatorNamed, oneProject, run } from './build.ts';

describe('annual-differs', () => {
  it('hints at a 年度指标值 different from the 实施周期指标值', () => {
    const doc = oneProject({
      indicators: goodIndicatorsWith(0, { annual: '举办6期公务员专题培训班' }),
    });
    const indicator = indicatorNamed(doc, '举办公务员专题培训班');
    expect(run(annualDiffers, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'annual-differs',
        severity: 'hint',
        location: expect.objectContaining({ indicatorId: indicator.id, field: 'annualValue' }),
        message: expect.stringContaining(
          '年度指标值“举办6期公务员专题培训班”与实施周期指标值“举办12期公务员专题培训班”不同',
        ),
      }),
    ]);
  });

  it('ignores spacing and the closing 。, and empty values (empty-value reports those)', () => {
    for (const annual of ['举办12期公务员专题培训班 。', '举办 12期公务员专题培训班', ' ']) {
      const doc = oneProject({ indicators: goodIndicatorsWith(0, { annual }) });
      expect(run(annualDiffers, doc), annual).toEqual([]);
    }
  });
});
