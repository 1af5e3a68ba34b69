import {
  parseBasisKind,
  parseWeight,
  printedValue,
  sameIndicatorValue,
} from '../../shared/indicator-fields.ts';
import {
  normaliseOperator,
  QUALITATIVE,
  sentenceValue,
  type IndicatorValue,
  type Operator,
} from '../../shared/indicator-value.ts';
import type { IndicatorPolarity } from '../../shared/types.ts';
import type { DraftIndicator } from '../draft.ts';
import { describeWhere, note, type ImportNote, type Where, listSome } from '../source-where.ts';
import { BASIS_SEPARATOR } from './own-layout.ts';
import { isGrade, readOperatorCell, readPolarityCell, valueWithoutUnit } from './per-row-cells.ts';
import type { PerRowHeader, PerRowRole } from './per-row-header.ts';
import { clip, roleCell, roleWhere, type RawRow } from './per-row-walk.ts';
import { readMergedValue, readSplitValue, type ReadValue } from './value-split.ts';

/**
 * An indicator row's value cells read into the values the store keeps (年度 and 实施周期), and its
 * 权重, 设定依据, 指标解释 and 指标方向. What was inferred is collected and said once per kind.
 */

/** Where a value's cells are: a row under its header. */
export interface ValueRow {
  readonly cells: RawRow;
  readonly header: PerRowHeader;
}

/** Inferences made while reading values, said once per kind with every place listed. */
export class ValueNotes {
  readonly implied: Where[] = [];
  readonly rewritten: { where: Where; from: string; to: string }[] = [];
  readonly qualitativeText: Where[] = [];
  readonly polarityRead: Where[] = [];
  readonly operatorFromPolarity: { where: Where; text: string }[] = [];
  readonly polarityUnread: { where: Where; text: string }[] = [];
  readonly quantitativeWord: Where[] = [];
  readonly operatorInValue: { where: Where; text: string }[] = [];

  note(read: ReadValue, where: Where): void {
    if (read.value.kind === 'structured' && read.operatorImplied) this.implied.push(where);
    if (read.rewrittenAs !== null)
      this.rewritten.push({ where, from: read.text, to: read.rewrittenAs });
  }

  report(notes: ImportNote[]): void {
    const places = (ws: readonly Where[]) => listSome(ws.map(describeWhere));
    if (this.implied.length > 0) {
      notes.push(
        note(
          'info',
          this.implied[0]!,
          `${this.implied.length} 个指标值只有数值和单位（如“10辆”），读作“＝”的结构化指标值：${places(this.implied)}`,
        ),
      );
    }
    for (const r of this.rewritten) {
      notes.push(note('info', r.where, `指标值“${r.from}”读作“${r.to}”`));
    }
    if (this.quantitativeWord.length > 0) {
      notes.push(
        note(
          'info',
          this.quantitativeWord[0]!,
          `${this.quantitativeWord.length} 个指标的指标性质为“定量”，计算符号取自指标值本身（如“≥95%”），没有写明的读作“＝”：${places(this.quantitativeWord)}`,
        ),
      );
    }
    if (this.operatorInValue.length > 0) {
      const o = this.operatorInValue;
      notes.push(
        note(
          'info',
          o[0]!.where,
          `${o.length} 个指标的计算符号没有单独填写，而是写在指标值中（如“${o[0]!.text}”），已分开读取：${places(o.map((x) => x.where))}`,
        ),
      );
    }
    if (this.qualitativeText.length > 0) {
      notes.push(
        note(
          'info',
          this.qualitativeText[0]!,
          `${this.qualitativeText.length} 个指标性质为“定性”的指标值是文字表述（不是“优”“达标”之类的等级），按文字导入：${places(this.qualitativeText)}`,
        ),
      );
    }
    if (this.polarityRead.length > 0) {
      notes.push(
        note(
          'info',
          this.polarityRead[0]!,
          `“指标方向性”栏的正向/反向读作指标方向（${this.polarityRead.length} 个指标）`,
        ),
      );
    }
    if (this.operatorFromPolarity.length > 0) {
      const o = this.operatorFromPolarity;
      notes.push(
        note(
          'info',
          o[0]!.where,
          `${o.length} 个指标的“指标方向性”栏写的是计算符号（如“${o[0]!.text}”），而指标性质栏没有写明，按此计算符号读取：${places(o.map((x) => x.where))}`,
        ),
      );
    }
    if (this.polarityUnread.length > 0) {
      const u = this.polarityUnread;
      notes.push(
        note(
          'warning',
          u[0]!.where,
          `${u.length} 个指标的“指标方向性”（如“${u[0]!.text}”）不是正向或反向，未导入：${listSome(u.map((x) => `${describeWhere(x.where)}“${clip(x.text)}”`))}`,
        ),
      );
    }
  }
}

export interface ValueContext {
  /** The row's cells keep their columns (a workbook's, a CSV's). */
  readonly positional: boolean;
  /** `项目“…”的指标“…”`, for messages. */
  readonly at: string;
  readonly values: ValueNotes;
  readonly notes: ImportNote[];
}

