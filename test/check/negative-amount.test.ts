import { wanCents } from '../amounts.ts';
import { describe, expect, it } from 'vitest';
import { negativeAmount } from '../../db/shared/check/rules/negative-amount.ts';
import { firstProject, oneProject, run } from './build.ts';

describe('negative-amount', () => {
  it('flags each negative source of a project', () => {
    const doc = oneProject({
      fiscal: wanCents(-150),
      specialAccount: wanCents(56),
      other: wanCents(-1),
    });
    const where = { unitId: doc.units[0]!.id, projectId: firstProject(doc).id };
    expect(run(negativeAmount, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'negative-amount',
        severity: 'error',
        location: { ...where, field: 'fiscal' },
        message: expect.stringContaining('财政拨款为负数（-1.50 万元）'),
      }),
      expect.objectContaining({
        location: { ...where, field: 'other' },
        message: expect.stringContaining('其他资金为负数（-0.01 万元）'),
      }),
    ]);
  });

  it('says nothing about zero and positive amounts', () => {
    const doc = oneProject({
      fiscal: wanCents(0),
      specialAccount: wanCents(56),
      other: wanCents(102),
    });
    expect(run(negativeAmount, doc)).toEqual([]);
  });
});
