import { vagueWords } from './check/rules/unmeasurable-value.ts';
import { compact, isPlaceholder } from './check/text.ts';
import { yearMentions } from './years.ts';

/**
 * An indicator's target value (实施周期指标值 or 年度指标值), in the two forms real tables use:
 * - structured, as the national 预算管理一体化 system keeps it: 计算符号 + 指标值 + 计量单位
 *   (`≥ 95 %`), or 定性 with a grade (`定性 优`);
 * - a sentence, as the Guangzhou published table prints it (“举办12期公务员专题培训班”).
 * A sentence becomes structured only when it is unambiguously one structured value: a wrong
 * conversion would put a target in the clerk's table that they never wrote, while a sentence left
 * alone only waits for them. Whatever is converted keeps the text it was made from.
 */

// ---------------------------------------------------------------------------------------------
// 计算符号

/** The quantitative operators, in the characters the national system stores and prints. */
export const QUANTITATIVE_OPERATORS = ['≥', '＞', '＝', '＜', '≤'] as const;
export type QuantitativeOperator = (typeof QUANTITATIVE_OPERATORS)[number];
export const QUALITATIVE = '定性';
/** 计算符号 / 指标性质: the one list, for the store, the interchange and the editor alike. */
export const OPERATORS = [...QUANTITATIVE_OPERATORS, QUALITATIVE] as const;
export type Operator = (typeof OPERATORS)[number];

/**
 * Every way of writing an operator that means one thing only, after width normalisation (so
 * `＞＝` arrives as `>=`) and without spaces. Deliberately absent:
 * - `=>` and `=<`: no Chinese table convention writes them, and `=>` is an arrow;
 * - 达到, 为, 约, 控制在: “达到95%” may mean ≥ or ＝; 约 is no bound at all;
 * - 以上, 以下, 以内 after the number: in law 以上 includes the number, in clerks' usage it
 *   varies; such a sentence stays a sentence (reason `comparison-words`) for the clerk to write
 *   the operator.
 * 超过 is ＞ because 不超过 is ≤.
 */
const SPELLINGS: ReadonlyMap<string, Operator> = new Map<string, Operator>([
  ['≥', '≥'],
  ['>=', '≥'],
  ['≧', '≥'],
  ['⩾', '≥'],
  ['≮', '≥'],
  ['大于等于', '≥'],
  ['大于或等于', '≥'],
  ['不低于', '≥'],
  ['不少于', '≥'],
  ['不小于', '≥'],
  ['至少', '≥'],
  ['最少', '≥'],
  ['>', '＞'],
  ['大于', '＞'],
  ['高于', '＞'],
  ['多于', '＞'],
  ['超过', '＞'],
  ['=', '＝'],
  ['等于', '＝'],
  ['<', '＜'],
  ['小于', '＜'],
  ['低于', '＜'],
  ['少于', '＜'],
  ['≤', '≤'],
  ['<=', '≤'],
  ['≦', '≤'],
  ['⩽', '≤'],
  ['≯', '≤'],
  ['小于等于', '≤'],
  ['小于或等于', '≤'],
  ['不高于', '≤'],
  ['不超过', '≤'],
  ['不多于', '≤'],
  ['不大于', '≤'],
  ['至多', '≤'],
  ['最多', '≤'],
  [QUALITATIVE, QUALITATIVE],
]);

/** The canonical operator for any unambiguous spelling of it (`>=`, `＞＝`, `≧`, `不低于`…). */
export function normaliseOperator(text: string): Operator | undefined {
  return SPELLINGS.get(halfWidth(text).replace(/\s+/gu, ''));
}

// ---------------------------------------------------------------------------------------------
// The value model

/** A non-negative decimal as typed (`95`, `100.00`): trailing zeros are the clerk's precision. */
export type DecimalText = string & { readonly __brand: 'DecimalText' };

export interface QuantitativeValue {
  readonly operator: QuantitativeOperator;
  readonly value: DecimalText;
  /** 计量单位; '' when none was given (the check for a missing unit reports it). */
  readonly unit: string;
}

export interface QualitativeValue {
  readonly operator: typeof QUALITATIVE;
  /** The grade: 优, 良好, 达标… */
  readonly value: string;
  readonly unit: string;
}

export type StructuredValue = QuantitativeValue | QualitativeValue;

export interface SentenceIndicatorValue {
  readonly kind: 'sentence';
  readonly text: string;
}

export type StructuredIndicatorValue = StructuredValue & {
  readonly kind: 'structured';
  /**
   * The sentence this value was made from, so converting back restores it exactly; null when
   * the clerk entered the value structured. Whoever edits the value must drop it.
   */
  readonly source: string | null;
};

export type IndicatorValue = SentenceIndicatorValue | StructuredIndicatorValue;

export function sentenceValue(text: string): SentenceIndicatorValue {
  return { kind: 'sentence', text };
}

