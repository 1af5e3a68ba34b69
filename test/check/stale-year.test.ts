import { describe, expect, it } from 'vitest';
import { staleYear } from '../../db/shared/check/rules/stale-year.ts';
import { firstProject, goodIndicatorsWith, oneProject, run } from './build.ts';

describe('stale-year', () => {
  it('warns about last year left in a value', () => {
    const doc = oneProject(
      { indicators: goodIndicatorsWith(1, { cycle: '2024年内完成登报宣传' }) },
      { year: 2025 },
    );
    const indicator = firstProject(doc).indicators[1]!;
    expect(run(staleYear, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'stale-year',
        severity: 'warning',
        location: expect.objectContaining({ indicatorId: indicator.id, field: 'cycleValue' }),
        message: expect.stringContaining('提到“2024年”，不是本表的预算年度 2025 年'),
      }),
    ]);
  });

  it('looks in 项目名称, 绩效目标 and 三级指标名称, and at ranges that miss the year', () => {
    const doc = oneProject(
      {
        name: '2024年度培训经费',
        goal: '完成2022-2024年干部轮训。',
        indicators: goodIndicatorsWith(0, { name: '2023年度专题培训' }),
      },
      { year: 2025 },
    );
    const found = run(staleYear, doc).map((f) => [f.location.field, f.message.slice(0, 40)]);
    expect(found).toEqual([
      ['name', expect.stringContaining('提到“2024年”')],
      ['goal', expect.stringContaining('提到“2022-2024年”')],
      ['name', expect.stringContaining('提到“2023年”')],
    ]);
  });

  it('skips the budget year, ranges that include it, and years of document numbers', () => {
    const doc = oneProject(
      {
        name: '2025年度培训经费',
        goal:
          '根据《通知》（穗财行〔2021〕72号）、《办法》（番组〔\n2019〕59号）、番组[2018]45号、穗府办〔2021年〕5号、' +
          '（穗组通（2018）46号）和中国共产党成立103周年活动安排，2025年12月底前完成。',
        indicators: goodIndicatorsWith(0, { cycle: '2024-2026年累计举办36期，2025年度举办12期' }),
      },
      { year: 2025 },
    );
    expect(run(staleYear, doc)).toEqual([]);
  });
});
