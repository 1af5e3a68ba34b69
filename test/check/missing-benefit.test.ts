import { describe, expect, it } from 'vitest';
import { missingBenefit } from '../../db/shared/check/rules/missing-benefit.ts';
import { firstProject, GOOD_INDICATORS, oneProject, run } from './build.ts';

describe('missing-benefit', () => {
  it('flags a project without any 效益 indicator', () => {
    const doc = oneProject({ indicators: GOOD_INDICATORS.filter((i) => !i.code.startsWith('2')) });
    expect(run(missingBenefit, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'missing-benefit',
        severity: 'error',
        location: { unitId: doc.units[0]!.id, projectId: firstProject(doc).id },
        message: expect.stringContaining('缺少效益指标'),
      }),
    ]);
  });

  it('says nothing when a benefit indicator is there, in either tree', () => {
    expect(run(missingBenefit, oneProject())).toEqual([]);
    expect(run(missingBenefit, oneProject({}, { tree: 'mof-2021' }))).toEqual([]);
  });
});
