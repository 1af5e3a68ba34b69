import { wanCents } from '../amounts.ts';
import { describe, expect, it } from 'vitest';
import { zeroTotal } from '../../db/shared/check/rules/zero-total.ts';
import { firstProject, oneProject, run } from './build.ts';

const last = (wan: number) => ({
  fiscal: wanCents(wan),
  specialAccount: wanCents(0),
  other: wanCents(0),
});

describe('zero-total', () => {
  it('warns about a project whose 总计 is zero', () => {
    const doc = oneProject({ fiscal: wanCents(0) });
    expect(firstProject(doc).totals.total).toBe(0);
    expect(run(zeroTotal, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'zero-total',
        severity: 'warning',
        location: { unitId: doc.units[0]!.id, projectId: firstProject(doc).id, field: 'fiscal' },
        message: expect.stringContaining('项目总计为零'),
      }),
    ]);
  });

  it('says nothing about money from any source, such as party dues in 其他资金', () => {
    expect(run(zeroTotal, oneProject({ fiscal: wanCents(0), other: wanCents(56) }))).toEqual([]);
    expect(run(zeroTotal, oneProject())).toEqual([]);
  });

  it('leaves a project carried over by 由上年文件新建 to amount-not-entered', () => {
    const doc = oneProject({ fiscal: wanCents(0), previous: last(3841) });
    expect(run(zeroTotal, { ...doc, previousYear: 2023 })).toEqual([]);
    // Made from scratch, the same project is a zero total again.
    expect(run(zeroTotal, doc)).toHaveLength(1);
  });
});
