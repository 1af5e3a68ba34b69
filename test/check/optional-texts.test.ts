import { describe, expect, it } from 'vitest';
import { placeholder } from '../../db/shared/check/rules/placeholder.ts';
import { repeatedText } from '../../db/shared/check/rules/repeated-text.ts';
import { run } from './build.ts';
import { goodIndicators, nationalDocument } from './fields.ts';

/** 项目总体目标 and 指标解释 are read by the text rules like every other text. */
describe('the optional texts of the national forms', () => {
  const doc = (overallGoal: string, explanation: string) =>
    nationalDocument([
      { project: { overallGoal }, indicators: goodIndicators({ 0: { explanation } }) },
    ]);

  it('are searched for template marks and repeated words', () => {
    const d = doc('三年内举办XX期培训', '统计统计举办期数');
    expect(run(placeholder, d)).toEqual([
      expect.objectContaining({
        location: expect.objectContaining({ field: 'overallGoal' }),
        message: expect.stringContaining('项目总体目标'),
      }),
    ]);
    expect(run(repeatedText, d)).toEqual([
      expect.objectContaining({
        location: expect.objectContaining({ field: 'explanation' }),
        message: expect.stringContaining('指标解释'),
      }),
    ]);
  });

  it('may say “无”: an optional field left as none is no placeholder', () => {
    expect(run(placeholder, doc('无', '/'))).toEqual([]);
  });
});
