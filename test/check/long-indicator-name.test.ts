import { describe, expect, it } from 'vitest';
import {
  longIndicatorName,
  MAX_INDICATOR_NAME_LENGTH,
} from '../../db/shared/check/rules/long-indicator-name.ts';
import { firstProject, goodIndicatorsWith, oneProject, run } from './build.ts';

/** The longest 三级指标名称 of the 2024 fixture (29 characters). */
const LONGEST_PUBLISHED = '党建工作指导员职数随上级工作精神和我区工作实际予以配备完成';

describe('long-indicator-name', () => {
  it('warns about a name over the limit', () => {
    const name = `${LONGEST_PUBLISHED}工作`;
    expect([...name]).toHaveLength(MAX_INDICATOR_NAME_LENGTH + 1);
    const doc = oneProject({ indicators: goodIndicatorsWith(0, { name }) });
    expect(run(longIndicatorName, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'long-indicator-name',
        severity: 'warning',
        location: expect.objectContaining({
          indicatorId: firstProject(doc).indicators[0]!.id,
          field: 'name',
        }),
        message: expect.stringContaining('三级指标名称有 31 个字，超过 30 字'),
      }),
    ]);
  });

  it('does not count spaces or the closing 。', () => {
    const atLimit = `${LONGEST_PUBLISHED}的`;
    expect([...atLimit]).toHaveLength(MAX_INDICATOR_NAME_LENGTH);
    const name = `${atLimit.slice(0, 10)} ${atLimit.slice(10)} 。`;
    expect(
      run(longIndicatorName, oneProject({ indicators: goodIndicatorsWith(0, { name }) })),
    ).toEqual([]);
  });
});