export function structuredIndicatorValue(
  value: StructuredValue,
  source: string | null = null,
): StructuredIndicatorValue {
  return { kind: 'structured', ...structuredParts(value), source };
}

/** The structured fields alone (no kind or source): what two values are compared by. */
export function structuredParts(value: StructuredValue): StructuredValue {
  // Two identical branches: each narrows the operator, so each literal is one valid kind.
  return value.operator === QUALITATIVE
    ? { operator: value.operator, value: value.value, unit: value.unit }
    : { operator: value.operator, value: value.value, unit: value.unit };
}

export type MakeResult =
  | { readonly ok: true; readonly value: StructuredValue }
  | { readonly ok: false; readonly message: string };

/**
 * A structured value from its three cells, as the editor's 符号/数值/单位 fields or a table with
 * split columns give them. Operators and digits are normalised; anything else is refused with a
 * message for the clerk.
 */
export function makeStructuredValue(cells: {
  readonly operator: string;
  readonly value: string;
  readonly unit: string;
}): MakeResult {
  const operator = normaliseOperator(cells.operator);
  if (operator === undefined) {
    return {
      ok: false,
      message: `计算符号“${cells.operator.trim()}”无法识别，应为 ${OPERATORS.join(' ')} 之一`,
    };
  }
  const unit = unparenthesised(halfWidth(cells.unit).trim());
  if (operator === QUALITATIVE) {
    const grade = cells.value.trim();
    if (grade === '')
      return { ok: false, message: '定性指标的指标值不能为空，请填写等级（如“优”“达标”）' };
    return { ok: true, value: { operator, value: grade, unit } };
  }
  const value = normaliseNumber(cells.value);
  if (value === undefined) {
    return {
      ok: false,
      message: `指标值“${cells.value.trim()}”不是数字。定量指标（${operator}）的指标值应为数字，如“95”“100.00”`,
    };
  }
  return { ok: true, value: { operator, value, unit } };
}

/** The number as typed, with digits and point made ASCII and thousands separators removed. */
export function normaliseNumber(text: string): DecimalText | undefined {
  const t = halfWidth(text).trim();
  return new RegExp(`^(?:${NUMBER})$`, 'u').test(t)
    ? (t.replaceAll(',', '') as DecimalText)
    : undefined;
}

function unparenthesised(unit: string): string {
  const m = /^\((.*)\)$/u.exec(unit);
  return m ? m[1]!.trim() : unit;
}

// ---------------------------------------------------------------------------------------------
// Printing

export type FormatStyle = 'merged' | 'split';

/** The three cells of a layout that prints 计算符号 | 指标值 | 计量单位 apart. */
export interface SplitCells {
  readonly operator: string;
  readonly value: string;
  readonly unit: string;
}

/**
 * A value as printed. `merged` is one cell as the national system shows it: `≥95%`, `＝100.00%`,
 * `＝10辆` (＝ prints too: the national system stores it, and provinces print `=300天`), a grade
 * alone for 定性 (`优`), a sentence as written. `split` gives the three cells; a sentence goes
 * whole into the value cell.
 */
export function formatValue(v: IndicatorValue | StructuredValue, style: 'merged'): string;
export function formatValue(v: IndicatorValue | StructuredValue, style: 'split'): SplitCells;
export function formatValue(
  v: IndicatorValue | StructuredValue,
  style: FormatStyle,
): string | SplitCells {
  if ('kind' in v && v.kind === 'sentence') {
    return style === 'merged' ? v.text : { operator: '', value: v.text, unit: '' };
  }
  const s = v as StructuredValue;
  if (style === 'split') return { operator: s.operator, value: s.value, unit: s.unit };
  return s.operator === QUALITATIVE ? s.value + s.unit : s.operator + s.value + s.unit;
}

// ---------------------------------------------------------------------------------------------
// From sentence to structure and back

/** Why a sentence stays a sentence, in the order they are tested. */
export const SENTENCE_REASONS = [
  'empty',
  'placeholder',
  'year',
  'date',
  'range',
  'several-numbers',
  'vague',
  'no-number',
  'unclear-operator',
  'comparison-words',
  'bare-magnitude',
  'unknown-unit',
  'words',
] as const;
export type SentenceReason = (typeof SENTENCE_REASONS)[number];