/**
 * The value a row's 指标性质 | 指标值 | 计量单位 cells (or its one merged 指标值 cell) say.
 * 指标方向性 may supply the comparison when 指标性质 does not.
 */
export function readRowValue(row: ValueRow, ctx: ValueContext): ReadValue {
  const { header } = row;
  const get = (role: PerRowRole) => roleCell(row.cells.cells, header, role);
  const where = row.cells.row.where;
  const measure = get('measure');
  const value = ctx.positional ? valueWithoutUnit(get('value'), measure) : get('value');
  const hasMeasure = header.columns.measure !== undefined;
  if (header.columns.operator === undefined) {
    const polarityOperator = operatorFromPolarity(get('polarity'));
    if (polarityOperator !== null && value !== '') {
      return splitOrSentence(polarityOperator, value, measure, row, ctx, get('polarity'));
    }
    return readMergedValue(hasMeasure && measure !== '' ? `${value}${measure}` : value);
  }
  const operatorText = get('operator');
  const op = ctx.positional ? readOperatorCell(operatorText) : null;
  if (op === null) {
    if (operatorText === '') return sentenceRead(`${value}${measure}`);
    return splitValue(operatorText, value, measure, row, ctx);
  }
  switch (op.kind) {
    case 'operator':
      if (op.operator === QUALITATIVE) {
        if (value === '' || isGrade(value))
          return splitValue(QUALITATIVE, value, measure, row, ctx);
        ctx.values.qualitativeText.push(roleWhere(where, header, 'value'));
        return sentenceRead(`${value}${measure}`);
      }
      return splitValue(op.operator, value, measure, row, ctx);
    case 'quantitative':
    case 'empty': {
      if (value === '' && measure === '') return sentenceRead('');
      const polarityOperator = operatorFromPolarity(get('polarity'));
      if (polarityOperator !== null) {
        return splitOrSentence(polarityOperator, value, measure, row, ctx, get('polarity'));
      }
      if (op.kind === 'quantitative') {
        ctx.values.quantitativeWord.push(roleWhere(where, header, 'operator'));
      }
      const merged = readMergedValue(`${value}${measure}`);
      if (op.kind === 'empty' && merged.value.kind === 'structured' && !merged.operatorImplied) {
        ctx.values.operatorInValue.push({ where: roleWhere(where, header, 'value'), text: value });
      }
      return merged;
    }
    case 'unknown':
      ctx.notes.push(
        note(
          'warning',
          roleWhere(where, header, 'operator'),
          `${ctx.at}：指标性质“${clip(op.text)}”不是计算符号（应为 ＝ ≥ ≤ ＞ ＜ 或 定性、定量）；指标值按文字导入`,
        ),
      );
      return sentenceRead(`${op.text}${value}${measure}`);
  }
}

function operatorFromPolarity(text: string): Operator | null {
  const p = readPolarityCell(text);
  return p.kind === 'operator' ? p.operator : null;
}

function splitOrSentence(
  operator: Operator,
  value: string,
  measure: string,
  row: ValueRow,
  ctx: ValueContext,
  polarityText: string,
): ReadValue {
  // `≥95%` in 指标值 and `≥` in 指标方向性: the value's own operator is read, not doubled.
  const merged = readMergedValue(`${value}${measure}`);
  if (merged.value.kind === 'structured' && !merged.operatorImplied) return merged;
  ctx.values.operatorFromPolarity.push({
    where: roleWhere(row.cells.row.where, row.header, 'polarity'),
    text: polarityText,
  });
  return splitValue(operator, value, measure, row, ctx);
}

function splitValue(
  operator: string,
  value: string,
  measure: string,
  row: ValueRow,
  ctx: ValueContext,
): ReadValue {
  const split = readSplitValue({ operator, value, unit: measure });
  if (!split.ok && ctx.positional) {
    // `≥` | `98%` | '' (a percent cell, no 计量单位), `＝` | `10辆`, `≥` | `≥95%`: the value
    // cell holds its unit, or its operator again; read whole, it says the same comparison.
    const wanted = normaliseOperator(operator);
    for (const text of [`${operator}${value}${measure}`, `${value}${measure}`]) {
      const whole = readMergedValue(text);
      if (
        whole.value.kind === 'structured' &&
        !whole.operatorImplied &&
        whole.value.operator === wanted
      ) {
        return whole;
      }
    }
  }
  if (!split.ok) {
    ctx.notes.push(
      note(
        'warning',
        roleWhere(row.cells.row.where, row.header, 'value'),
        `${ctx.at}：${split.message}；按文字导入`,
      ),
    );
  }
  return split.read;
}

function sentenceRead(text: string): ReadValue {
  return {
    value: sentenceValue(text),
    text,
    operatorImplied: false,
    reason: null,
    rewrittenAs: null,
  };
}

/** Two values compared by what they say, not by the sentence they were made from. */
function stripSource(v: IndicatorValue): IndicatorValue {
  return v.kind === 'structured' ? { ...v, source: null } : v;
}

export interface ReadValues {
  readonly cycle: IndicatorValue;
  readonly annual: IndicatorValue;
  readonly annualFollowsCycle: boolean;
}

