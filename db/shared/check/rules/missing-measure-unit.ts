import { formatValue } from '../../indicator-value.ts';
import { defineRule } from '../finding.ts';
import { isBlank, quote } from '../text.ts';
import { indicatorValues, isQuantitative } from '../values.ts';
import { visitIndicators } from '../walk.ts';

/**
 * An 错误: the national 预算管理一体化 system refuses a quantitative indicator (≥ ＞ ＝ ＜ ≤)
 * without 计量单位, so the table cannot be filed as it is. 定性 values and sentences have no unit
 * cell and are not concerned.
 */
export const missingMeasureUnit = defineRule({
  id: 'missing-measure-unit',
  title: '定量指标缺少计量单位',
  severity: 'error',
  check(doc, report) {
    for (const visit of visitIndicators(doc)) {
      for (const { label, value, place } of indicatorValues(visit)) {
        if (!isQuantitative(value) || !isBlank(value.unit)) continue;
        report(
          place,
          `${label}${quote(formatValue(value, 'merged'))}是定量指标（${value.operator}），缺少计量单位，` +
            '预算管理一体化系统不接受。请填写计量单位（如“%”“人次”“个”“万元”）。',
        );
      }
    }
  },
});
