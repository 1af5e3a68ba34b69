import { describe, expect, it } from 'vitest';
import { emptyGoal } from '../../db/shared/check/rules/empty-goal.ts';
import { firstProject, oneProject, run } from './build.ts';

describe('empty-goal', () => {
  it('warns about a blank 绩效目标', () => {
    const doc = oneProject({ goal: '\n \u3000' });
    expect(run(emptyGoal, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'empty-goal',
        severity: 'warning',
        location: { unitId: doc.units[0]!.id, projectId: firstProject(doc).id, field: 'goal' },
        message: expect.stringContaining('绩效目标为空'),
      }),
    ]);
  });

  it('says nothing about a filled-in goal', () => {
    expect(run(emptyGoal, oneProject())).toEqual([]);
  });
});
