import {
  formatValue,
  makeStructuredValue,
  sentenceValue,
  structureIndicatorValue,
  structuredIndicatorValue,
  type IndicatorValue,
  type SentenceReason,
  type StructureResult,
} from '../../shared/indicator-value.ts';

/**
 * An indicator value cell of another region's form as the value the store keeps: structured
 * (计算符号 / 指标值 / 计量单位) when the cell is unambiguously one such value, else the sentence
 * as printed. What is unambiguous is decided in one place, db/shared/indicator-value.ts (the
 * same rule the 结构化指标值 command applies); this module only reads the spellings forms print
 * that the rule does not know, and the split columns some forms have.
 */

export interface ReadValue {
  readonly value: IndicatorValue;
  /** The cell as printed (what the sentence or the structured value's source keeps). */
  readonly text: string;
  /** Structured: no operator was printed (`10辆`) and ＝ was taken. */
  readonly operatorImplied: boolean;
  /** A sentence: why it stayed one (null for an empty cell or a structured value). */
  readonly reason: SentenceReason | null;
  /** A spelling rewritten before it was read (`%=99百分比` read as `=99%`). */
  readonly rewrittenAs: string | null;
}

/** Unit names some systems print after the number while the symbol stands before the operator. */
const UNIT_WORDS: ReadonlyMap<string, string> = new Map([
  ['百分比', '%'],
  ['百分率', '%'],
  ['%', '%'],
  ['千分比', '‰'],
  ['‰', '‰'],
]);

/**
 * `%=99百分比`, `%≥95%`: an export of the national system that prints the unit symbol, then
 * the operator and number, then the unit's name. Read as `=99%` when the name (if any) is that
 * symbol's.
 */
const UNIT_FIRST = /^(%|‰)\s*([<>=≥≤≧≦＜＞＝]{1,2})\s*(\d+(?:\.\d+)?)\s*(\S{0,3})$/u;

function rewriteUnitFirst(text: string): string | null {
  const m = UNIT_FIRST.exec(text.normalize('NFKC').trim());
  if (!m) return null;
  const [, symbol, operator, number, word = ''] = m;
  if (word !== '' && UNIT_WORDS.get(word) !== symbol) return null;
  return `${operator}${number}${symbol}`;
}

/**
 * A merged value cell (`≥90.00(%)`, `=300天`, `%=99百分比`, `10辆`, `优良`, a sentence).
 * `asPrinted`: structured only when the value prints exactly as the cell (a table this program
 * printed, read back to the same table).
 */
export function readMergedValue(text: string, asPrinted = false): ReadValue {
  const printed = text.trim();
  if (printed === '') {
    return {
      value: sentenceValue(''),
      text: '',
      operatorImplied: false,
      reason: null,
      rewrittenAs: null,
    };
  }
  const rewritten = asPrinted ? null : rewriteUnitFirst(printed);
  const conversion = structureIndicatorValue(sentenceValue(rewritten ?? printed));
  if (
    asPrinted &&
    conversion.result?.kind === 'structured' &&
    formatValue(conversion.result.value, 'merged') !== printed
  ) {
    return fromResult(printed, null, null);
  }
  return fromResult(printed, conversion.result, rewritten);
}

function fromResult(
  printed: string,
  result: StructureResult | null,
  rewritten: string | null,
): ReadValue {
  if (result?.kind === 'structured') {
    return {
      value: structuredIndicatorValue(result.value, printed),
      text: printed,
      operatorImplied: result.operatorImplied,
      reason: null,
      rewrittenAs: rewritten,
    };
  }
  return {
    value: sentenceValue(printed),
    text: printed,
    operatorImplied: false,
    reason: result?.kind === 'sentence' ? result.reason : null,
    rewrittenAs: null,
  };
}

export type SplitCellsResult =
  | { readonly ok: true; readonly read: ReadValue }
  | { readonly ok: false; readonly message: string; readonly read: ReadValue };

/**
 * A value printed in three columns (指标性质/计算符号 | 指标值 | 计量单位). An empty operator
 * leaves the value and unit to be read as one merged cell (`10` + `辆`); a given operator that
 * the store cannot take is refused with its message, the cells kept as one sentence.
 */
export function readSplitValue(
  cells: {
    readonly operator: string;
    readonly value: string;
    readonly unit: string;
  },
  asPrinted = false,
): SplitCellsResult {
  const operator = cells.operator.trim();
  const value = cells.value.trim();
  const unit = cells.unit.trim();
  const joined = `${operator}${value}${unit}`;
  if (operator === '') return { ok: true, read: readMergedValue(`${value}${unit}`, asPrinted) };
  const made = makeStructuredValue({ operator, value, unit });
  if (!made.ok) {
    return { ok: false, message: made.message, read: readMergedValue(joined, asPrinted) };
  }
  return {
    ok: true,
    read: {
      value: structuredIndicatorValue(made.value, null),
      text: joined,
      operatorImplied: false,
      reason: null,
      rewrittenAs: null,
    },
  };
}
