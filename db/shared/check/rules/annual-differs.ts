import { periodSpan } from '../../project-fields.ts';
import { defineRule } from '../finding.ts';
import { isBlank, quote, sameValue } from '../text.ts';
import { atField, visitIndicators } from '../walk.ts';

/**
 * Only a hint: a project running several years has a cycle value for the whole period and an
 * annual value for the budget year. For a one-year project they should agree. A project whose
 * 实施期 says it runs over several years is not asked about (annual-exceeds-cycle compares
 * its structured values).
 */
export const annualDiffers = defineRule({
  id: 'annual-differs',
  title: '年度指标值与实施周期指标值不同',
  severity: 'hint',
  check(doc, report) {
    for (const { project, indicator, place } of visitIndicators(doc)) {
      if (periodSpan(project.period, doc.year) === 'several') continue;
      const { cycleValue, annualValue } = indicator;
      if (isBlank(cycleValue) || isBlank(annualValue)) continue; // empty-value reports these
      if (sameValue(cycleValue, annualValue)) continue;
      report(
        atField(place, 'annualValue'),
        `年度指标值${quote(annualValue)}与实施周期指标值${quote(cycleValue)}不同。` +
          '实施周期超过一年的项目可以不同（请填写实施期）；一年期项目请核对，使两者一致。',
      );
    }
  },
});
