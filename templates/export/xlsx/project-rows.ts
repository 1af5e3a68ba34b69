import type { Cents, MoneyDisplay } from '../../../db/shared/money.ts';
import type { DocumentData, ProjectData, UnitData } from '../../../db/shared/types.ts';
import { FIELD_FORMATS } from '../../layout/per-project.ts';
import { projectFieldText } from '../build-fields.ts';
import type { DataColumn, DataValue } from './data-sheet.ts';
import { amountNumber, groupedFormat } from './numbers.ts';

/**
 * The 项目 sheet: one row per project (the national field set: amounts by source, 项目资金总额,
 * 上年结转, 实施期, 性质, 类别, 总体目标, 年度目标), the amounts as numbers in the document's unit,
 * which every amount header states (`财政拨款（万元）`). A unit without projects has a row of its
 * own with only its name, so that no unit is lost.
 */

export interface ProjectRecord {
  /** 序号 of the project (from 1); null on the row of a unit without projects. */
  readonly number: number | null;
  readonly unit: UnitData;
  readonly project: ProjectData | null;
}

export function projectRecords(doc: DocumentData): ProjectRecord[] {
  const out: ProjectRecord[] = [];
  let n = 0;
  for (const unit of doc.units) {
    if (unit.projects.length === 0) out.push({ number: null, unit, project: null });
    for (const project of unit.projects) out.push({ number: ++n, unit, project });
  }
  return out;
}

function amountCell(cents: Cents | null, money: MoneyDisplay): DataValue {
  if (cents === null) return null;
  const { value, decimals } = amountNumber(cents, money);
  return { number: value, numFmt: groupedFormat(decimals) };
}

export function projectColumns(doc: DocumentData): DataColumn<ProjectRecord>[] {
  const { money } = doc;
  const amount = (header: string, pick: (p: ProjectData) => Cents | null) => ({
    header: `${header}（${money.unit}）`,
    width: 14,
    value: (r: ProjectRecord) => (r.project ? amountCell(pick(r.project), money) : null),
  });
  const text =
    (field: Parameters<typeof projectFieldText>[0]) =>
    (r: ProjectRecord): string =>
      r.project ? projectFieldText(field, doc, r.unit, r.project, FIELD_FORMATS) : '';
  return [
    {
      header: '序号',
      width: 6,
      value: (r) => (r.number === null ? null : { number: r.number, numFmt: '0' }),
    },
    { header: '单位名称', width: 20, wrap: true, value: (r) => r.unit.name },
    { header: '项目名称', width: 28, wrap: true, value: (r) => r.project?.name ?? '' },
    amount('总计', (p) => p.totals.total),
    amount('财政拨款', (p) => p.totals.fiscal),
    amount('财政专户拨款', (p) => p.totals.specialAccount),
    amount('其他资金', (p) => p.totals.other),
    amount('项目资金总额', (p) => p.totalBudget),
    amount('上年结转', (p) => p.carryOver),
    { header: '实施期', width: 22, value: text('period') },
    { header: '项目性质', width: 12, value: text('nature') },
    { header: '项目类别', width: 12, value: text('category') },
    { header: '项目总体目标', width: 40, wrap: true, value: text('overallGoal') },
    { header: '年度目标', width: 40, wrap: true, value: text('goal') },
  ];
}
