import { describe, expect, it } from 'vitest';
import { missingOutput } from '../../db/shared/check/rules/missing-output.ts';
import { firstProject, GOOD_INDICATORS, oneProject, run, UNIT } from './build.ts';

describe('missing-output', () => {
  it('flags a project without any 产出 indicator', () => {
    const doc = oneProject({ indicators: GOOD_INDICATORS.filter((i) => !i.code.startsWith('1')) });
    const project = firstProject(doc);
    expect(run(missingOutput, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'missing-output',
        severity: 'error',
        location: { unitId: doc.units[0]!.id, projectId: project.id },
        unitName: UNIT,
        projectName: '培训经费',
        message: expect.stringContaining('缺少产出指标'),
      }),
    ]);
  });

  it('flags a project with no indicators at all', () => {
    expect(run(missingOutput, oneProject({ indicators: [] }))).toHaveLength(1);
  });

  it('goes by role: under mof-2021 a 成本指标 (first-level there) is not an output', () => {
    const costOnly = [
      { code: '41', name: '培训成本', cycle: '人均培训成本≤500元' },
      ...GOOD_INDICATORS.filter((i) => !i.code.startsWith('1')),
    ];
    const flagged = oneProject({ indicators: costOnly }, { tree: 'mof-2021' });
    expect(run(missingOutput, flagged)).toHaveLength(1);
    const clean = oneProject(
      { indicators: [...costOnly, GOOD_INDICATORS[0]!] },
      { tree: 'mof-2021' },
    );
    expect(run(missingOutput, clean)).toEqual([]);
  });

  it('says nothing about a project with an output indicator', () => {
    expect(run(missingOutput, oneProject())).toEqual([]);
  });
});
