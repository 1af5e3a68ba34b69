import { describe, expect, it } from 'vitest';
import { annualExceedsCycle } from '../../db/shared/check/rules/annual-exceeds-cycle.ts';
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

type Cells = readonly [operator: string, value: string, unit: string];

/** For each pair of cycle and annual value, whether the rule flags it (all in one project). */
function flags(pairs: readonly (readonly [Cells, Cells])[]): boolean[] {
  const doc = nationalProject(
    {},
    quantityIndicators(pairs.map(([c, a]) => values(structured(...c), structured(...a)))),
  );
  const flagged = new Set(run(annualExceedsCycle, doc).map((f) => f.indicatorIndex));
  return pairs.map((_, k) => flagged.has(k + 1));
}

describe('annual-exceeds-cycle', () => {
  it('warns when the year asks for more than the whole period', () => {
    const name = '举办公务员专题培训班';
    const doc = nationalProject(
      {},
      goodIndicators({ 0: values(structured('≥', '36', '期'), structured('>=', '48', '期')) }),
    );
    expect(run(annualExceedsCycle, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'annual-exceeds-cycle',
        severity: 'warning',
        indicatorIndex: 1,
        location: expect.objectContaining({
          indicatorId: indicatorNamed(doc, name).id,
          field: 'annualValue',
        }),
        message:
          '年度指标值“≥48期”超过实施周期指标值“≥36期”。预算年度是实施期的一部分，年度目标不应高于整个实施期的目标；请核对：年度指标值有误则改小，实施周期指标值有误则相应提高。',
      }),
    ]);
  });

  it('compares every operator pair as the rule states it', () => {
    const ops = ['≥', '＞', '＝', '＜', '≤'];
    // [cycle operator, cycle number, annual operator, annual number, exceeds]
    const table: [string, string, string, string, boolean][] = [
      // An annual floor or exact figure above the cycle's number exceeds, whatever the cycle says.
      ...ops.flatMap((c) =>
        ['≥', '＞', '＝'].map((a): [string, string, string, string, boolean] => [
          c,
          '90',
          a,
          '95',
          true,
        ]),
      ),
      // An annual cap never exceeds, looser or stricter.
      ...ops.flatMap((c) =>
        ['≤', '＜'].flatMap((a): [string, string, string, string, boolean][] => [
          [c, '90', a, '95', false],
          [c, '95', a, '90', false],
        ]),
      ),
      // Below the cycle's number is fine.
      ['≥', '95', '≥', '90', false],
      ['＝', '95', '＝', '90', false],
      // The same number exceeds only against a cycle that caps at it.
      ['≥', '95', '＞', '95', false],
      ['＞', '95', '＞', '95', false],
      ['≥', '95', '＝', '95', false],
      ['＝', '95', '≥', '95', false],
      ['≤', '95', '≥', '95', false],
      ['＝', '95', '＞', '95', true],
      ['≤', '95', '＞', '95', true],
      ['＜', '95', '≥', '95', true],
      ['＜', '95', '＝', '95', true],
      ['＜', '95', '＞', '95', true],
    ];
    const got = flags(
      table.map(([c, x, a, y]) => [
        [c, x, '%'],
        [a, y, '%'],
      ]),
    );
    expect(table.map(([c, x, a, y], k) => `${c}${x} / ${a}${y}: ${got[k]}`)).toEqual(
      table.map(([c, x, a, y, exceeds]) => `${c}${x} / ${a}${y}: ${exceeds}`),
    );
  });

  it('compares the numbers as decimals, exactly', () => {
    expect(
      flags([
        [
          ['≥', '95.00', '%'],
          ['≥', '95', '%'],
        ],
        [
          ['≥', '9', '%'],
          ['≥', '10', '%'],
        ], // not as strings
        [
          ['≥', '99.99999999999999999', '%'],
          ['≥', '100', '%'],
        ], // one float
        [
          ['≥', '0.3', '%'],
          ['≥', '0.30000000000000004', '%'],
        ],
        [
          ['≥', '1,200', '人次'],
          ['≥', '1200.0', '人次'],
        ],
      ]),
    ).toEqual([false, true, true, true, false]);
  });

  it('compares only structured values of the same unit', () => {
    expect(
      flags([
        [
          ['≥', '3', '万人次'],
          ['≥', '20000', '人次'],
        ],
        [
          ['≥', '36', ''],
          ['≥', '48', ''],
        ],
        [
          ['定性', '良', ''],
          ['定性', '优', ''],
        ],
      ]),
    ).toEqual([false, false, false]);
    const doc = nationalProject(
      {},
      quantityIndicators([
        values(sentence('三年举办36期'), structured('≥', '48', '期')),
        values(structured('≥', '48', '期')),
      ]),
    );
    expect(run(annualExceedsCycle, doc)).toEqual([]);
  });

  it.skipIf(!HAS_PANYU)(
    'is silent on the published fixture, also with its values structured',
    () => {
      const { imported, structured: converted } = panyuBeforeAndAfterStructuring(PANYU_FIXTURE);
      expect(run(annualExceedsCycle, imported)).toEqual([]);
      expect(run(annualExceedsCycle, converted)).toEqual([]);
    },
  );
});
