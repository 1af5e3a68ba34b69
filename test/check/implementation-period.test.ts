import { describe, expect, it } from 'vitest';
import { implementationPeriod } from '../../db/shared/check/rules/implementation-period.ts';
import type { ProjectFields } from '../../db/document.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { importToSnapshot } from '../import/build.ts';
import { firstProject, run } from './build.ts';
import { nationalProject } from './fields.ts';

// 湘潭 2023 雾炮车降尘抑尘服务 (fixtures/other-regions/xiangtan-…): 实施期 2023.07-2024.01, and
// the same text as 实施期绩效目标 and 本年度绩效目标.
const XIANGTAN_GOAL = '通过采购雾炮车降尘抑尘服务,服务周期2023.07-2024.01,全市空气质量达到优良';
const YEAR_GOAL = '举办公务员专题培训班12期，全年参训2.4万人次，参训学员满意度不低于90%。';
const OVERALL_GOAL = '三年内举办公务员专题培训班36期，参训7万人次，参训学员满意度不低于90%。';

/** The good project of a table for `year`, with this 实施期 and these goals. */
function project(
  year: number,
  periodStart: string | null,
  periodEnd: string | null,
  goals: Pick<ProjectFields, 'goal' | 'overallGoal'> = {},
): DocumentData {
  return nationalProject({ periodStart, periodEnd, ...goals }, undefined, { year });
}

describe('implementation-period', () => {
  it('warns about a 实施期 that ends before the budget year', () => {
    const doc = project(2024, '2021-01', '2023-12', { overallGoal: YEAR_GOAL });
    expect(run(implementationPeriod, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'implementation-period',
        severity: 'warning',
        location: {
          unitId: doc.units[0]!.id,
          projectId: firstProject(doc).id,
          field: 'periodEnd',
        },
        message:
          '实施期结束于 2023年12月，早于本表的预算年度 2024 年：已结束的项目不应再安排本年度资金。请核对实施期（常见于沿用上年表格未改），或将项目从表中删除。',
      }),
    ]);
    expect(run(implementationPeriod, project(2024, null, '2023-12'))).toHaveLength(1);
    expect(run(implementationPeriod, project(2024, '2023-01', '2024-01'))).toEqual([]);
  });

  it('warns when a one-year project has an annual goal other than its overall goal', () => {
    const doc = project(2024, '2024-01', '2024-12', { overallGoal: OVERALL_GOAL });
    expect(run(implementationPeriod, doc)).toEqual([
      expect.objectContaining({
        location: expect.objectContaining({ field: 'goal' }),
        message:
          '实施期在 2024 年内（一年期项目），年度目标与总体目标却不同。一年期项目的年度目标即总体目标，请使两者一致。',
      }),
    ]);
    // Spacing and the closing 。 are not a difference.
    const same = project(2024, '2024-03', '2024-10', {
      overallGoal: ` ${YEAR_GOAL.replace('。', '')} `,
    });
    expect(run(implementationPeriod, same)).toEqual([]);
  });

  it('warns when a project over several years copies its overall goal as the annual goal', () => {
    const xiangtan = project(2023, '2023.07', '2024.01', {
      goal: XIANGTAN_GOAL,
      overallGoal: XIANGTAN_GOAL,
    });
    expect(run(implementationPeriod, xiangtan)).toEqual([
      expect.objectContaining({
        location: expect.objectContaining({ field: 'goal' }),
        message:
          '实施期跨年度（2023年7月至2024年1月），年度目标与总体目标却完全相同。年度目标应是预算年度内要完成的部分，请从总体目标中分解本年度的目标。',
      }),
    ]);
    const copied = { overallGoal: YEAR_GOAL };
    expect(run(implementationPeriod, project(2024, '2022-01', null, copied))).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('实施期跨年度（自2022年1月起）'),
      }),
    ]);
    expect(run(implementationPeriod, project(2024, null, '2026-12', copied))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('实施期跨年度（至2026年12月）') }),
    ]);
    const decomposed = { overallGoal: OVERALL_GOAL };
    expect(run(implementationPeriod, project(2024, '2024-01', '2026-12', decomposed))).toEqual([]);
  });

  it('says nothing when the period or one of the goals is not given', () => {
    for (const goals of [{ overallGoal: OVERALL_GOAL }, { overallGoal: YEAR_GOAL }]) {
      expect(run(implementationPeriod, project(2024, null, null, goals))).toEqual([]);
      // Only a start in the budget year: one year or several, nobody knows yet.
      expect(run(implementationPeriod, project(2024, '2024-03', null, goals))).toEqual([]);
      expect(run(implementationPeriod, project(2024, null, '2024-12', goals))).toEqual([]);
    }
    expect(
      run(implementationPeriod, project(2024, '2024-01', '2024-12', { overallGoal: ' ' })),
    ).toEqual([]);
    expect(
      run(implementationPeriod, project(2024, '2022-01', '2026-12', { goal: '', overallGoal: '' })),
    ).toEqual([]);
  });

  it.skipIf(!HAS_PANYU)('is silent on the published fixture, which has no 实施期', () => {
    expect(run(implementationPeriod, importToSnapshot(PANYU_FIXTURE).snapshot)).toEqual([]);
  });
});
