import { defineRule } from '../finding.ts';
import { compact, isBlank, quote } from '../text.ts';
import { atField, visitIndicators } from '../walk.ts';

/** Words a satisfaction measure is stated in: 满意度, 满意率, 好评率, 认可度, 群众评价. */
export const ABOUT_SATISFACTION = /满意|好评|认可|评价/u;

/**
 * Words around a figure that still leave a bare rate (`大于等于90%`, `≥85%`, `90%以上`): the
 * value of a 满意度 indicator whose name says what is rated.
 */
const RATE_WORDS = /大于等于|大于|不低于|不少于|高于|达到|以上|及以上|为|达/gu;

/** True when the value is only a figure or a rate, with nothing else measured in it. */
function isBareRate(value: string): boolean {
  const rest = compact(value).replace(RATE_WORDS, '');
  return rest !== '' && !/\p{Script=Han}/u.test(rest);
}

/**
 * Indicators filed under 满意度 that measure something else leave the project without a real
 * satisfaction measure. Two shapes, both from the published 2024 fixture:
 * - neither name nor value mentions satisfaction (市系统维护, 走访高层次人才至少30人次,
 *   干部人事档案信息采集准确率100%): all 8 were right when read one by one;
 * - the name says 满意度 but the value measures something else (群众满意度提高 with 党代表每年
 *   接访不少于2次…, 提升服务对象满意度 with 关注人数…增长2.5万人): the figure is not a
 *   satisfaction rate.
 * A value that is a bare rate (大于等于90%) under a name about satisfaction is the usual form
 * and is not reported. A 警告: reviewers return a 满意度 line that rates nothing, since the
 * category then reports no satisfaction at all.
 */
export const satisfactionOffTopic = defineRule({
  id: 'satisfaction-off-topic',
  title: '满意度指标未涉及满意度',
  severity: 'warning',
  check(doc, report) {
    for (const { indicator, place } of visitIndicators(doc)) {
      if (indicator.level1.role !== 'satisfaction') continue;
      const { name, cycleValue, annualValue } = indicator;
      const values = [cycleValue, annualValue].filter((v) => !isBlank(v));
      if (isBlank(name) && values.length === 0) continue; // the empty-* rules report these
      const category = indicator.level1.name;
      if (!ABOUT_SATISFACTION.test(name) && !values.some((v) => ABOUT_SATISFACTION.test(v))) {
        report(
          atField(place, 'name'),
          `“${category}”下的这条指标的名称和指标值都没有提到满意度。` +
            '满意度指标应衡量服务对象的满意程度（如“服务对象满意度≥90%”），' +
            '其他内容请移到产出指标或效益指标下。',
        );
        continue;
      }
      const other = values.find((v) => !ABOUT_SATISFACTION.test(v) && !isBareRate(v));
      if (other === undefined || !ABOUT_SATISFACTION.test(name)) continue;
      report(
        atField(place, other === cycleValue ? 'cycleValue' : 'annualValue'),
        `“${category}”下的这条指标名称是满意度，指标值${quote(other)}却不是满意程度。` +
          '请把指标值改为满意度的目标（如“≥90%”），其他内容移到产出指标或效益指标下。',
      );
    }
  },
});
