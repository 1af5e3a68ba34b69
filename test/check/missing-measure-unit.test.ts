import { describe, expect, it } from 'vitest';
import { missingMeasureUnit } from '../../db/shared/check/rules/missing-measure-unit.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { importToSnapshot } from '../import/build.ts';
import { indicatorNamed, oneProject, run } from './build.ts';
import { patchIndicator, sentence, structured, structureAll, values } from './fields.ts';

const NAME = '举办公务员专题培训班';

describe('missing-measure-unit', () => {
  it('is an error for a quantitative value without 计量单位, once when the annual value follows', () => {
    for (const operator of ['≥', '＞', '＝', '＜', '≤']) {
      const doc = patchIndicator(oneProject(), NAME, values(structured(operator, '12', '')));
      expect(run(missingMeasureUnit, doc), operator).toEqual([
        expect.objectContaining({
          ruleId: 'missing-measure-unit',
          severity: 'error',
          indicatorIndex: 1,
          location: expect.objectContaining({
            indicatorId: indicatorNamed(doc, NAME).id,
            field: 'cycleValue',
          }),
          message: `实施周期指标值和年度指标值“${operator}12”是定量指标（${operator}），缺少计量单位，预算管理一体化系统不接受。请填写计量单位（如“%”“人次”“个”“万元”）。`,
        }),
      ]);
    }
  });

  it('reports the cycle and the annual value each where they differ', () => {
    const doc = patchIndicator(
      oneProject(),
      NAME,
      values(structured('≥', '36', ''), structured('≥', '12', ' ')),
    );
    expect(run(missingMeasureUnit, doc).map((f) => [f.location.field, f.message])).toEqual([
      ['cycleValue', expect.stringMatching(/^实施周期指标值“≥36”是定量指标/u)],
      ['annualValue', expect.stringMatching(/^年度指标值“≥12”是定量指标/u)],
    ]);
    const onlyAnnual = patchIndicator(
      oneProject(),
      NAME,
      values(structured('≥', '36', '期'), structured('≥', '12', '')),
    );
    expect(run(missingMeasureUnit, onlyAnnual).map((f) => f.location.field)).toEqual([
      'annualValue',
    ]);
  });

  it('says nothing about values with a unit, 定性 grades and sentences', () => {
    const cases = [
      values(structured('≥', '95', '%')),
      values(structured('=', '12', '(期)')),
      values(structured('定性', '优', '')),
      values(sentence('举办12期公务员专题培训班'), structured('≥', '6', '期')),
      values(sentence('12')),
    ];
    for (const patch of cases) {
      expect(run(missingMeasureUnit, patchIndicator(oneProject(), NAME, patch))).toEqual([]);
    }
  });

  it.skipIf(!HAS_PANYU)(
    'is silent on the published fixture, also with its values structured',
    () => {
      const doc = importToSnapshot(PANYU_FIXTURE).snapshot;
      expect(run(missingMeasureUnit, doc)).toEqual([]);
      expect(run(missingMeasureUnit, structureAll(doc))).toEqual([]);
    },
  );
});
