import { describe, expect, it } from 'vitest';
import { annualExceedsCycle } from '../../db/shared/check/rules/annual-exceeds-cycle.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { importToSnapshot } from '../import/build.ts';
import { indicatorNamed, oneProject, run } from './build.ts';
import { patchIndicator, sentence, structured, structureAll, values } from './fields.ts';

const NAME = '举办公务员专题培训班';

let base: DocumentData | undefined;

/** Findings for a cycle and an annual value, each as its cells (符号, number, unit). */
function check(cycle: [string, string, string], annual: [string, string, string]) {
  base ??= oneProject(); // one file for the many cases: only the values change
  return run(
    annualExceedsCycle,
    patchIndicator(base, NAME, values(structured(...cycle), structured(...annual))),
  );
}

describe('annual-exceeds-cycle', () => {
  it('warns when the year asks for more than the whole period', () => {
    const doc = patchIndicator(
      oneProject(),
      NAME,
      values(structured('≥', '36', '期'), structured('≥', '48', '期')),
    );
    expect(run(annualExceedsCycle, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'annual-exceeds-cycle',
        severity: 'warning',
        indicatorIndex: 1,
        location: expect.objectContaining({
          indicatorId: indicatorNamed(doc, NAME).id,
          field: 'annualValue',
        }),
        message:
          '年度指标值“≥48期”超过实施周期指标值“≥36期”。预算年度是实施期的一部分，年度目标不应高于整个实施期的目标；请核对：年度指标值有误则改小，实施周期指标值有误则相应提高。',
      }),
    ]);
  });

  it('compares every operator pair as the rule states it', () => {
    // [cycle operator, annual operator, cycle number, annual number, exceeds]
    const table: [string, string, string, string, boolean][] = [
      // An annual floor or exact figure above the cycle's number exceeds, whatever the cycle says.
      ...['≥', '＞', '＝', '＜', '≤'].flatMap((c) =>
        ['≥', '＞', '＝'].map((a): [string, string, string, string, boolean] => [
          c,
          a,
          '90',
          '95',
          true,
        ]),
      ),
      // An annual cap never exceeds, looser or stricter.
      ...['≥', '＞', '＝', '＜', '≤'].flatMap((c) =>
        ['≤', '＜'].flatMap((a): [string, string, string, string, boolean][] => [
          [c, a, '90', '95', false],
          [c, a, '95', '90', false],
        ]),
      ),
      // Below the cycle's number is fine.
      ['≥', '≥', '95', '90', false],
      ['＝', '＝', '95', '90', false],
      // The same number exceeds only against a cycle that caps at it.
      ['≥', '＞', '95', '95', false],
      ['＞', '＞', '95', '95', false],
      ['≥', '＝', '95', '95', false],
      ['＝', '≥', '95', '95', false],
      ['≤', '≥', '95', '95', false],
      ['＝', '＞', '95', '95', true],
      ['≤', '＞', '95', '95', true],
      ['＜', '≥', '95', '95', true],
      ['＜', '＝', '95', '95', true],
      ['＜', '＞', '95', '95', true],
    ];
    for (const [c, a, x, y, exceeds] of table) {
      expect(check([c, x, '%'], [a, y, '%']), `${c}${x} / ${a}${y}`).toHaveLength(exceeds ? 1 : 0);
    }
  });

  it('compares the numbers as decimals, exactly', () => {
    expect(check(['≥', '95.00', '%'], ['≥', '95', '%'])).toEqual([]);
    expect(check(['≥', '9', '%'], ['≥', '10', '%'])).toHaveLength(1); // not as strings
    expect(check(['≥', '99.99999999999999999', '%'], ['≥', '100', '%'])).toHaveLength(1);
    expect(check(['≥', '0.3', '%'], ['≥', '0.30000000000000004', '%'])).toHaveLength(1);
    expect(check(['≥', '1,200', '人次'], ['≥', '1200.0', '人次'])).toEqual([]);
  });

  it('compares only structured values of the same unit', () => {
    expect(check(['≥', '3', '万人次'], ['≥', '2000', '人次'])).toEqual([]);
    expect(check(['≥', '36', ''], ['≥', '48', ''])).toEqual([]);
    expect(check(['定性', '良', ''], ['定性', '优', ''])).toEqual([]);
    const sentences = patchIndicator(
      oneProject(),
      NAME,
      values(sentence('三年举办36期'), structured('≥', '48', '期')),
    );
    expect(run(annualExceedsCycle, sentences)).toEqual([]);
    const follows = patchIndicator(oneProject(), NAME, values(structured('≥', '48', '期')));
    expect(run(annualExceedsCycle, follows)).toEqual([]);
  });

  it.skipIf(!HAS_PANYU)(
    'is silent on the published fixture, also with its values structured',
    () => {
      const doc = importToSnapshot(PANYU_FIXTURE).snapshot;
      expect(run(annualExceedsCycle, doc)).toEqual([]);
      expect(run(annualExceedsCycle, structureAll(doc))).toEqual([]);
    },
  );
});
