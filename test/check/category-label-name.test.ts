import { describe, expect, it } from 'vitest';
import { categoryLabelName } from '../../db/shared/check/rules/category-label-name.ts';
import { firstProject, goodIndicatorsWith, oneProject, run } from './build.ts';

describe('category-label-name', () => {
  it('warns about a 三级指标 named only by its category (from the 2024 fixture)', () => {
    const doc = oneProject({
      indicators: goodIndicatorsWith(2, { name: '社会效益', cycle: '党群服务中心开放率100%' }),
    });
    expect(run(categoryLabelName, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'category-label-name',
        severity: 'warning',
        location: expect.objectContaining({
          indicatorId: firstProject(doc).indicators[2]!.id,
          field: 'name',
        }),
        message: expect.stringContaining('“社会效益”只是指标类别'),
      }),
    ]);
  });

  it.each(['项目质量', '可持续影响', '政治效益', '数量指标', '经济效益指标', '时效。'])(
    'warns about “%s”',
    (name) => {
      const doc = oneProject({ indicators: goodIndicatorsWith(2, { name }) });
      expect(run(categoryLabelName, doc)).toHaveLength(1);
    },
  );

  it('accepts names that say what is measured, and satisfaction names', () => {
    for (const name of ['项目质量合格率', '社会效益覆盖人数', '服务对象满意度', '满意度']) {
      const doc = oneProject({ indicators: goodIndicatorsWith(3, { name }) });
      expect(run(categoryLabelName, doc), name).toEqual([]);
    }
    expect(run(categoryLabelName, oneProject())).toEqual([]);
  });
});
