import { describe, expect, it } from 'vitest';
import { missingSatisfaction } from '../../db/shared/check/rules/missing-satisfaction.ts';
import type { CategoryTree } from '../../db/shared/tree.ts';
import {
  buildDocument,
  firstProject,
  GOOD_INDICATORS,
  goodProject,
  oneProject,
  run,
} from './build.ts';

const withoutSatisfaction = GOOD_INDICATORS.filter((i) => !i.code.startsWith('3'));

describe('missing-satisfaction', () => {
  it('hints at a project without a 满意度 indicator', () => {
    const doc = oneProject({ indicators: withoutSatisfaction });
    expect(run(missingSatisfaction, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'missing-satisfaction',
        severity: 'hint',
        location: { unitId: doc.units[0]!.id, projectId: firstProject(doc).id },
        message: expect.stringContaining('缺少满意度指标'),
      }),
    ]);
  });

  it('asks nothing of a tree that has no satisfaction category', () => {
    const tree: CategoryTree = {
      id: 'two-kinds',
      name: '只有产出和效益的指标体系',
      level1: [
        { code: '1', name: '产出指标', role: 'output', level2: [{ code: '11', name: '数量指标' }] },
        {
          code: '2',
          name: '效益指标',
          role: 'benefit',
          level2: [{ code: '22', name: '社会效益' }],
        },
      ],
    };
    const doc = oneProject(
      { indicators: withoutSatisfaction.filter((i) => ['11', '22'].includes(i.code)) },
      { tree },
    );
    expect(run(missingSatisfaction, doc)).toEqual([]);
  });

  it('says nothing when a satisfaction indicator is there', () => {
    expect(run(missingSatisfaction, oneProject())).toEqual([]);
  });

  it('says nothing of a project marked 确无服务对象 (a 党费 pass-through)', () => {
    const dues = {
      ...goodProject({ name: '直机下拨党费', indicators: withoutSatisfaction }),
      noServiceRecipients: true,
    };
    const doc = buildDocument({ units: [{ projects: [dues] }] });
    expect(firstProject(doc).noServiceRecipients).toBe(true);
    expect(run(missingSatisfaction, doc)).toEqual([]);
  });
});
