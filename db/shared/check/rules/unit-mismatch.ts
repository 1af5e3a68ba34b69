import { formatValue } from '../../indicator-value.ts';
import { compareDecimals, parseDecimal, shiftDecimal, type Decimal } from '../decimal.ts';
import { defineRule } from '../finding.ts';
import { quote } from '../text.ts';
import { indicatorValues, isQuantitative, type QuantitativeIndicatorValue } from '../values.ts';
import { visitIndicators } from '../walk.ts';

/**
 * What a unit word measures. Only units whose meanings clearly differ are told apart: 人 (people)
 * is not 人次 (attendances) nor 个 (things), % is 百分比. Anything not in the table (期, 场, 项,
 * 元/人, 百分点, Latin letters…) is never a contradiction: many counters stand for one another
 * (举办3期 / 3场 / 3次), and a wrong finding would teach clerks to ignore the rule. Within one
 * kind a unit may differ in scale (天 and 个月, 元 and 万元): a value and a name can both be
 * right then.
 */
const KINDS: ReadonlyMap<string, string> = new Map([
  ['人', 'people'],
  ['名', 'people'],
  ['位', 'people'],
  ['人次', 'attendances'],
  ['户', 'households'],
  ['个', 'things'],
  ['次', 'times'],
  ['%', 'percent'],
  ['百分比', 'percent'],
  ['元', 'money'],
  ['天', 'duration'],
  ['工作日', 'duration'],
  ['个工作日', 'duration'],
  ['小时', 'duration'],
  ['个小时', 'duration'],
  ['个月', 'duration'],
  ['平方米', 'area'],
  ['亩', 'area'],
  ['公顷', 'area'],
  ['米', 'length'],
  ['公里', 'length'],
  ['千米', 'length'],
  ['吨', 'mass'],
  ['千克', 'mass'],
  ['公斤', 'mass'],
]);

/**
 * Words that begin like a unit of the table but are something else (5个百分点 is not 5个, 3人天
 * is not 3人), so that reading a figure takes the longest word and then ignores it.
 */
const OTHER_WORDS = ['个百分点', '百分点', '人天', '人日', '户次', '次数', '平方公里', '平方千米'];

const MAGNITUDES: ReadonlyMap<string, number> = new Map([
  ['十万', 5],
  ['百万', 6],
  ['千万', 7],
  ['亿', 8],
  ['万', 4],
  ['千', 3],
  ['百', 2],
]);

// No unit word holds a character special in a pattern.
const longestFirst = (words: Iterable<string>) => [...words].sort((a, b) => b.length - a.length);
const UNIT_WORD = longestFirst([...KINDS.keys(), ...OTHER_WORDS]).join('|');
const MAGNITUDE = longestFirst(MAGNITUDES.keys()).join('|');
/**
 * A figure with its unit: `230人`, `2.4万人次`, `100%`; not part of a longer number or code, nor
 * an ordinal (第3次). A whole unit word is tried before a magnitude: 3千米 is 3 千米.
 */
const FIGURE = new RegExp(
  `(?<![\\d.A-Za-z第])(\\d+(?:\\.\\d+)?)\\s*(?:(${UNIT_WORD})|(${MAGNITUDE})\\s*(${UNIT_WORD}))`,
  'gu',
);
/** A 计量单位 with a magnitude: 万元, 万人次. */
const MAGNIFIED_UNIT = new RegExp(`^(${MAGNITUDE})(.+)$`, 'u');

interface Quantity {
  /** As written, for the message: `230人`. */
  readonly written: string;
  readonly number: Decimal;
  readonly kind: string;
}

/** The figures with a unit of the table in a text (a name or a sentence). */
function quantities(text: string): Quantity[] {
  const found: Quantity[] = [];
  for (const m of text.normalize('NFKC').matchAll(FIGURE)) {
    const kind = KINDS.get(m[2] ?? m[4]!);
    const number = parseDecimal(m[1]!);
    if (kind === undefined || number === undefined) continue;
    const exponent = m[3] === undefined ? 0 : MAGNITUDES.get(m[3])!;
    found.push({ written: m[0], number: shiftDecimal(number, exponent), kind });
  }
  return found;
}

/** The value's own figure in the same terms: `≥2.4` with 计量单位 `万人次` is 24000 人次. */
function valueQuantity(v: QuantitativeIndicatorValue): Omit<Quantity, 'written'> | undefined {
  const unit = v.unit
    .normalize('NFKC')
    .trim()
    .replace(/^\((.*)\)$/u, '$1');
  const number = parseDecimal(v.value);
  if (number === undefined) return undefined;
  // The whole word first: 百分比 is not 百 × 分比.
  const whole = KINDS.get(unit);
  if (whole !== undefined) return { number, kind: whole };
  const m = MAGNIFIED_UNIT.exec(unit);
  const kind = m ? KINDS.get(m[2]!) : undefined;
  if (m === null || kind === undefined) return undefined;
  return { number: shiftDecimal(number, MAGNITUDES.get(m[1]!)!), kind };
}

/**
 * The same figure written with two units that measure different things: `村组干部230人` as the
 * name, and `＝230` with 计量单位 `个`. A name that mentions another figure (230名村干部 with a
 * 合格率 ≥95%) is not a contradiction, so only the value's own number is compared, and a text
 * that also gives the figure in the value's unit (`230人，约230个村组`) agrees with it. The texts
 * are the name and, for each structured value, the sentence it was made from and the other
 * value when that one is a sentence. A 警告: the system takes it, but one of the two is wrong.
 */
export const unitMismatch = defineRule({
  id: 'unit-mismatch',
  title: '计量单位与名称或指标值不符',
  severity: 'warning',
  check(doc, report) {
    for (const visit of visitIndicators(doc)) {
      const { indicator } = visit;
      const items = indicatorValues(visit);
      const texts: { label: string; text: string }[] = [
        { label: '三级指标名称', text: indicator.name },
      ];
      for (const { label, value } of items) {
        if (value.kind === 'sentence') texts.push({ label, text: value.text });
        else if (value.source !== null) texts.push({ label: `${label}原文`, text: value.source });
      }
      for (const { label, value, place } of items) {
        if (!isQuantitative(value)) continue;
        const own = valueQuantity(value);
        if (own === undefined) continue;
        const clash = texts
          .map((t) => ({ ...t, figures: quantities(t.text) }))
          .find(
            ({ figures }) =>
              !figures.some((f) => f.kind === own.kind) &&
              figures.some((f) => compareDecimals(f.number, own.number) === 0),
          );
        if (clash === undefined) continue;
        const figure = clash.figures.find((f) => compareDecimals(f.number, own.number) === 0)!;
        report(
          place,
          `${label}${quote(formatValue(value, 'merged'))}的计量单位“${value.unit.trim()}”与` +
            `${clash.label}${quote(clash.text)}中的“${figure.written}”不符：同一个数，单位不同。` +
            '请核对计量单位，或改正名称中的数量。',
        );
      }
    }
  },
});
