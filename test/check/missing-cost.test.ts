import { describe, expect, it } from 'vitest';
import { missingCost } from '../../db/shared/check/rules/missing-cost.ts';
import type { CategoryTree } from '../../db/shared/tree.ts';
import { firstProject, GOOD_INDICATORS, oneProject, run } from './build.ts';

const COST = { code: '14', name: '人均培训成本', cycle: '≤160元/人次' };

describe('missing-cost', () => {
  it('hints at a project without a 成本指标, citing 财预〔2021〕101号', () => {
    const doc = oneProject();
    expect(run(missingCost, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'missing-cost',
        severity: 'hint',
        location: { unitId: doc.units[0]!.id, projectId: firstProject(doc).id },
        message: expect.stringContaining('（财预〔2021〕101号）'),
      }),
    ]);
    expect(run(missingCost, doc)[0]!.message).toContain('请在“产出指标-成本指标”下添加');
  });

  it('accepts 成本 filed under 产出 (default tree) or as its own first level (mof-2021)', () => {
    expect(run(missingCost, oneProject({ indicators: [...GOOD_INDICATORS, COST] }))).toEqual([]);
    const mof = oneProject(
      { indicators: [...GOOD_INDICATORS, { ...COST, code: '41' }] },
      { tree: 'mof-2021' },
    );
    expect(run(missingCost, mof)).toEqual([]);
    // Without one, the mof-2021 tree names its own first level.
    expect(run(missingCost, oneProject({}, { tree: 'mof-2021' }))[0]!.message).toContain(
      '请在“成本指标”下添加',
    );
  });

  it('asks nothing of a tree without a cost category', () => {
    const tree: CategoryTree = {
      id: 'no-cost',
      name: '没有成本指标的指标体系',
      level1: [
        { code: '1', name: '产出指标', role: 'output', level2: [{ code: '11', name: '数量指标' }] },
      ],
    };
    expect(run(missingCost, oneProject({ indicators: [GOOD_INDICATORS[0]!] }, { tree }))).toEqual(
      [],
    );
  });
});
