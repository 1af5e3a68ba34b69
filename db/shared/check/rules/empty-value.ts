import { defineRule } from '../finding.ts';
import { isBlank } from '../text.ts';
import { INDICATOR_VALUES, visitTexts } from '../walk.ts';

/**
 * An 错误: the national system refuses an indicator without a target, and a reviewer returns it
 * for certain. A placeholder (—, 无) is placeholder's finding, not this one's. On the real
 * tables only where the table was cut off (Ezhou's 成本控制率).
 */
export const emptyValue = defineRule({
  id: 'empty-value',
  title: '指标值为空',
  severity: 'error',
  check(doc, report) {
    for (const { label, text, place } of visitTexts(doc, INDICATOR_VALUES)) {
      if (isBlank(text)) {
        report(place, `${label}为空。请填写可衡量的指标值（数量、比率或明确的等级）。`);
      }
    }
  },
});
