import { wanCents } from '../amounts.ts';
import { describe, expect, it } from 'vitest';
import { amountNotEntered } from '../../db/shared/check/rules/amount-not-entered.ts';
import { firstProject, oneProject, run } from './build.ts';

const last = (wan: number) => ({
  fiscal: wanCents(wan),
  specialAccount: wanCents(0),
  other: wanCents(0),
});

/** A table made by 由上年文件新建 from the 2023 one (what the snapshot says of it). */
const madeFromLastYear = (doc: ReturnType<typeof oneProject>) => ({ ...doc, previousYear: 2023 });

describe('amount-not-entered', () => {
  it('reminds that this year’s money is still to be typed, with last year’s', () => {
    const doc = madeFromLastYear(oneProject({ fiscal: wanCents(0), previous: last(3841) }));
    expect(run(amountNotEntered, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'amount-not-entered',
        severity: 'hint',
        location: { unitId: doc.units[0]!.id, projectId: firstProject(doc).id, field: 'fiscal' },
        message: expect.stringMatching(/^尚未填写本年金额（上年 38\.41 万元）/u),
      }),
    ]);
  });

  it('says nothing once an amount is typed, nor of a project added this year', () => {
    expect(run(amountNotEntered, madeFromLastYear(oneProject({ previous: last(3841) })))).toEqual(
      [],
    );
    // Added after the table was made: no 上年金额, so a zero total is zero-total's warning.
    expect(
      run(amountNotEntered, madeFromLastYear(oneProject({ fiscal: wanCents(0), previous: null }))),
    ).toEqual([]);
    // Not made from last year's table.
    expect(
      run(amountNotEntered, oneProject({ fiscal: wanCents(0), previous: last(3841) })),
    ).toEqual([]);
  });
});
