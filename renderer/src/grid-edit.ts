import type { DocumentState } from '../../db/shared/api/contract.ts';
import { parseWeight } from '../../db/shared/indicator-fields.ts';
import {
  makeStructuredValue,
  normaliseNumber,
  OPERATORS,
  type IndicatorValue,
  type StructuredIndicatorValue,
} from '../../db/shared/indicator-value.ts';
import { BASIS_KINDS, INDICATOR_POLARITIES, type IndicatorData } from '../../db/shared/types.ts';
import { editIndicator, findIndicator, setIndicatorCategory, updateIndicator } from './actions.tsx';
import type { EditOutcome, FieldGuard } from './store.ts';
import type { ColumnKey } from './grid-rows.ts';

/**
 * How each editable cell of the table view is edited: through the very operations the form
 * sends (updateIndicator, setIndicatorCategory), so the host applies the same rules and each edit
 * is one undo step. A text cell is a draft (useDraft) with the form's guard against overwriting
 * another window's change; a list cell sends at once.
 */

export interface TextEdit {
  readonly kind: 'text';
  /** The official term (the editor's accessible name). */
  readonly label: string;
  /** The text the editor starts from. */
  readonly value: string;
  readonly read: (doc: DocumentState) => string | undefined;
  readonly commit: (text: string, guard: FieldGuard | undefined) => Promise<EditOutcome>;
  readonly validate?: (text: string) => string | null;
  readonly equals?: (a: string, b: string) => boolean;
  /** A single-line field: no line breaks. */
  readonly singleLine: boolean;
  /** Shown before and after the text (a structured value's 计算符号 and 计量单位). */
  readonly prefix?: string;
  readonly suffix?: string;
}

export interface SelectEdit {
  readonly kind: 'select';
  readonly label: string;
  readonly value: string | null;
  readonly options: readonly { value: string; label: string }[];
  /** Whether the value may be cleared. */
  readonly clearable: boolean;
  readonly choose: (value: string | null) => void;
}

/** Why a cell cannot be edited here (said to the clerk), or how it is edited. */
export type CellEdit = TextEdit | SelectEdit | { readonly kind: 'none'; readonly reason: string };

const sameNumber = (a: string, b: string) => {
  if (a.trim() === b.trim()) return true;
  const x = normaliseNumber(a);
  return x !== undefined && x === normaliseNumber(b);
};

/** A structured value's 指标值 as edited (the number or grade), a sentence as written. */
function valueEditText(v: IndicatorValue): string {
  return v.kind === 'structured' ? v.value : v.text;
}

type ValueSide = 'cycle' | 'annual';
const VALUE_LABEL: Record<ValueSide, string> = { cycle: '实施周期指标值', annual: '年度指标值' };

function valueEdit(ind: IndicatorData, side: ValueSide): TextEdit {
  const v = ind[side];
  const id = ind.id;
  const read = (doc: DocumentState) => {
    const found = findIndicator(doc.data, id);
    return found && valueEditText(found[side]);
  };
  if (v.kind === 'sentence') {
    return {
      kind: 'text',
      label: VALUE_LABEL[side],
      value: v.text,
      read,
      singleLine: false,
      commit: (t, guard) => updateIndicator(id, { [side]: { kind: 'sentence', text: t } }, guard),
    };
  }
  const cells = (t: string) => ({ operator: v.operator, value: t, unit: v.unit });
  return {
    kind: 'text',
    label: VALUE_LABEL[side],
    value: v.value,
    read,
    singleLine: true,
    prefix: v.operator,
    suffix: v.unit,
    validate: (t) => {
      const made = makeStructuredValue(cells(t));
      return made.ok ? null : made.message;
    },
    equals: sameNumber,
    // Typing makes the value the clerk's own: the sentence it was made from goes (as in the form).
    commit: (t, guard) =>
      updateIndicator(id, { [side]: { kind: 'structured', ...cells(t), source: null } }, guard),
  };
}

const SENTENCE_HAS_NONE = (what: string) =>
  `该指标的实施周期指标值是一句文字，没有${what}。请在表单中点击指标值旁的“改为结构化”按钮后再填写。`;

function structuredCycle(ind: IndicatorData): StructuredIndicatorValue | null {
  return ind.cycle.kind === 'structured' ? ind.cycle : null;
}

const validateWeight = (t: string) => {
  if (t.trim() === '') return null;
  const parsed = parseWeight(t);
  return parsed.ok ? null : parsed.message;
};

