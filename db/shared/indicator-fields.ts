import {
  formatValue,
  makeStructuredValue,
  normaliseNumber,
  normaliseOperator,
  OPERATORS,
  sentenceValue,
  structuredIndicatorValue,
  type DecimalText,
  type IndicatorValue,
} from './indicator-value.ts';
import {
  BASIS_KINDS,
  INDICATOR_POLARITIES,
  type BasisKind,
  type IndicatorPolarity,
} from './types.ts';

/**
 * The rules for an indicator's fields beyond its name, as every way in applies them (the store's
 * edits, JSON interchange, the page's forms): what is accepted, how it is normalised, and the
 * message when it is refused. Each `parse…` returns the value or a Chinese message (the caller
 * adds the place).
 */

/**
 * A value as it arrives: a sentence, or the three cells of a structured value as typed
 * (operator in any unambiguous spelling: `>=`, `＞＝`, `不低于`…). `source` (the sentence a value
 * was made from) is only given by those who made it (conversion, interchange).
 */
export type IndicatorValueInput =
  | { readonly kind: 'sentence'; readonly text: string }
  | {
      readonly kind: 'structured';
      readonly operator: string;
      readonly value: string;
      readonly unit: string;
      readonly source?: string | null;
    };

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** An input as a value: operator and number normalised; `clean` is applied to every text. */
export function parseIndicatorValue(
  input: IndicatorValueInput,
  clean: (text: string) => string = (t) => t,
): Parsed<IndicatorValue> {
  if (input.kind === 'sentence') return { ok: true, value: sentenceValue(clean(input.text)) };
  const made = makeStructuredValue({
    operator: input.operator,
    value: clean(input.value),
    unit: clean(input.unit),
  });
  if (!made.ok) return made;
  const source = input.source === undefined || input.source === null ? null : clean(input.source);
  return { ok: true, value: structuredIndicatorValue(made.value, source) };
}

/** True when two values are the same value in the same form (and made from the same text). */
export function sameIndicatorValue(a: IndicatorValue, b: IndicatorValue): boolean {
  if (a.kind === 'sentence' || b.kind === 'sentence') {
    return a.kind === b.kind && formatValue(a, 'merged') === formatValue(b, 'merged');
  }
  return (
    a.operator === b.operator && a.value === b.value && a.unit === b.unit && a.source === b.source
  );
}

/** The value as printed in one cell: what IndicatorData.cycleValue / annualValue hold. */
export function printedValue(v: IndicatorValue): string {
  return formatValue(v, 'merged');
}

/** The largest 权重: weights are points of 100. */
export const MAX_WEIGHT = 100;

/** 权重 as typed (`10`, `12.5`, full-width digits made ASCII), 0 to 100. */
export function parseWeight(text: string): Parsed<DecimalText> {
  const n = normaliseNumber(text);
  if (n === undefined || Number(n) > MAX_WEIGHT) {
    return { ok: false, message: `权重“${text.trim()}”无效，应为 0 到 ${MAX_WEIGHT} 之间的数` };
  }
  return { ok: true, value: n };
}

export function parseBasisKind(text: string): Parsed<BasisKind> {
  const t = text.trim();
  const kind = BASIS_KINDS.find((k) => k === t);
  return kind
    ? { ok: true, value: kind }
    : {
        ok: false,
        message: `指标值设定依据“${t}”无效，应为 ${BASIS_KINDS.join('、')} 之一`,
      };
}

export function parsePolarity(text: string): Parsed<IndicatorPolarity> {
  const t = text.trim().replace(/指标$/u, '');
  const polarity = INDICATOR_POLARITIES.find((p) => p === t);
  return polarity
    ? { ok: true, value: polarity }
    : { ok: false, message: `指标方向“${text.trim()}”无效，应为 正向 或 反向` };
}

/** 计算符号 in any unambiguous spelling, as the canonical character. */
export function parseOperator(text: string): Parsed<(typeof OPERATORS)[number]> {
  const op = normaliseOperator(text);
  return op === undefined
    ? { ok: false, message: `计算符号“${text.trim()}”无法识别，应为 ${OPERATORS.join(' ')} 之一` }
    : { ok: true, value: op };
}
