import {
  formatValue,
  QUALITATIVE,
  type IndicatorValue,
  type QuantitativeValue,
  type StructuredIndicatorValue,
} from '../indicator-value.ts';
import type { Place } from './finding.ts';
import { sameValue } from './text.ts';
import { atField, type IndicatorVisit } from './walk.ts';

/**
 * An indicator's two target values (实施周期 and 年度) for the rules that read their structure
 * (计算符号, 指标值, 计量单位). As with the texts (walk.ts visitTexts), an annual value that is
 * the cycle value again comes once, labelled as both: one slip is one finding, and fixing the
 * cycle value, which the annual value follows, fixes it.
 */

export type ValueField = 'cycleValue' | 'annualValue';

export interface ValueItem {
  readonly field: ValueField;
  /** The official term, as a message names it. */
  readonly label: string;
  readonly value: IndicatorValue;
  readonly place: Place;
}

export type QuantitativeIndicatorValue = StructuredIndicatorValue & QuantitativeValue;

/** A structured value with one of ≥ ＞ ＝ ＜ ≤ (not 定性, not a sentence). */
export function isQuantitative(v: IndicatorValue): v is QuantitativeIndicatorValue {
  return v.kind === 'structured' && v.operator !== QUALITATIVE;
}

/** True when the annual value is the cycle value again (followed, or typed the same). */
export function annualIsCycle(visit: IndicatorVisit): boolean {
  const { annualFollowsCycle, cycle, annual } = visit.indicator;
  return (
    annualFollowsCycle ||
    (cycle.kind === annual.kind &&
      sameValue(formatValue(cycle, 'merged'), formatValue(annual, 'merged')))
  );
}

export function indicatorValues(visit: IndicatorVisit): ValueItem[] {
  const { cycle, annual } = visit.indicator;
  const item = (field: ValueField, label: string, value: IndicatorValue): ValueItem => ({
    field,
    label,
    value,
    place: atField(visit.place, field),
  });
  if (annualIsCycle(visit)) return [item('cycleValue', '实施周期指标值和年度指标值', cycle)];
  return [item('cycleValue', '实施周期指标值', cycle), item('annualValue', '年度指标值', annual)];
}