/**
 * 年度 and 实施周期 values: the cycle from its own sheet's row when the workbook has one
 * (`cycleSheets`; no row there is no cycle value), else from a 实施周期指标值 column, else the
 * annual value for both.
 */
export function readValues(
  row: ValueRow,
  cycleRow: ValueRow | undefined,
  cycleSheets: boolean,
  ctx: ValueContext,
): ReadValues {
  const where = row.cells.row.where;
  const annualRead = readRowValue(row, ctx);
  ctx.values.note(annualRead, where);
  const annual = annualRead.value;
  if (cycleSheets) {
    if (cycleRow === undefined) {
      return { cycle: sentenceValue(''), annual, annualFollowsCycle: false };
    }
    const read = readRowValue(cycleRow, ctx);
    ctx.values.note(read, cycleRow.cells.row.where);
    const same = sameIndicatorValue(stripSource(read.value), stripSource(annual));
    return same
      ? { cycle: annual, annual, annualFollowsCycle: true }
      : { cycle: read.value, annual, annualFollowsCycle: false };
  }
  const cycleText = roleCell(row.cells.cells, row.header, 'cycle');
  let cycle: IndicatorValue = annual;
  if (cycleText !== '' && cycleText !== printedValue(annual)) {
    const read = readMergedValue(cycleText);
    // A table that splits 指标性质 | 指标值 | 计量单位 prints the cycle value whole: a structured
    // value in its one printed form (`≥98%`), a sentence as written (`大于等于98%`, `10辆`). So
    // there, only that printed form is structured; elsewhere any unambiguous value is.
    const hasOperator = row.header.columns.operator !== undefined;
    const structured =
      read.value.kind === 'structured' &&
      (!hasOperator || ctx.positional || printedValue(read.value) === cycleText);
    const c = structured ? read.value : sentenceValue(read.text);
    if (structured) ctx.values.note(read, where);
    cycle = sameIndicatorValue(stripSource(c), stripSource(annual)) ? annual : c;
  }
  return { cycle, annual, annualFollowsCycle: cycle === annual };
}

/** 权重, 指标值设定依据, 指标解释, 指标方向 of a row. */
export function readDetails(
  row: ValueRow,
  ctx: ValueContext,
): Pick<DraftIndicator, 'weight' | 'basis' | 'explanation' | 'polarity'> {
  const get = (role: PerRowRole) => roleCell(row.cells.cells, row.header, role);
  const where = row.cells.row.where;
  const out: {
    weight?: string | null;
    basis?: DraftIndicator['basis'];
    explanation?: string;
    polarity?: IndicatorPolarity;
  } = {};
  // `10分`; `10%` from a cell formatted as a percentage of the 100 points.
  const weight = get('weight').replace(/\s*[分%％]$/u, '');
  if (weight !== '') {
    const w = parseWeight(weight);
    if (w.ok) out.weight = w.value;
    else
      ctx.notes.push(
        note(
          'warning',
          roleWhere(where, row.header, 'weight'),
          `${ctx.at}：${w.message}；未导入权重`,
        ),
      );
  }
  const basis = get('basis');
  if (basis !== '') out.basis = readBasis(basis);
  const explanation = get('explanation');
  if (explanation !== '') out.explanation = explanation;
  const polarityText = get('polarity');
  const p = readPolarityCell(polarityText);
  const polarityWhere = roleWhere(where, row.header, 'polarity');
  if (p.kind === 'polarity') {
    out.polarity = p.polarity;
    ctx.values.polarityRead.push(polarityWhere);
  } else if (p.kind === 'neutral' || p.kind === 'unknown') {
    ctx.values.polarityUnread.push({ where: polarityWhere, text: polarityText });
  } else if (p.kind === 'operator') {
    // A comparison in 指标方向性: used when 指标性质 gives none (readRowValue); beside one that
    // differs, it is said, not dropped.
    const op = readOperatorCell(get('operator'));
    if (op.kind === 'operator' && op.operator !== p.operator) {
      ctx.notes.push(
        note(
          'warning',
          polarityWhere,
          `${ctx.at}：指标方向性为“${polarityText}”，与指标性质“${get('operator')}”不一致；按指标性质读取，请核对`,
        ),
      );
    }
  }
  return out;
}

/** `计划标准`, `计划标准：依据文件` (as this program writes it), or the clerk's words alone. */
function readBasis(text: string): DraftIndicator['basis'] {
  const kind = parseBasisKind(text);
  if (kind.ok) return { kind: kind.value, text: '' };
  const sep = text.indexOf(BASIS_SEPARATOR);
  if (sep > 0) {
    const head = parseBasisKind(text.slice(0, sep));
    if (head.ok) return { kind: head.value, text: text.slice(sep + BASIS_SEPARATOR.length).trim() };
  }
  const colon = /^(.{2,6}?)[:：]\s*(.*)$/su.exec(text);
  if (colon) {
    const head = parseBasisKind(colon[1]!);
    if (head.ok) return { kind: head.value, text: colon[2]!.trim() };
  }
  return { kind: null, text };
}
