import {
  normaliseOperator,
  QUALITATIVE,
  sentenceValue,
  structuredIndicatorValue,
  structureSentence,
  type DecimalText,
  type IndicatorValue,
} from './shared/indicator-value.ts';
import { BASIS_KINDS, type IndicatorBasis } from './shared/types.ts';

/**
 * The indicator details of schema version 2 and `target-table/1` (指标性质, 计量单位, an integer
 * 权重, a 设定依据 text), in the national field set that replaced them. One place, because the
 * file upgrade and the loading of old JSON must agree, and neither may lose anything:
 * - 指标性质 with a value that is one number (`95`, `95%` with 单位 `%`, `≥95`) becomes a
 *   structured value (计算符号 + number + 计量单位) that keeps the text it was made from;
 *   定性 with any text becomes a 定性 value whose grade is that text;
 * - 指标性质 or 计量单位 that no value could take (`举办12期` with 单位 `期`) are not dropped:
 *   they are written into 指标解释 for the clerk, and the value stays the sentence it was;
 * - 权重 becomes its decimal text; a 设定依据 that is exactly one of the kinds (计划标准…)
 *   becomes that kind, any other text stays text.
 */

export interface LegacyIndicator {
  readonly cycleValue: string;
  readonly annualValue: string;
  readonly annualFollowsCycle: boolean;
  /** 指标性质 in any spelling (`≥`, `>=`, `=`); null or '' when none. */
  readonly direction: string | null;
  readonly measureUnit: string | null;
  readonly weight: number | null;
  readonly basis: string | null;
}

export interface UpgradedIndicator {
  readonly cycle: IndicatorValue;
  readonly annual: IndicatorValue;
  readonly weight: DecimalText | null;
  readonly basis: IndicatorBasis;
  /** 指标解释: '' unless details had to be kept there. */
  readonly explanation: string;
}

export function upgradeLegacyDetails(old: LegacyIndicator): UpgradedIndicator {
  const direction = old.direction === null || old.direction.trim() === '' ? null : old.direction;
  const unit = old.measureUnit === null ? '' : old.measureUnit.trim();
  const operator = direction === null ? undefined : normaliseOperator(direction);
  const convert = (text: string): IndicatorValue => {
    if (operator === undefined) return sentenceValue(text);
    if (operator === QUALITATIVE) {
      return text.trim() === ''
        ? sentenceValue(text)
        : structuredIndicatorValue({ operator, value: text.trim(), unit }, text);
    }
    const read = structureSentence(text);
    if (read.kind !== 'structured' || read.value.operator === QUALITATIVE)
      return sentenceValue(text);
    // The text's own operator, if it wrote one, must be the detail's; its unit, if any, too.
    if (!read.operatorImplied && read.value.operator !== operator) return sentenceValue(text);
    if (read.value.unit !== '' && unit !== '' && read.value.unit !== unit)
      return sentenceValue(text);
    return structuredIndicatorValue(
      { operator, value: read.value.value, unit: read.value.unit || unit },
      text,
    );
  };
  const cycle = convert(old.cycleValue);
  const annual = old.annualFollowsCycle ? cycle : convert(old.annualValue);

  const used = cycle.kind === 'structured' || annual.kind === 'structured';
  const kept: string[] = [];
  if (!used && direction !== null) kept.push(`原指标性质：${direction}`);
  if (!used && unit !== '') kept.push(`原计量单位：${unit}`);

  const basisText = old.basis ?? '';
  const kind = BASIS_KINDS.find((k) => k === basisText.trim()) ?? null;
  return {
    cycle,
    annual,
    weight: old.weight === null ? null : (String(old.weight) as DecimalText),
    basis: kind === null ? { kind: null, text: basisText } : { kind, text: '' },
    explanation: kept.join('；'),
  };
}
