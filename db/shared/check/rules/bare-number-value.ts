import { defineRule } from '../finding.ts';
import { compact, quote } from '../text.ts';
import { indicatorValues } from '../values.ts';
import { visitIndicators } from '../walk.ts';

/** A number alone, or after a comparison only: `100`, `3`, `≥100`, `大于等于98`. */
const BARE =
  /^(?:[≥≤＞＜＝>=<]{1,2}|大于等于|小于等于|大于|小于|等于|不低于|不少于|不高于|不超过)?[+-]?\d+(?:\.\d+)?[。.]?$/u;
/** 2024 alone is a year, a deadline: not a measure the reviewer would ask the unit of. */
const YEAR = /^(?:19|20)\d{2}[。.]?$/u;

/**
 * A value written as a bare number: `100`, `3`. The reader cannot tell what it counts, 100 % or
 * 100 people, nor whether it is a floor or a cap, and a reviewer returns it. Only values kept as
 * text are looked at: a structured value without 计量单位 is missing-measure-unit's (an 错误,
 * since the national system refuses it). Not reported: a figure with a unit (`100%`, `3次`),
 * a year, or a sentence around the number (the name says what it measures then).
 */
export const bareNumberValue = defineRule({
  id: 'bare-number-value',
  title: '指标值只有数字',
  severity: 'warning',
  check(doc, report) {
    for (const visit of visitIndicators(doc)) {
      for (const { label, value, place } of indicatorValues(visit)) {
        if (value.kind !== 'sentence') continue;
        const text = compact(value.text.normalize('NFKC'));
        if (!BARE.test(text) || YEAR.test(text)) continue;
        report(
          place,
          `${label}${quote(value.text)}只有数字，看不出计量单位${/\d/u.test(text[0] ?? '') ? '和计算方向' : ''}。` +
            '请写明计量单位和计算符号（如“≥100%”“＝3次”）。',
        );
      }
    }
  },
});
