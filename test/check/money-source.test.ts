import { wanCents } from '../amounts.ts';
import { describe, expect, it } from 'vitest';
import { moneySource } from '../../db/shared/check/rules/money-source.ts';
import { buildDocument, firstProject, goodProject, run, type ProjectSpec } from './build.ts';

/** The fixture's note for 直机下拨党费 (db/import/published-text.ts writes it). */
const DOUBT =
  '原表未标明金额（0.56 0.56）所属的列，导入时判定 0.56 为其他资金，也可能是 0.56 为财政专户拨款';

/** One project through the real document, with fields the spec type does not list. */
function project(spec: ProjectSpec & { amountDoubt?: string | null }) {
  return buildDocument({ units: [{ projects: [spec] }] });
}

describe('money-source', () => {
  it('shows the import’s doubt about the money columns as a finding', () => {
    const doc = project({
      ...goodProject({ name: '直机下拨党费', fiscal: wanCents(0), other: wanCents(56) }),
      amountDoubt: DOUBT,
    });
    expect(firstProject(doc).amountDoubt).toBe(DOUBT);
    expect(run(moneySource, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'money-source',
        severity: 'warning',
        location: { unitId: doc.units[0]!.id, projectId: firstProject(doc).id, field: 'other' },
        message: expect.stringContaining('0.56 为其他资金'),
      }),
    ]);
  });

  it('warns about party dues in 财政拨款: they are not fiscal money', () => {
    const doc = project(goodProject({ name: '离退支部党费返拨', fiscal: wanCents(46) }));
    expect(run(moneySource, doc)).toEqual([
      expect.objectContaining({
        location: expect.objectContaining({ field: 'fiscal' }),
        message: expect.stringContaining('党费不是财政资金，应列入“其他资金”'),
      }),
    ]);
  });

  it('accepts party dues in 其他资金 and fiscal money for 党建 work', () => {
    const dues = goodProject({ name: '直机下拨党费', fiscal: wanCents(0), other: wanCents(56) });
    expect(run(moneySource, project(dues))).toEqual([]);
    expect(run(moneySource, project(goodProject({ name: '党建经费' })))).toEqual([]);
  });
});
