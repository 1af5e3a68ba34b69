import {
  normaliseOperator,
  QUALITATIVE,
  structureSentence,
  type Operator,
} from '../../shared/indicator-value.ts';
import type { IndicatorPolarity } from '../../shared/types.ts';

/**
 * The cells of a spreadsheet's indicator row as the national 预算管理一体化 system and the
 * regions fill them, before value-split.ts reads the value: the number a cell formatted as a
 * percentage shows with its sign (`95%` beside a 计量单位 of `%`), 指标性质 written as 定量/定性
 * rather than a 计算符号, and the 指标方向性 column of Sichuan's sheets.
 */

/**
 * 指标值 without the 计量单位 it repeats: a cell formatted as a percentage shows `95%` while the
 * next column says `%`; a clerk types `10辆` beside `辆`. Only an exact repeat after a number.
 */
export function valueWithoutUnit(value: string, measure: string): string {
  const v = value.trim();
  const u = measure.trim();
  if (u === '' || !v.endsWith(u)) return v;
  const before = v.slice(0, -u.length).trim();
  return /^[-+]?[\d０-９][\d０-９,，.．]*$/u.test(before) ? before : v;
}

/** What a 指标性质 / 计算符号 cell says. */
export type OperatorCell =
  | { readonly kind: 'operator'; readonly operator: Operator }
  /** `定量`: a quantity, its comparison written elsewhere (in the value, or 指标方向性). */
  | { readonly kind: 'quantitative' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'unknown'; readonly text: string };

export function readOperatorCell(text: string): OperatorCell {
  const t = text.normalize('NFKC').replace(/\s+/gu, '');
  if (t === '') return { kind: 'empty' };
  if (/^定量(?:指标)?$/u.test(t)) return { kind: 'quantitative' };
  if (/^定性(?:指标)?$/u.test(t)) return { kind: 'operator', operator: QUALITATIVE };
  const operator = normaliseOperator(t);
  return operator === undefined
    ? { kind: 'unknown', text: text.trim() }
    : { kind: 'operator', operator };
}

/** A 定性 value that is a grade the store keeps structured (`优`, `达标`), else a sentence. */
export function isGrade(value: string): boolean {
  const r = structureSentence(value);
  return r.kind === 'structured' && r.value.operator === QUALITATIVE;
}

/**
 * Sichuan's 指标方向性: 正向指标 / 反向指标 (more or less is better), which the store keeps as
 * 指标方向; some sheets put the comparison there instead (`≥`, `大于等于`); `中性` says neither.
 */
export type PolarityCell =
  | { readonly kind: 'polarity'; readonly polarity: IndicatorPolarity }
  | { readonly kind: 'operator'; readonly operator: Operator }
  | { readonly kind: 'neutral' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'unknown'; readonly text: string };

export function readPolarityCell(text: string): PolarityCell {
  const t = text.normalize('NFKC').replace(/\s+/gu, '');
  if (t === '') return { kind: 'empty' };
  if (/^正向(?:指标)?$/u.test(t)) return { kind: 'polarity', polarity: '正向' };
  if (/^(?:反向|逆向|负向)(?:指标)?$/u.test(t)) return { kind: 'polarity', polarity: '反向' };
  if (/^(?:中性|中间|适度|区间)(?:指标)?$/u.test(t)) return { kind: 'neutral' };
  const operator = normaliseOperator(t);
  if (operator !== undefined && operator !== QUALITATIVE) return { kind: 'operator', operator };
  return { kind: 'unknown', text: text.trim() };
}