const sameWeight = (t: string, v: string) => {
  if (t.trim() === '' || v.trim() === '') return t.trim() === v.trim();
  const a = parseWeight(t);
  return a.ok && a.value === v;
};

const listOptions = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/** How the cell of `column` in the row of `ind` is edited. */
export function cellEdit(
  ind: IndicatorData,
  column: ColumnKey,
  level2: readonly { value: string; label: string }[],
): CellEdit {
  const id = ind.id;
  const field = <T>(pick: (i: IndicatorData) => T) => {
    return (doc: DocumentState) => {
      const found = findIndicator(doc.data, id);
      return found && pick(found);
    };
  };
  switch (column) {
    case 'unit':
    case 'project':
      return {
        kind: 'none',
        reason: '资金使用单位和项目名称请在表单中修改（Ctrl+Enter 转到表单）',
      };
    case 'level1':
      return { kind: 'none', reason: '一级指标随二级指标而定：请修改二级指标' };
    case 'level2':
      return {
        kind: 'select',
        label: '二级指标',
        value: ind.level2.code,
        options: level2,
        clearable: false,
        choose: (code) => {
          if (code && code !== ind.level2.code) void setIndicatorCategory(id, code);
        },
      };
    case 'name':
      return {
        kind: 'text',
        label: '三级指标名称',
        value: ind.name,
        read: field((i) => i.name),
        singleLine: true,
        commit: (t, guard) => updateIndicator(id, { name: t }, guard),
      };
    case 'cycle':
    case 'annual':
      return valueEdit(ind, column);
    case 'operator': {
      const cycle = structuredCycle(ind);
      if (!cycle) return { kind: 'none', reason: SENTENCE_HAS_NONE('指标性质') };
      return {
        kind: 'select',
        label: '指标性质',
        value: cycle.operator,
        options: listOptions(OPERATORS),
        clearable: false,
        choose: (op) => {
          if (!op || op === cycle.operator) return;
          void editIndicator(id, {
            cycle: {
              kind: 'structured',
              operator: op,
              value: cycle.value,
              unit: cycle.unit,
              source: null,
            },
          });
        },
      };
    }
    case 'measure': {
      const cycle = structuredCycle(ind);
      if (!cycle) return { kind: 'none', reason: SENTENCE_HAS_NONE('计量单位') };
      const cells = (t: string) => ({ operator: cycle.operator, value: cycle.value, unit: t });
      return {
        kind: 'text',
        label: '计量单位',
        value: cycle.unit,
        read: field((i) => (i.cycle.kind === 'structured' ? i.cycle.unit : undefined)),
        singleLine: true,
        validate: (t) => {
          const made = makeStructuredValue(cells(t));
          return made.ok ? null : made.message;
        },
        commit: (t, guard) =>
          updateIndicator(id, { cycle: { kind: 'structured', ...cells(t), source: null } }, guard),
      };
    }
    case 'weight':
      return {
        kind: 'text',
        label: '权重',
        value: ind.weight ?? '',
        read: field((i) => i.weight ?? ''),
        singleLine: true,
        validate: validateWeight,
        equals: sameWeight,
        commit: (t, guard) => updateIndicator(id, { weight: t.trim() === '' ? null : t }, guard),
      };
    case 'basisKind':
      return {
        kind: 'select',
        label: '指标值设定依据类别',
        value: ind.basis.kind,
        options: listOptions(BASIS_KINDS),
        clearable: true,
        choose: (kind) => {
          if (kind !== ind.basis.kind) void editIndicator(id, { basis: { kind } });
        },
      };
    case 'basis':
      return {
        kind: 'text',
        label: '指标值设定依据',
        value: ind.basis.text,
        read: field((i) => i.basis.text),
        singleLine: false,
        commit: (t, guard) => updateIndicator(id, { basis: { text: t } }, guard),
      };
    case 'explanation':
      return {
        kind: 'text',
        label: '指标解释',
        value: ind.explanation,
        read: field((i) => i.explanation),
        singleLine: false,
        commit: (t, guard) => updateIndicator(id, { explanation: t }, guard),
      };
    case 'polarity':
      return {
        kind: 'select',
        label: '指标方向',
        value: ind.polarity,
        options: listOptions(INDICATOR_POLARITIES),
        clearable: true,
        choose: (polarity) => {
          if (polarity !== ind.polarity) void editIndicator(id, { polarity });
        },
      };
  }
}
