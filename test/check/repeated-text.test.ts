import { describe, expect, it } from 'vitest';
import { repeatedText } from '../../db/shared/check/rules/repeated-text.ts';
import { firstProject, goodIndicatorsWith, oneProject, run } from './build.ts';

/** The garbled 实施周期指标值 of the published 2024 fixture (番禺区“羊城村官上大学”工程工作经费). */
const GARBLED = '每年摸每年摸查符合领取补助条件的人员查符合领取补助条件的人员';

describe('repeated-text', () => {
  it('warns about the fixture’s garbled value and shows the doubled words', () => {
    const doc = oneProject({ indicators: goodIndicatorsWith(1, { cycle: GARBLED }) });
    expect(run(repeatedText, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'repeated-text',
        severity: 'warning',
        location: expect.objectContaining({
          indicatorId: firstProject(doc).indicators[1]!.id,
          field: 'cycleValue',
        }),
        message: expect.stringContaining('连续重复的文字“每年摸每年摸”'),
      }),
    ]);
  });

  it('finds a doubled word in a goal, across stray spaces', () => {
    const doc = oneProject({ goal: '保障保障各项业务顺利进行，每年摸 每年摸查一次。' });
    const [finding] = run(repeatedText, doc);
    expect(finding?.location.field).toBe('goal');
    expect(finding?.message).toContain('“保障保障”、“每年摸每年摸”');
  });

  it('leaves ordinary doubling alone', () => {
    const doc = oneProject({
      goal: '人人参与，常常开展，全区覆盖率100%，举办11期，累计1010人次。',
      indicators: goodIndicatorsWith(2, { cycle: '农村党组织组织力日益增强' }),
    });
    expect(run(repeatedText, doc)).toEqual([]);
  });
});
