import { wanCents } from '../amounts.ts';
import { describe, expect, it } from 'vitest';
import { yearOnYearChange } from '../../db/shared/check/rules/year-on-year-change.ts';
import { firstProject, oneProject, run } from './build.ts';

const last = (total: number) => ({
  fiscal: wanCents(total),
  specialAccount: wanCents(0),
  other: wanCents(0),
});

describe('year-on-year-change', () => {
  it('hints at a project whose 总计 changed by 30% or more since last year', () => {
    const doc = oneProject({ fiscal: wanCents(13000), previous: last(10000) });
    expect(run(yearOnYearChange, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'year-on-year-change',
        severity: 'hint',
        location: { unitId: doc.units[0]!.id, projectId: firstProject(doc).id, field: 'fiscal' },
        message: expect.stringContaining(
          '总计比上年增加 30%（上年 100.00 万元，本年 130.00 万元）',
        ),
      }),
    ]);
    expect(
      run(yearOnYearChange, oneProject({ fiscal: wanCents(5000), previous: last(10000) }))[0]!
        .message,
    ).toContain('减少 50%');
  });

  it('says nothing for small changes, new projects, or tables not made from last year', () => {
    expect(
      run(yearOnYearChange, oneProject({ fiscal: wanCents(12999), previous: last(10000) })),
    ).toEqual([]);
    expect(run(yearOnYearChange, oneProject({ fiscal: wanCents(3841) }))).toEqual([]);
    expect(
      run(yearOnYearChange, oneProject({ fiscal: wanCents(3841), previous: last(0) })),
    ).toEqual([]);
    // Amounts not filled in yet: zero-total speaks for that.
    expect(
      run(yearOnYearChange, oneProject({ fiscal: wanCents(0), previous: last(10000) })),
    ).toEqual([]);
  });
});
