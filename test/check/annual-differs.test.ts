import { describe, expect, it } from 'vitest';
import { annualDiffers } from '../../db/shared/check/rules/annual-differs.ts';
import { goodIndicatorsWith, indicatorNamed, oneProject, run } from './build.ts';
import { goodIndicators, nationalProject, sentence, values } from './fields.ts';

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

  it('leaves a project whose 实施期 runs over several years to annual-exceeds-cycle', () => {
    const indicators = goodIndicators({
      0: values(sentence('举办36期公务员专题培训班'), sentence('举办12期公务员专题培训班')),
    });
    const over = (start: string, end: string) =>
      run(annualDiffers, nationalProject({ periodStart: start, periodEnd: end }, indicators));
    expect(over('2024-01', '2026-12')).toEqual([]);
    expect(over('2024-01', '2024-12')).toHaveLength(1);
  });
});
