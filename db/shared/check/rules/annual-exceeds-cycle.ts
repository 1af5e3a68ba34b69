import { formatValue, type QuantitativeOperator } from '../../indicator-value.ts';
import { compareDecimals, parseDecimal } from '../decimal.ts';
import { defineRule } from '../finding.ts';
import { quote } from '../text.ts';
import { annualIsCycle, isQuantitative } from '../values.ts';
import { atField, visitIndicators } from '../walk.ts';

/** Operators that ask for at least the number (a floor), and those that cap at it. */
const FLOOR: ReadonlySet<QuantitativeOperator> = new Set(['≥', '＞', '＝']);
const CAP: ReadonlySet<QuantitativeOperator> = new Set(['≤', '＜', '＝']);

/**
 * The budget year is part of the implementation period, so its target cannot ask for more than
 * the whole period's. Only structured values of the same 计量单位 are compared (a sentence, or
 * 人 against 人次, says nothing exact), numbers as decimals, exactly.
 *
 * What counts as exceeding, the annual target taken as the year's commitment:
 * - The annual value is a floor or an exact figure (≥ ＞ ＝ Y) and Y is above the cycle's number X,
 *   whatever the cycle's operator: the year alone promises more than the period (培训 ≥300 人次
 *   this year, ≥200 over three years), or, for a rate, this year's level is above the level
 *   promised for the period's end; either way one of the two is wrong.
 * - Y equal to X exceeds only when the cycle caps at X and the year cannot stay within it:
 *   a year ＞ X against a period ＝ X or ≤ X, or a year ≥/＝/＞ X against a period ＜ X.
 * - An annual cap (≤ ＜ Y) never exceeds: a cap looser than the period's (成本 ≤600 万元 this year,
 *   ≤500 over the period) is met whenever the period's is, and for a rate it is the usual path
 *   (投诉率 ≤8% this year, ≤5% by the period's end). A stricter one is fine too.
 * A 警告: the national system takes both values as typed; reviewers ask for them to agree.
 */
export const annualExceedsCycle = defineRule({
  id: 'annual-exceeds-cycle',
  title: '年度指标值超过实施周期指标值',
  severity: 'warning',
  check(doc, report) {
    for (const visit of visitIndicators(doc)) {
      const { cycle, annual } = visit.indicator;
      if (annualIsCycle(visit) || !isQuantitative(cycle) || !isQuantitative(annual)) continue;
      if (cycle.unit.trim() === '' || cycle.unit.trim() !== annual.unit.trim()) continue;
      if (!FLOOR.has(annual.operator)) continue;
      const x = parseDecimal(cycle.value);
      const y = parseDecimal(annual.value);
      if (x === undefined || y === undefined) continue;
      const order = compareDecimals(y, x);
      const exceeds =
        order > 0 ||
        (order === 0 &&
          ((annual.operator === '＞' && CAP.has(cycle.operator)) || cycle.operator === '＜'));
      if (!exceeds) continue;
      report(
        atField(visit.place, 'annualValue'),
        `年度指标值${quote(formatValue(annual, 'merged'))}超过实施周期指标值` +
          `${quote(formatValue(cycle, 'merged'))}。预算年度是实施期的一部分，年度目标不应高于整个实施期的目标；` +
          '请核对：年度指标值有误则改小，实施周期指标值有误则相应提高。',
      );
    }
  },
});
