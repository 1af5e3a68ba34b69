import { describe, expect, it } from 'vitest';
import { nameEqualsValue } from '../../db/shared/check/rules/name-equals-value.ts';
import { firstProject, goodIndicatorsWith, oneProject, run } from './build.ts';

describe('name-equals-value', () => {
  it('hints at a 定性 value that is also the name (from the 2024 fixture)', () => {
    const doc = oneProject({
      indicators: goodIndicatorsWith(1, {
        code: '14',
        name: '资金支出符合财务规范.',
        cycle: '资金支出符合财务规范',
      }),
    });
    expect(run(nameEqualsValue, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'name-equals-value',
        severity: 'hint',
        location: expect.objectContaining({
          indicatorId: firstProject(doc).indicators[1]!.id,
          field: 'name',
        }),
        message: expect.stringContaining('三级指标名称与指标值相同'),
      }),
    ]);
  });

  it('compares the 年度指标值 too', () => {
    const doc = oneProject({
      indicators: goodIndicatorsWith(1, {
        name: '完成公开调任公务员',
        cycle: '完成2次公开调任公务员',
        annual: '完成公开调任公务员。',
      }),
    });
    expect(run(nameEqualsValue, doc)).toHaveLength(1);
  });

  it('leaves a vague copy to unmeasurable-value, and different texts alone', () => {
    // The value is a slogan: unmeasurable-value's warning says what to do.
    const vague = oneProject({
      indicators: goodIndicatorsWith(2, {
        name: '做好党员教育管理工作',
        cycle: '做好党员教育管理工作',
      }),
    });
    expect(run(nameEqualsValue, vague)).toEqual([]);
    // The name contained in the value is not the same text.
    const longer = oneProject({
      indicators: goodIndicatorsWith(0, {
        name: '公务员专题培训班',
        cycle: '举办12期公务员专题培训班',
      }),
    });
    expect(run(nameEqualsValue, longer)).toEqual([]);
  });
});
