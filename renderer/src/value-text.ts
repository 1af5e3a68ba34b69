import {
  formatValue,
  makeStructuredValue,
  OPERATORS,
  QUALITATIVE,
  type IndicatorValue,
} from '../../db/shared/indicator-value.ts';
import type { IndicatorValueInput } from '../../db/shared/indicator-fields.ts';

/**
 * An indicator value (实施周期指标值 / 年度指标值) as the text of one draft (useDraft keeps
 * strings): a sentence as itself, a structured value as its cells joined by a control character
 * that no stored text can hold (the store removes them). One draft per value means one burst of
 * typing in 符号, 数值 and 单位 is one edit and one undo step, and the annual value's link to the
 * cycle value compares one string, whatever the form.
 */

const SEP = '\u0001';

/** A structured value's cells as typed; `source` is the sentence it was made from, if any. */
export interface ValueCells {
  readonly operator: string;
  readonly value: string;
  readonly unit: string;
  readonly source: string | null;
}

export const EMPTY_CELLS: ValueCells = { operator: '', value: '', unit: '', source: null };

export function isStructuredText(text: string): boolean {
  return text.startsWith(SEP);
}

export function cellsText(c: ValueCells): string {
  const parts = [c.operator, c.value, c.unit];
  if (c.source !== null) parts.push(c.source);
  return SEP + parts.join(SEP);
}

/** The cells of a structured value's text (empty cells for a sentence). */
export function textCells(text: string): ValueCells {
  if (!isStructuredText(text)) return EMPTY_CELLS;
  const [operator = '', value = '', unit = '', source] = text.slice(1).split(SEP);
  return { operator, value, unit, source: source ?? null };
}

/** A value as the text of its draft. */
export function valueText(v: IndicatorValue): string {
  if (v.kind === 'sentence') return v.text;
  return cellsText({ operator: v.operator, value: v.value, unit: v.unit, source: v.source });
}

/** What the store is sent for a draft's text. */
export function valueInput(text: string): IndicatorValueInput {
  if (!isStructuredText(text)) return { kind: 'sentence', text };
  const c = textCells(text);
  return {
    kind: 'structured',
    operator: c.operator,
    value: c.value,
    unit: c.unit,
    source: c.source,
  };
}

/** Why a structured value's cells cannot be sent yet (the same rule as the store's), or null. */
export function valueProblem(text: string): string | null {
  if (!isStructuredText(text)) return null;
  const c = textCells(text);
  if (c.operator.trim() === '') return `请选择计算符号（${OPERATORS.join(' ')}）`;
  if (c.value.trim() === '') {
    return c.operator === QUALITATIVE
      ? '请填写等级（如“优”“达标”）'
      : '请填写指标值（数字，如 95）';
  }
  const made = makeStructuredValue(c);
  return made.ok ? null : made.message;
}

/** Two drafts' texts say the same value (`９５` and `95`, `>=` and `≥`). */
export function sameValueText(a: string, b: string): boolean {
  if (isStructuredText(a) !== isStructuredText(b)) return false;
  if (!isStructuredText(a)) return a === b;
  const ca = textCells(a);
  const cb = textCells(b);
  const ma = makeStructuredValue(ca);
  const mb = makeStructuredValue(cb);
  if (!ma.ok || !mb.ok) return a === b;
  return (
    ma.value.operator === mb.value.operator &&
    ma.value.value === mb.value.value &&
    ma.value.unit === mb.value.unit &&
    ca.source === cb.source
  );
}

/**
 * Back to a sentence (toSentence's rule): the text it was made from, or else the merged form as
 * printed; cells that are not a valid value yet are joined as typed, so nothing typed is lost.
 */
export function sentenceOf(text: string): string {
  if (!isStructuredText(text)) return text;
  const c = textCells(text);
  if (c.source !== null) return c.source;
  const made = makeStructuredValue(c);
  if (made.ok) return formatValue(made.value, 'merged');
  return c.operator === QUALITATIVE ? c.value + c.unit : c.operator + c.value + c.unit;
}

/** The units the document's structured values use, most used first (offered for 计量单位). */
const unitCache = new WeakMap<object, readonly string[]>();
export const COMMON_UNITS = ['%', '个', '人次', '次', '天', '万元', '元', '项'] as const;

export function documentUnits(data: {
  readonly units: readonly {
    readonly projects: readonly {
      readonly indicators: readonly { cycle: IndicatorValue; annual: IndicatorValue }[];
    }[];
  }[];
}): readonly string[] {
  const cached = unitCache.get(data);
  if (cached) return cached;
  const count = new Map<string, number>();
  for (const u of data.units) {
    for (const p of u.projects) {
      for (const i of p.indicators) {
        for (const v of [i.cycle, i.annual]) {
          if (v.kind === 'structured' && v.unit.trim()) {
            count.set(v.unit.trim(), (count.get(v.unit.trim()) ?? 0) + 1);
          }
        }
      }
    }
  }
  const used = [...count].sort((a, b) => b[1] - a[1]).map(([u]) => u);
  const list = [...used, ...COMMON_UNITS.filter((u) => !count.has(u))];
  unitCache.set(data, list);
  return list;
}
