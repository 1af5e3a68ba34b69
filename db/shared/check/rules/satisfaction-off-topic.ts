import { defineRule } from '../finding.ts';
import { isBlank } from '../text.ts';
import { atField, visitIndicators } from '../walk.ts';

/** Words a satisfaction measure is stated in: 满意度, 满意率, 好评率, 认可度, 群众评价. */
const ABOUT_SATISFACTION = /满意|好评|认可|评价/u;

/**
 * Indicators filed under 满意度 that measure something else (the fixture's 市系统维护,
 * 走访高层次人才至少30人次) leave the project without a real satisfaction measure.
 */
export const satisfactionOffTopic = defineRule({
  id: 'satisfaction-off-topic',
  title: '满意度指标未涉及满意度',
  severity: 'hint',
  check(doc, report) {
    for (const { indicator, place } of visitIndicators(doc)) {
      if (indicator.level1.role !== 'satisfaction') continue;
      const { name, cycleValue, annualValue } = indicator;
      const texts = [name, cycleValue, annualValue];
      if (texts.every(isBlank)) continue; // the empty-* rules report these
      if (texts.some((t) => ABOUT_SATISFACTION.test(t))) continue;
      report(
        atField(place, 'name'),
        `“${indicator.level1.name}”下的这条指标的名称和指标值都没有提到满意度。` +
          '满意度指标应衡量服务对象的满意程度（如“服务对象满意度≥90%”），' +
          '其他内容请移到产出指标或效益指标下。',
      );
    }
  },
});
