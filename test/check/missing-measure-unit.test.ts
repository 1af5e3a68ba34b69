import { describe, expect, it } from 'vitest';
import { missingMeasureUnit } from '../../db/shared/check/rules/missing-measure-unit.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { indicatorNamed, run } from './build.ts';
import {
  goodIndicators,
  nationalProject,
  panyuBeforeAndAfterStructuring,
  quantityIndicators,
  sentence,
  structured,
  values,
} from './fields.ts';

const NAME = '举办公务员专题培训班';

describe('missing-measure-unit', () => {
  it('is an error for a quantitative value without 计量单位, once when the annual value follows', () => {
    const operators = ['≥', '>', '=', '<', '≤'];
    const doc = nationalProject(
      {},
      quantityIndicators(operators.map((op) => values(structured(op, '12', '')))),
    );
    const findings = run(missingMeasureUnit, doc);
    expect(findings.map((f) => f.message)).toEqual(
      ['≥', '＞', '＝', '＜', '≤'].map(
        (op) =>
          `实施周期指标值和年度指标值“${op}12”是定量指标（${op}），缺少计量单位，预算管理一体化系统不接受。请填写计量单位（如“%”“人次”“个”“万元”）。`,
      ),
    );
    expect(findings[0]).toEqual(
      expect.objectContaining({
        ruleId: 'missing-measure-unit',
        severity: 'error',
        indicatorIndex: 1,
        location: expect.objectContaining({
          indicatorId: doc.units[0]!.projects[0]!.indicators[0]!.id,
          field: 'cycleValue',
        }),
      }),
    );
  });

  it('reports the cycle and the annual value each where they differ', () => {
    const both = nationalProject(
      {},
      goodIndicators({ 0: values(structured('≥', '36', ''), structured('≥', '12', ' ')) }),
    );
    expect(
      run(missingMeasureUnit, both).map((f) => [f.indicatorName, f.location.field, f.message]),
    ).toEqual([
      [NAME, 'cycleValue', expect.stringMatching(/^实施周期指标值“≥36”是定量指标/u)],
      [NAME, 'annualValue', expect.stringMatching(/^年度指标值“≥12”是定量指标/u)],
    ]);
    const onlyAnnual = nationalProject(
      {},
      goodIndicators({ 0: values(structured('≥', '36', '期'), structured('≥', '12', '')) }),
    );
    expect(run(missingMeasureUnit, onlyAnnual)).toEqual([
      expect.objectContaining({
        location: expect.objectContaining({
          indicatorId: indicatorNamed(onlyAnnual, NAME).id,
          field: 'annualValue',
        }),
      }),
    ]);
  });

  it('says nothing about values with a unit, 定性 grades and sentences', () => {
    const doc = nationalProject(
      {},
      quantityIndicators([
        values(structured('≥', '95', '%')),
        values(structured('=', '12', '(期)')),
        values(structured('定性', '优', '')),
        values(sentence('举办12期公务员专题培训班'), structured('≥', '6', '期')),
        values(sentence('12')),
      ]),
    );
    expect(run(missingMeasureUnit, doc)).toEqual([]);
  });

  it.skipIf(!HAS_PANYU)(
    'is silent on the published fixture, also with its values structured',
    () => {
      const { imported, structured: converted } = panyuBeforeAndAfterStructuring(PANYU_FIXTURE);
      expect(run(missingMeasureUnit, imported)).toEqual([]);
      expect(run(missingMeasureUnit, converted)).toEqual([]);
    },
  );
});
