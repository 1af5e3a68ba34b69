import { describe, expect, it } from 'vitest';
import { duplicateIndicatorName } from '../../db/shared/check/rules/duplicate-indicator-name.ts';
import { buildDocument, GOOD_INDICATORS, goodProject, oneProject, run } from './build.ts';

describe('duplicate-indicator-name', () => {
  it('warns about the later of two indicators with one name, by printed number', () => {
    // Added last but coded 12, the copy prints second, before the 13 it copies.
    const doc = oneProject({
      indicators: [...GOOD_INDICATORS, { code: '12', name: '公务员初任培训班 。', cycle: '合格' }],
    });
    const original = doc.units[0]!.projects[0]!.indicators.find((i) => i.level2.code === '13')!;
    expect(run(duplicateIndicatorName, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'duplicate-indicator-name',
        severity: 'warning',
        location: expect.objectContaining({ indicatorId: original.id, field: 'name' }),
        indicatorIndex: 3,
        message: expect.stringContaining('与本项目第 2 条指标相同'),
      }),
    ]);
  });

  it('allows the same name in different projects', () => {
    const doc = buildDocument({
      units: [{ projects: [goodProject(), goodProject({ name: '产业人才发展专项资金' })] }],
    });
    expect(run(duplicateIndicatorName, doc)).toEqual([]);
  });
});
