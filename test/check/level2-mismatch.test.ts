import { describe, expect, it } from 'vitest';
import { level2Mismatch } from '../../db/shared/check/rules/level2-mismatch.ts';
import { firstProject, GOOD_INDICATORS, oneProject, run, type IndicatorSpec } from './build.ts';

/** The good project with one more indicator. */
const withIndicator = (extra: IndicatorSpec) =>
  oneProject({ indicators: [...GOOD_INDICATORS, extra] });

describe('level2-mismatch', () => {
  it('warns about a political effect under 经济效益 (the fixture’s 政治效益)', () => {
    const doc = withIndicator({ code: '21', name: '政治效益', cycle: '农村党组织组织力日益增强' });
    const indicator = firstProject(doc).indicators.find((i) => i.name === '政治效益')!;
    expect(run(level2Mismatch, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'level2-mismatch',
        severity: 'warning',
        location: expect.objectContaining({ indicatorId: indicator.id, field: 'category' }),
        message: expect.stringContaining('请改归“效益指标-社会效益”'),
      }),
    ]);
  });

  it('warns about party building under 经济效益 and satisfaction under 可持续影响', () => {
    for (const extra of [
      { code: '21', name: '各项党建工作按时完成', cycle: '各项党建工作100%按时完成。' },
      { code: '24', name: '可持续影响', cycle: '党员群众对村班子的满意度有所提高' },
      { code: '22', name: '市民对空气质量改善的满意程度', cycle: '≥85%' },
    ]) {
      expect(run(level2Mismatch, withIndicator(extra)), extra.name).toHaveLength(1);
    }
  });

  it('leaves economic effects of party work, surveys counted as output, and 满意度 itself', () => {
    for (const extra of [
      // 党员 leads, the effect is economic.
      { code: '21', name: '党员致富带头人带动群众增收', cycle: '带动群众人均增收≥500元' },
      // 群众 and 社会 alone say nothing political.
      { code: '21', name: '吸引社会资本投入', cycle: '≥300万元' },
      // Counting surveys is an output.
      { code: '11', name: '开展服务对象满意度调查', cycle: '开展满意度调查2次' },
      // Political words are fine under 社会效益.
      { code: '22', name: '党组织组织力', cycle: '党组织书记培训覆盖率100%' },
    ]) {
      expect(run(level2Mismatch, withIndicator(extra)), extra.name).toEqual([]);
    }
    expect(run(level2Mismatch, oneProject())).toEqual([]);
  });
});
