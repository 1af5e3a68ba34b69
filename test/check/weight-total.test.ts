import { describe, expect, it } from 'vitest';
import { weightTotal } from '../../db/shared/check/rules/weight-total.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { importToSnapshot } from '../import/build.ts';
import { buildDocument, goodProject, oneProject, run } from './build.ts';
import { patchIndicators, patchProject, weight } from './fields.ts';

/** The good project (4 indicators in printed order) with these 权重. */
function weighted(weights: readonly (string | null)[], doc: DocumentData = oneProject()) {
  return patchIndicators(doc, (_, k) => weight(weights[k] ?? null));
}

describe('weight-total', () => {
  it('warns when some indicators have a weight and others not, at the first without', () => {
    const doc = weighted(['30', null, '30', null]);
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
    expect(run(weightTotal, weighted(['30', '30', '30', '5'])).map((f) => f.message)).toEqual([
      '本项目 4 条指标的权重合计为 95，比 100 少 5。请调整各条指标的权重，使合计为 100。',
    ]);
    const over = run(weightTotal, weighted(['40', '30.25', '30', '0.5']));
    expect(over).toEqual([
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
    expect(run(weightTotal, weighted(['4.4', '29.9', '29.9', '35.8']))).toEqual([]);
    expect(run(weightTotal, weighted(['33.3', '33.3', '33.40', '0']))).toEqual([]);
    expect(run(weightTotal, weighted(['0.1', '0.2', '49.7', '50.00']))).toEqual([]);
    expect(
      run(weightTotal, weighted(['4.4', '29.9', '29.9', '35.801'])).map((f) => f.message),
    ).toEqual([expect.stringContaining('合计为 100.001，比 100 多 0.001。')]);
  });

  it('says nothing about a project without weights, and judges each project alone', () => {
    expect(run(weightTotal, oneProject())).toEqual([]);
    const two = buildDocument({
      units: [{ projects: [goodProject(), goodProject({ name: '电化教育管理工作经费' })] }],
    });
    const withWeights =
      (project: number, weights: readonly (string | null)[]) => (d: DocumentData) =>
        patchProject(
          d,
          {
            indicators: d.units[0]!.projects[project]!.indicators.map((i, k) => ({
              ...i,
              ...weight(weights[k] ?? null),
            })),
          },
          { unit: 0, project },
        );
    const first = withWeights(0, ['10', '20', '30', '40'])(two);
    expect(run(weightTotal, first)).toEqual([]);
    const both = withWeights(1, ['50', '50', null, null])(first);
    expect(run(weightTotal, both)).toEqual([
      expect.objectContaining({ projectName: '电化教育管理工作经费', indicatorIndex: 3 }),
    ]);
  });

  it.skipIf(!HAS_PANYU)('is silent on the published fixture, which has no weights', () => {
    expect(run(weightTotal, importToSnapshot(PANYU_FIXTURE).snapshot)).toEqual([]);
  });
});
