import {
  formatValue,
  QUALITATIVE,
  type IndicatorValue,
} from '../../../db/shared/indicator-value.ts';
import { printedIndicators } from '../../../db/shared/printed-order.ts';
import type {
  DocumentData,
  IndicatorData,
  ProjectData,
  UnitData,
} from '../../../db/shared/types.ts';
import { FIELD_FORMATS } from '../../layout/per-project.ts';
import { basisText } from '../build-fields.ts';
import type { DataColumn, DataValue } from './data-sheet.ts';
import { decimalNumber } from './numbers.ts';

/**
 * The indicator sheets of the national 预算管理一体化 system's import shape: one row per
 * indicator, its 年度指标值 on one sheet and its 实施周期指标值 on another. The system matches
 * these headers (and their synonyms) and stores 计算符号 in full-width forms (＝ ＞ ＜, ≥ ≤), as
 * the program does (db/shared/indicator-value.ts OPERATORS).
 */

/** An indicator with its place: `number` is its 序号, the same on both sheets. */
export interface IndicatorRecord {
  readonly number: number;
  readonly unit: UnitData;
  readonly project: ProjectData;
  readonly indicator: IndicatorData;
}

/** Every indicator of the document in printed order (units, projects, the tree's categories). */
export function indicatorRecords(doc: DocumentData): IndicatorRecord[] {
  const out: IndicatorRecord[] = [];
  for (const unit of doc.units) {
    for (const project of unit.projects) {
      for (const indicator of printedIndicators(project)) {
        out.push({ number: out.length + 1, unit, project, indicator });
      }
    }
  }
  return out;
}

/** True when the indicator has a 实施周期指标值 to write (a structured value, or a sentence). */
export function hasCycleValue(record: IndicatorRecord): boolean {
  const v = record.indicator.cycle;
  return v.kind === 'structured' || v.text.trim() !== '';
}

/**
 * 指标性质, 指标值, 计量单位 of a value: a structured value's 计算符号 as stored (≥ ＞ ＝ ＜ ≤ 定性),
 * its number as a number (text when a number would not keep its digits) and its unit; a
 * sentence is 定性 with the sentence whole as 指标值, as the system keeps a qualitative target.
 */
export function valueCells(v: IndicatorValue): [DataValue, DataValue, DataValue] {
  if (v.kind === 'sentence') {
    const text = v.text.trim();
    return text === '' ? ['', '', ''] : [QUALITATIVE, text, ''];
  }
  const parts = formatValue(v, 'split');
  if (v.operator === QUALITATIVE) return [QUALITATIVE, parts.value.trim(), parts.unit.trim()];
  const n = decimalNumber(parts.value.trim());
  return [v.operator, n ? { number: n.value, numFmt: n.numFmt } : parts.value, parts.unit.trim()];
}

function weightCell(weight: string | null): DataValue {
  if (weight === null) return null;
  const n = decimalNumber(weight);
  return n ? { number: n.value, numFmt: n.numFmt } : weight;
}

/** The columns of both indicator sheets; `value` picks the 年度 or the 实施周期 value. */
export function indicatorColumns(
  value: (i: IndicatorData) => IndicatorValue,
): DataColumn<IndicatorRecord>[] {
  const part = (k: 0 | 1 | 2) => (r: IndicatorRecord) => valueCells(value(r.indicator))[k];
  return [
    { header: '序号', width: 6, value: (r) => ({ number: r.number, numFmt: '0' }) },
    { header: '单位名称', width: 20, wrap: true, value: (r) => r.unit.name },
    { header: '项目名称', width: 28, wrap: true, value: (r) => r.project.name },
    { header: '一级指标', width: 12, value: (r) => r.indicator.level1.name },
    { header: '二级指标', width: 16, value: (r) => r.indicator.level2.name },
    { header: '三级指标', width: 30, wrap: true, value: (r) => r.indicator.name.trim() },
    { header: '指标性质', width: 10, value: part(0) },
    { header: '指标值', width: 24, wrap: true, value: part(1) },
    { header: '计量单位', width: 10, value: part(2) },
    { header: '权重', width: 7, value: (r) => weightCell(r.indicator.weight) },
    {
      header: '指标值设定依据',
      width: 24,
      wrap: true,
      value: (r) => basisText(r.indicator, FIELD_FORMATS),
    },
    { header: '指标解释', width: 30, wrap: true, value: (r) => r.indicator.explanation.trim() },
    { header: '指标方向', width: 10, value: (r) => r.indicator.polarity ?? '' },
  ];
}