/** Each reason as the review list states it. */
export const SENTENCE_REASON_TEXT: Readonly<Record<SentenceReason, string>> = {
  empty: '指标值为空',
  placeholder: '只有占位符号（如“-”“/”“无”）',
  year: '含年份（如“2024年内完成”），是期限而非数值',
  date: '含日期或月份（如“7月31日前”“2023.07”）',
  range: '是一个区间（如“80-90%”），计算符号只能表示一个界限',
  'several-numbers': '含不止一个数字，不能确定哪个是指标值',
  vague: '是“进一步提升”“有所提高”一类无法衡量的表述',
  'no-number': '没有数字，也不是等级（如“优”“良好”“达标”）',
  'unclear-operator': '数字前的符号含义不明确（如“=>”“≈”“±”），请改为 ≥ ＞ ＝ ＜ ≤ 之一',
  'comparison-words': '比较写在数字之后（如“95%以上”），请改写为“≥95%”等',
  'bare-magnitude': '数字后只有“万”“亿”等数量级，缺少计量单位（如“万元”）',
  'unknown-unit': '数字后的文字不是常用计量单位',
  words: '数字前后还有计量单位以外的文字',
};

export type StructureResult =
  | {
      readonly kind: 'structured';
      readonly value: StructuredValue;
      /** True when no operator was written (`10辆`) and ＝ was taken: listed for review. */
      readonly operatorImplied: boolean;
    }
  | { readonly kind: 'sentence'; readonly reason: SentenceReason };

/**
 * Reads a sentence as one structured value when it is nothing else: an optional operator, one
 * number, an optional known unit, optionally in brackets (`≥95%`, `=100.00(%)`, `大于等于90%`,
 * `≤65万元`, `10辆`), or a grade alone (`优`, `达标`). Otherwise says why it stays a sentence.
 */
export function structureSentence(text: string): StructureResult {
  const t = stripClosing(halfWidth(text).replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim())
    // `> =` from a PDF is `>=`.
    .replace(/([<>=])\s+(?=[<>=])/gu, '$1');
  if (t === '') return sentence('empty');
  if (isPlaceholder(t)) return sentence('placeholder');
  const bare = compact(t);
  if (GRADE.test(bare)) {
    return {
      kind: 'structured',
      value: { operator: QUALITATIVE, value: bare, unit: '' },
      operatorImplied: false,
    };
  }

  if (yearMentions(t).length > 0) return sentence('year');
  if (DATE.test(t)) return sentence('date');
  if (RANGE.test(t)) return sentence('range');
  const numbers = t.match(NUMBER_ALL) ?? [];
  if (numbers.length > 1) return sentence('several-numbers');
  if (numbers.length === 0) return sentence(vagueWords(t).length > 0 ? 'vague' : 'no-number');

  const m = FIRST_NUMBER.exec(t)!;
  const before = compact(m[1]!);
  const number = m[2]!;
  const after = compact(m[3]!);
  const operator = before === '' ? '＝' : SPELLINGS.get(before);
  const cell = UNIT_ALONE.exec(after)?.groups;
  const unit = after === '' ? '' : (cell?.['bracketed'] ?? cell?.['plain']);

  if (operator === undefined || operator === QUALITATIVE) {
    return sentence(OPERATOR_LIKE.test(before) ? 'unclear-operator' : 'words');
  }
  if (unit === undefined) {
    if (COMPARISON_AFTER.test(after)) return sentence('comparison-words');
    if (MAGNITUDE_ALONE.test(after)) return sentence('bare-magnitude');
    if (SHORT_UNKNOWN_UNIT.test(after)) return sentence('unknown-unit');
    return sentence('words');
  }
  // A four-digit 19xx/20xx with nothing after it, or 2023.07, is a year or a month.
  if (unit === '' && /^(?:19|20)\d{2}$/u.test(number)) return sentence('year');
  if (unit === '' && /^(?:19|20)\d{2}\.(?:0?[1-9]|1[0-2])$/u.test(number)) return sentence('date');
  return {
    kind: 'structured',
    value: { operator, value: number.replaceAll(',', '') as DecimalText, unit },
    operatorImplied: before === '',
  };
}

export interface Conversion {
  readonly value: IndicatorValue;
  /** What structureSentence made of it; null for a value that was already structured. */
  readonly result: StructureResult | null;
}

/** A sentence converted when it can be, keeping its text; a structured value unchanged. */
export function structureIndicatorValue(v: IndicatorValue): Conversion {
  if (v.kind === 'structured') return { value: v, result: null };
  const result = structureSentence(v.text);
  return {
    value: result.kind === 'structured' ? structuredIndicatorValue(result.value, v.text) : v,
    result,
  };
}

/** Back to a sentence: the text it was made from, or else its merged form. */
export function toSentence(v: IndicatorValue): SentenceIndicatorValue {
  if (v.kind === 'sentence') return v;
  return sentenceValue(v.source ?? formatValue(v, 'merged'));
}

function sentence(reason: SentenceReason): StructureResult {
  return { kind: 'sentence', reason };
}

// ---------------------------------------------------------------------------------------------
// Text patterns

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/gu;

/**
 * Full-width ASCII (０-９, ．, ％, ＞＝, （）, letters) and the small-form signs as ASCII, for
 * reading only: what is stored is the original. The full-width comma (，) stays: `1，000` is a
 * list, not a thousand.
 */
function halfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000\ufe64-\ufe66]/gu, (c) => {
    if (c === '，') return c;
    if (c === '\u3000') return ' ';
    if (c === '﹤') return '<';
    if (c === '﹥') return '>';
    if (c === '﹦') return '=';
    return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  });
}

/** The closing punctuation a value may end with (the printed notation adds or drops 。). */
function stripClosing(text: string): string {
  return text.replace(/(?<!\d)\.$/u, '').replace(/[。；;，,！!]+$/u, '');
}

// Grouped thousands first, so `1,000` is one number; anything else with a comma is two.
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const NUMBER_ALL = new RegExp(NUMBER, 'gu');
const FIRST_NUMBER = new RegExp(`^(.*?)(${NUMBER})(.*)$`, 'su');

/**
 * Units written in characters. A unit is a known measure word, not any characters after a
 * number: “12期培训” is not 12 of a unit “期培训”. Left out on purpose: 月 and 日 (3月, 5日 are
 * dates as often as durations; write 个月, 天), 点 and 时 (times of day), 成 (tenths).
 */
const HAN_UNITS = [
  '个百分点',
  '百分点',
  '平方公里',
  '平方千米',
  '平方米',
  '立方米',
  '平方',
  '立方',
  '个工作日',
  '工作日',
  '个月',
  '小时',
  '分钟',
  '公里',
  '千米',
  '公顷',
  '公斤',
  '千克',
  '千瓦时',
  '千瓦',
  '兆瓦',
  '人次',
  '户次',
  '场次',
  '车次',
  '架次',
  '班次',
  '批次',
  '台次',
  '件次',
  '篇次',
  '期次',
  '项次',
  '课时',
  '学时',
  '人天',
  '人日',
  '台套',
  '季度',
  '年度',
  ...'个次人名位场期篇项份户家所座条件本册套台辆批轮天年周元米亩吨张页部间处类节遍届支组队棵株倍级层栋例宗单封集幅首版段盏架艘头只匹根块片升克斤度分门盒箱袋瓶包卷',
].sort((a, b) => b.length - a.length);
const MAGNITUDE = '十万|百万|千万|万亿|万|亿|千|百';
const HAN_UNIT = `(?:${MAGNITUDE})?(?:${HAN_UNITS.join('|')})`;
const SYMBOL_UNIT = '%|‰|‱|℃|°C|°|㎡|㎥|㎞|㎏|㎜|㎝|㏊';
const LATIN_UNIT = '[A-Za-z]{1,5}[²³]?';
const SEGMENT = `${HAN_UNIT}|${SYMBOL_UNIT}|${LATIN_UNIT}`;
// Per what: 元/人, 个/村, 次/年, 元/人·月. The part after the slash may be any short noun.
const UNIT = `(?:${SEGMENT})(?:[/·](?:${SEGMENT}|\\p{Script=Han}{1,3})){0,2}`;
const UNIT_ALONE = new RegExp(`^(?:\\((?<bracketed>${UNIT})\\)|(?<plain>${UNIT}))$`, 'u');

const COMPARISON_AFTER = new RegExp(
  `^(?:\\(?(?:${UNIT})\\)?)?(?:及|或)?(?:以上|以下|以内|之内|及以上|及以下)$`,
  'u',
);
const MAGNITUDE_ALONE = new RegExp(`^(?:${MAGNITUDE})$`, 'u');
const SHORT_UNKNOWN_UNIT =
  /^(?:\((?:\p{Script=Han}{1,2}|[A-Za-z]{6,})\)|\p{Script=Han}{1,2}|[A-Za-z]{6,})$/u;
const OPERATOR_LIKE = /^[<>=≥≤≧≦⩾⩽≮≯≈≃≅~±+\-≠]+$/u;

// Dates: 7月31日, 3月底, 12日前, 2023.07, 2024-01, 2024/1.
const DATE = /\d\s*[月日]|(?:19|20)\d{2}\s*[.\-/]\s*[01]?\d(?!\d)/u;
// Two numbers joined by a dash, a tilde, 至 or 到, with a unit or nothing between.
const RANGE = new RegExp(`\\d\\s*(?:\\(?(?:${UNIT})\\)?)?\\s*(?:[-—–~至到])\\s*\\d`, 'u');

/**
 * A grade alone is 定性: the usual scales (优/良/中/差, 优秀/良好/合格, 好/较好/一般/较差,
 * 达标, 满意) and a yes/no answer. 完成, 有效, 提高 are not grades: they say what, not how well.
 */
const GRADE =
  /^(?:优|优秀|良|良好|优良|好|较好|中|中等|一般|差|较差|合格|不合格|达标|基本达标|不达标|满意|基本满意|不满意|高|较高|低|较低|是|否)$/u;
