import { describe, expect, it } from 'vitest';
import { satisfactionOffTopic } from '../../db/shared/check/rules/satisfaction-off-topic.ts';
import { firstProject, goodIndicatorsWith, oneProject, run } from './build.ts';

describe('satisfaction-off-topic', () => {
  it('warns about a 满意度 indicator that measures something else (from the 2024 fixture)', () => {
    const doc = oneProject({
      indicators: goodIndicatorsWith(3, {
        name: '市系统维护',
        cycle: '完成全年市系统维护，保障培训系统正常运行',
      }),
    });
    expect(run(satisfactionOffTopic, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'satisfaction-off-topic',
        severity: 'warning',
        location: expect.objectContaining({
          indicatorId: firstProject(doc).indicators[3]!.id,
          field: 'name',
        }),
        indicatorIndex: 4,
        message: expect.stringContaining('没有提到满意度'),
      }),
    ]);
  });

  it('accepts satisfaction stated as 满意度 or 好评率', () => {
    expect(run(satisfactionOffTopic, oneProject())).toEqual([]);
    const doc = oneProject({
      indicators: goodIndicatorsWith(3, { name: '群众评价', cycle: '好评率≥95%' }),
    });
    expect(run(satisfactionOffTopic, doc)).toEqual([]);
  });

  it('warns about a satisfaction name whose value measures something else', () => {
    const doc = oneProject({
      indicators: goodIndicatorsWith(3, {
        name: '群众满意度提高',
        cycle: '党代表每年到党代表工作室（站）接访不少于2次，为群众办实事解难题',
      }),
    });
    expect(run(satisfactionOffTopic, doc)).toEqual([
      expect.objectContaining({
        location: expect.objectContaining({ field: 'cycleValue' }),
        message: expect.stringContaining('却不是满意程度'),
      }),
    ]);
  });

  it('accepts a bare rate under a name about satisfaction (the usual form)', () => {
    for (const cycle of ['大于等于90%', '≥85%', '90%以上']) {
      const doc = oneProject({ indicators: goodIndicatorsWith(3, { name: '工作满意率', cycle }) });
      expect(run(satisfactionOffTopic, doc), cycle).toEqual([]);
    }
  });
});
