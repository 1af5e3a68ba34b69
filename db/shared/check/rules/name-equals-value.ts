import { defineRule } from '../finding.ts';
import { isBlank, isPlaceholder, quote, sameValue } from '../text.ts';
import { atField, visitIndicators } from '../walk.ts';
import { isMeasurable } from './unmeasurable-value.ts';

/**
 * A 三级指标名称 copied into the value (34 on the published 2024 fixture). Most of those values
 * are slogans (做好党员教育管理工作, 进一步提升两新组织党建工作水平): unmeasurable-value warns
 * about them, and rewriting the value ends this finding too, so they are left to it (one slip,
 * one finding). What remains is a measurable or 定性 value that is also the name
 * (资金支出符合财务规范, 优秀党员教育电视片纳入区级课件库): a reviewer accepts the value and
 * at most asks for a shorter name, so only a 提示.
 */
export const nameEqualsValue = defineRule({
  id: 'name-equals-value',
  title: '三级指标名称与指标值相同',
  severity: 'hint',
  check(doc, report) {
    for (const { indicator, place } of visitIndicators(doc)) {
      const { name, cycleValue, annualValue } = indicator;
      if (isBlank(name) || isPlaceholder(name)) continue;
      const same = [cycleValue, annualValue].find((v) => sameValue(name, v));
      if (same === undefined || !isMeasurable(same)) continue;
      report(
        atField(place, 'name'),
        `三级指标名称与指标值相同（${quote(name)}）。名称应简短地说明衡量什么` +
          '（如“资金支出合规性”），指标值写要达到的目标（如“符合财务规范”）。',
      );
    }
  },
});
