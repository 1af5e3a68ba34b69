import { describe, expect, it } from 'vitest';
import { totalBudgetBelowAnnual } from '../../db/shared/check/rules/total-budget-below-annual.ts';
import { cents } from '../../db/shared/money.ts';
import { wanCents } from '../amounts.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { importToSnapshot } from '../import/build.ts';
import { firstProject, run } from './build.ts';
import { nationalProject } from './fields.ts';

describe('total-budget-below-annual', () => {
  it('is an error when 项目资金总额 is less than this year’s 总计', () => {
    // This year: 1,200.00 + 300.50 + 0.01 = 1,500.51 万元.
    const year = { fiscal: wanCents(120000), specialAccount: wanCents(30050), other: wanCents(1) };
    const doc = nationalProject({ ...year, totalBudget: wanCents(150050) });
    expect(run(totalBudgetBelowAnnual, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'total-budget-below-annual',
        severity: 'error',
        location: {
          unitId: doc.units[0]!.id,
          projectId: firstProject(doc).id,
          field: 'totalBudget',
        },
        message:
          '项目资金总额（1,500.50 万元）小于本年度资金总计（1,500.51 万元）。项目资金总额是整个实施期的资金，包含本年度的资金，不能少于它；请核对项目资金总额或本年度各项金额。',
      }),
    ]);
    const zero = nationalProject({ ...year, totalBudget: wanCents(0) });
    expect(run(totalBudgetBelowAnnual, zero)).toHaveLength(1);
  });

  it('states both amounts in the document’s unit and decimals', () => {
    // 3,309,840.00 元 this year (a real Sichuan amount), 3,309,839.99 元 for the whole period.
    const year = { fiscal: cents(330_984_000) };
    const money = { unit: '元', decimals: 2 } as const;
    const doc = nationalProject({ ...year, totalBudget: cents(330_983_999) }, undefined, { money });
    expect(run(totalBudgetBelowAnnual, doc).map((f) => f.message)).toEqual([
      '项目资金总额（3,309,839.99 元）小于本年度资金总计（3,309,840.00 元）。项目资金总额是整个实施期的资金，包含本年度的资金，不能少于它；请核对项目资金总额或本年度各项金额。',
    ]);
    const wan6 = nationalProject({ ...year, totalBudget: cents(330_983_999) }, undefined, {
      money: { unit: '万元', decimals: 6 },
    });
    expect(run(totalBudgetBelowAnnual, wan6)[0]!.message).toMatch(
      /^项目资金总额（330\.983999 万元）小于本年度资金总计（330\.984000 万元）/,
    );
  });

  it('says nothing when it is equal or more, or not given', () => {
    // 奉节 2023 加工园配套设施 (fixtures/other-regions/fengjie-…): 项目总预算 65, 当年年度预算 65.
    for (const totalBudget of [wanCents(6500), wanCents(19500), null]) {
      const doc = nationalProject({ fiscal: wanCents(6500), totalBudget });
      expect(run(totalBudgetBelowAnnual, doc), String(totalBudget)).toEqual([]);
    }
  });

  it.skipIf(!HAS_PANYU)('is silent on the published fixture, which has no 项目资金总额', () => {
    expect(run(totalBudgetBelowAnnual, importToSnapshot(PANYU_FIXTURE).snapshot)).toEqual([]);
  });
});
