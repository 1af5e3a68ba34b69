import { FieldNumberOutlined, FieldStringOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { memo, type KeyboardEvent } from 'react';
import {
  normaliseOperator,
  OPERATORS,
  QUALITATIVE,
  type IndicatorValue,
} from '../../../db/shared/indicator-value.ts';
import { fieldId } from '../focus.ts';
import { store } from '../store.ts';
import type { Draft } from '../useDraft.ts';
import { cellsText, documentUnits, isStructuredText, textCells } from '../value-text.ts';
import { DraftAutoComplete, DraftField } from './DraftField.tsx';

/** 实施周期指标值 or 年度指标值: the model's field, its term and its short form. */
export const VALUE_FIELDS = {
  cycle: { field: 'cycleValue', label: '实施周期指标值', short: '实施周期' },
  annual: { field: 'annualValue', label: '年度指标值', short: '年度' },
} as const;
export type ValueKind = keyof typeof VALUE_FIELDS;

const OPERATOR_WORDS: Readonly<Record<string, string>> = {
  '≥': '大于等于',
  '＞': '大于',
  '＝': '等于',
  '＜': '小于',
  '≤': '小于等于',
  [QUALITATIVE]: '等级，如“优”“达标”',
};

const OPERATOR_OPTIONS = OPERATORS.map((op) => ({ value: op, label: op }));

/**
 * Typing finds the operator in any spelling the store accepts (`>=`, `＞＝`, `不低于`): exactly
 * that one, so Enter picks it; else by the words (`大于`).
 */
function filterOperator(input: string, option?: { value: string }): boolean {
  const t = input.trim();
  if (!option || t === '') return true;
  const op = normaliseOperator(t);
  if (op !== undefined) return op === option.value;
  return option.value.includes(t) || (OPERATOR_WORDS[option.value] ?? '').includes(t);
}

const unitOptions = () => (store.doc ? documentUnits(store.doc.data) : []);

interface Props {
  readonly kind: ValueKind;
  readonly indicatorId: number;
  readonly draft: Draft;
  /** The text shown (a linked annual value shows the cycle value's), see value-text.ts. */
  readonly text: string;
  readonly onChange: (text: string, hold: boolean) => void;
  /**
   * The stored value: a sentence being turned into cells is shown under them (not under a linked
   * annual value, which only mirrors the cycle value's cells).
   */
  readonly stored: IndicatorValue | null;
  /** The 文字/结构化 switch; absent for a linked annual value (it follows the cycle value's). */
  readonly onSwitch?: (kind: ValueKind) => void;
  readonly status?: '' | 'error' | 'warning';
  readonly placeholder?: string;
  readonly className?: string;
  readonly onEnter: () => void;
  readonly onKeyDown: (e: KeyboardEvent<HTMLElement>) => void;
}

/**
 * One value cell of an indicator row: the sentence (as the Guangzhou table prints it), or the
 * national system's structured value — 计算符号 | 数值 | 计量单位 — in the same box, with a small
 * switch between the two forms.
 */
function ValueCellView(props: Props) {
  const { kind, indicatorId: id, draft, text } = props;
  const { field, label, short } = VALUE_FIELDS[kind];
  const structured = isStructuredText(text);
  const toggle = props.onSwitch ? (
    <button
      type="button"
      className="icon-button value-toggle"
      tabIndex={-1}
      aria-label={structured ? `${label}改为文字` : `${label}改为结构化`}
      title={
        structured
          ? '改为文字：恢复为一句话的指标值（由文字转来的，恢复原文）'
          : '改为结构化：计算符号、数值、计量单位（如 ≥ 95 %），预算管理一体化系统的格式'
      }
      onClick={() => props.onSwitch?.(kind)}
    >
      {structured ? <FieldStringOutlined aria-hidden /> : <FieldNumberOutlined aria-hidden />}
    </button>
  ) : (
    <span className="value-toggle" aria-hidden="true" />
  );
  if (!structured) {
    return (
      <div className={`ind-value${props.className ? ` ${props.className}` : ''}`}>
        {toggle}
        <DraftField
          draft={draft}
          id={fieldId.indicator(id, field)}
          label={label}
          multiline
          errorInline
          placeholder={props.placeholder}
          className={props.className}
          value={text}
          onChange={props.onChange}
          status={props.status}
          onEnter={props.onEnter}
          onKeyDown={props.onKeyDown}
        />
      </div>
    );
  }
  const cells = textCells(text);
  // Any change of a cell makes a value of the clerk's own: the sentence it came from goes.
  const set = (patch: Partial<typeof cells>, hold = false) =>
    props.onChange(cellsText({ ...cells, ...patch, source: null }), hold);
  const qualitative = cells.operator === QUALITATIVE;
  const errorId = `${fieldId.indicator(id, field)}-error`;
  return (
    <div className={`ind-value ind-structured${props.className ? ` ${props.className}` : ''}`}>
      {toggle}
      <div className="ind-struct-box">
        <div className="ind-struct">
          <Select
            id={fieldId.indicator(id, `${kind}Operator`)}
            aria-label={`${short}计算符号`}
            className="value-operator"
            placeholder="符号"
            value={cells.operator || undefined}
            options={OPERATOR_OPTIONS}
            showSearch={{ filterOption: filterOperator }}
            optionRender={(o) => (
              <span>
                {o.value} <span className="muted">{OPERATOR_WORDS[String(o.value)]}</span>
              </span>
            )}
            status={draft.error && cells.operator === '' ? 'error' : props.status}
            popupMatchSelectWidth={false}
            onFocus={draft.onFocus}
            onBlur={draft.onBlur}
            onChange={(op: string) => {
              set({ operator: op });
              draft.flush();
            }}
            onKeyDown={(e) => {
              if (e.altKey) props.onKeyDown(e);
            }}
          />
          <DraftField
            draft={draft}
            id={fieldId.indicator(id, field)}
            label={label}
            className="value-number"
            inputMode={qualitative ? 'text' : 'decimal'}
            placeholder={qualitative ? '等级' : '数值'}
            value={cells.value}
            onChange={(t, hold) => set({ value: t }, hold)}
            status={props.status}
            describedBy={draft.error ? errorId : undefined}
            onEnter={props.onEnter}
            onKeyDown={props.onKeyDown}
          />
          <DraftAutoComplete
            draft={draft}
            id={fieldId.indicator(id, `${kind}Unit`)}
            label={`${short}计量单位`}
            className="value-unit"
            options={unitOptions}
            placeholder="单位"
            value={cells.unit}
            onChange={(t, hold) => set({ unit: t }, hold)}
            status={props.status}
            title="计量单位：如 % 人次 个 万元（可从本表已用的单位中选择）"
            onKeyDown={(e) => {
              if (e.altKey) props.onKeyDown(e);
            }}
          />
        </div>
        {draft.error && (
          <span className="field-help" id={errorId} role="alert">
            {draft.error}
          </span>
        )}
        {props.stored?.kind === 'sentence' && props.stored.text.trim() !== '' && (
          <span className="muted value-source" title="保存为结构化之前，原文字不变">
            原文：{props.stored.text}
          </span>
        )}
      </div>
    </div>
  );
}

/** Repaints only when what it shows changes (see DraftField). */
export const ValueCell = memo(ValueCellView, (a, b) => {
  for (const k in b) {
    const key = k as keyof Props;
    if (key === 'draft') continue;
    if (a[key] !== b[key]) return false;
  }
  for (const k in a) if (!(k in b)) return false;
  return a.draft.error === b.draft.error && a.draft.onChange === b.draft.onChange;
});
