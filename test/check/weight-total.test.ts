import { describe, expect, it } from 'vitest';
import { weightTotal } from '../../db/shared/check/rules/weight-total.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { importToSnapshot } from '../import/build.ts';
import { run } from './build.ts';
import { goodIndicators, nationalDocument, nationalProject } from './fields.ts';

/** build.ts's good indicators (4, in printed order) with these 权重. */
function weighted(weights: readonly (string | null)[]) {
  return goodIndicators(Object.fromEntries(weights.map((weight, k) => [k, { weight }])));
}

describe('weight-total', () => {
  it('warns when some indicators have a weight and others not, at the first without', () => {
    const doc = nationalProject({}, weighted(['30', null, '30', null]));
    const indicators = doc.units[0]!.projects[0]!.indicators;
    expect(run(weightTotal, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'weight-total',
        severity: 'warning',
        indicatorIndex: 2,
        location: expect.objectContaining({ indicatorId: indicators[1]!.id, field: 'weight' }),
        message:
          '本项目 4 条指标中，第 2、4 条未填权重，其余已填。使用权重时每条指标都应填写，合计为 100；请补填。',
      }),
    ]);
  });

  it('warns when the weights do not add up to 100, saying by how much', () => {
    const under = nationalProject({}, weighted(['30', '30', '30', '5']));
    expect(run(weightTotal, under).map((f) => f.message)).toEqual([
      '本项目 4 条指标的权重合计为 95，比 100 少 5。请调整各条指标的权重，使合计为 100。',
    ]);
    const over = nationalProject({}, weighted(['40', '30.25', '30', '0.5']));
    expect(run(weightTotal, over)).toEqual([
      expect.objectContaining({
        indicatorIndex: 1,
        location: expect.objectContaining({ field: 'weight' }),
        message: expect.stringContaining('权重合计为 100.75，比 100 多 0.75。'),
      }),
    ]);
  });

  it('adds decimal weights exactly, never as binary floats', () => {
    // As binary floats these add up to 99.99999999999999.
    expect(4.4 + 29.9 + 29.9 + 35.8).not.toBe(100);
    const exact = [
      ['4.4', '29.9', '29.9', '35.8'],
      ['33.3', '33.3', '33.40', '0'],
      ['0.1', '0.2', '49.7', '５０.００'],
    ];
    for (const weights of exact) {
      expect(run(weightTotal, nationalProject({}, weighted(weights))), weights.join('+')).toEqual(
        [],
      );
    }
    const off = nationalProject({}, weighted(['4.4', '29.9', '29.9', '35.801']));
    expect(run(weightTotal, off).map((f) => f.message)).toEqual([
      expect.stringContaining('合计为 100.001，比 100 多 0.001。'),
    ]);
  });

  it('says nothing about a project without weights, and judges each project alone', () => {
    const doc = nationalDocument([
      {},
      { project: { name: '干部教育经费' }, indicators: weighted(['10', '20', '30', '40']) },
      { project: { name: '电化教育管理工作经费' }, indicators: weighted(['50', '50', null, null]) },
    ]);
    expect(run(weightTotal, doc)).toEqual([
      expect.objectContaining({ projectName: '电化教育管理工作经费', indicatorIndex: 3 }),
    ]);
  });

  it.skipIf(!HAS_PANYU)('is silent on the published fixture, which has no weights', () => {
    expect(run(weightTotal, importToSnapshot(PANYU_FIXTURE).snapshot)).toEqual([]);
  });
});
