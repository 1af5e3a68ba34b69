import type { CellRow } from '../cell-rows.ts';
import { cellWhere, whereOf, type Where } from '../source-where.ts';

/**
 * The header of a one-row-per-indicator table: which column holds what, found by the labels
 * regions print (the national 预算管理一体化 system's synonyms among them), in any order, on one
 * header row or on two (`绩效指标` merged over `一级指标 | 二级指标 | 三级指标`, `指标值` over
 * `计算符号 | 指标值 | 计量单位`, `资金来源` over `财政拨款 | 其他资金`).
 */

/** The layout as refusals and notes name it. */
export const PER_ROW_LAYOUT = '每行一个指标的汇总表';

/** A project's own cells; the rest of a row is its indicator's. */
export const PROJECT_ROLES = [
  'unit',
  'project',
  'total',
  'fiscal',
  'specialAccount',
  'other',
  'totalBudget',
  'carryOver',
  'goal',
  'overallGoal',
  'period',
  'nature',
  'category',
] as const;

/**
 * A project's cells beyond its unit and name: what makes a sheet a list of projects, and what
 * a later row of the project may print again (a merged cell repeated after a page break).
 */
export const PROJECT_DATA_ROLES = PROJECT_ROLES.filter(
  (r): r is Exclude<(typeof PROJECT_ROLES)[number], 'unit' | 'project'> =>
    r !== 'unit' && r !== 'project',
);

export const INDICATOR_ROLES = [
  'level1',
  'level2',
  'level3',
  'cycle',
  'operator',
  'value',
  'measure',
  'weight',
  'basis',
  'explanation',
  'polarity',
] as const;

export const PER_ROW_ROLES = [...PROJECT_ROLES, ...INDICATOR_ROLES] as const;
export type PerRowRole = (typeof PER_ROW_ROLES)[number];
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/**
 * Header labels by role, after width normalisation, without spaces and line breaks (`指标\n性质`
 * is `指标性质`) and without a unit in brackets (`预算数（万元）`, `权重（%）`). Exact labels only:
 * a loose match would take a sentence in a title row for a header. The national system's own
 * synonyms (二级指标/二级绩效指标, 指标名称/三级指标/三级指标名称, 计算符号/指标性质, 度量单位/
 * 计量单位) are among them.
 */
const LABELS: Readonly<Record<PerRowRole, RegExp>> = {
  unit: /^(?:单位|预算单位|实施单位|资金使用单位|单位名称|项目单位|项目实施单位|预算单位名称)$/u,
  project: /^(?:项目|项目名称|项目支出名称|预算项目|预算项目名称|二级项目名称)$/u,
  total:
    /^(?:预算数|年度资金|年度预算|年度预算数|预算金额|年度资金总额|资金总额|总计|金额|项目金额|项目资金|年度金额|合计)$/u,
  fiscal: /^(?:财政拨款|财政资金|一般公共预算拨款?|财政拨款资金)$/u,
  specialAccount: /^(?:财政专户拨款|财政专户管理资金|财政专户)$/u,
  other: /^(?:其他资金|其它资金)$/u,
  totalBudget: /^(?:项目资金总额|项目总金额|项目总投资|项目总预算|实施期资金总额)$/u,
  carryOver: /^(?:上年结转|上年结转资金|结转资金)$/u,
  goal: /^(?:年度目标|年度绩效目标|本年度绩效目标|绩效目标|年度主要目标)$/u,
  overallGoal: /^(?:总体目标|项目总体目标|实施期目标|实施期绩效目标|中长期目标)$/u,
  period: /^(?:实施期|实施周期|项目实施期|项目周期|起止时间|项目起止时间|实施期限)$/u,
  nature: /^(?:项目性质|项目属性)$/u,
  category: /^(?:项目类别|项目分类|项目类型)$/u,
  level1: /^一级(?:绩效)?指标(?:名称)?$/u,
  level2: /^二级(?:绩效)?指标(?:名称)?$/u,
  level3: /^(?:三级(?:绩效)?指标(?:名称)?|指标名称|绩效指标名称|指标内容)$/u,
  cycle: /^(?:实施周期指标值|实施期指标值|实施期目标值|实施周期目标值)$/u,
  operator: /^(?:指标性质|计算符号|运算符号?|比较符号?)$/u,
  value: /^(?:指标值|年度指标值|年度目标值|目标值|指标值及单位)$/u,
  measure: /^(?:计量单位|度量单位|指标单位|指标值单位)$/u,
  weight: /^(?:权重|分值|权重分值|指标权重|指标分值)$/u,
  basis: /^(?:指标值设定依据|设定依据|绩效标准|指标值确定依据|指标设定依据)$/u,
  explanation: /^(?:指标解释|指标说明)$/u,
  polarity: /^(?:指标方向性?|方向性)$/u,
};

/**
 * Labels of a header's second row that mean a part of a value only under a group such as
 * `指标值` (`符号 | 值 | 单位`); on their own `单位` is a unit's name column.
 */
const VALUE_PARTS: ReadonlyMap<string, PerRowRole> = new Map([
  ['符号', 'operator'],
  ['性质', 'operator'],
  ['值', 'value'],
  ['数值', 'value'],
  ['单位', 'measure'],
]);

/** A group over value parts: `指标值`, `年度指标值`, `绩效指标`. */
const VALUE_GROUP = /指标/u;

/** Header cells of no role that a header row may have besides (they do not make it data). */
const OTHER_LABELS =
  /^(?:序号|编号|备注|说明|绩效指标|资金来源|资金情况|项目资金|年度绩效指标|项目编码|项目代码|单位编码|单位代码|指标编码|指标代码|指标类型|是否核心指标|核心指标|评分标准|万元|元)$/u;

/** The widest search for a header: a title, a unit line and notes stand above it, no more. */
export const HEADER_SEARCH_ROWS = 30;

/** A header cell as compared: `预算数（万元）` → `预算数`, `指标\n性质` → `指标性质`. */
export function labelText(cell: string): string {
  return cell
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/^[*★☆※]+/u, '')
    .replace(/\((?:(?:金额)?单位:)?(?:万元|元|%|分)\)$/u, '');
}

export function perRowRole(cell: string): PerRowRole | undefined {
  const t = labelText(cell);
  if (t === '') return undefined;
  return PER_ROW_ROLES.find((role) => LABELS[role].test(t));
}

/** A cell a header row may hold: a role's label, a value part's, or another column's. */
function isHeaderCell(cell: string): boolean {
  const t = labelText(cell);
  return perRowRole(cell) !== undefined || VALUE_PARTS.has(t) || OTHER_LABELS.test(t);
}

export interface PerRowHeader {
  /** Index of the (first) header row in the rows searched. */
  readonly index: number;
  readonly where: Where;
  readonly columns: Partial<Readonly<Record<PerRowRole, number>>>;
  /** The label each role was found by, as printed (for notes). */
  readonly labels: Partial<Readonly<Record<PerRowRole, string>>>;
  /** How many cells the header has (its widest row). */
  readonly width: number;
  /** Index of the first row below the header (after its second row, if it has one). */
  readonly bodyStart: number;
  /** True when the header is two rows. */
  readonly twoRows: boolean;
  /** The rows keep their columns (a workbook's, a CSV's): a cell's place names its column. */
  readonly positional: boolean;
}

type Columns = Partial<Record<PerRowRole, number>>;

function isComplete(columns: Columns): boolean {
  return (
    columns.project !== undefined &&
    columns.level3 !== undefined &&
    (columns.level1 !== undefined || columns.level2 !== undefined) &&
    (columns.value !== undefined || columns.cycle !== undefined)
  );
}

function singleRow(row: CellRow): { columns: Columns; labels: Record<string, string> } {
  const columns: Columns = {};
  const labels: Record<string, string> = {};
  row.cells.forEach((cell, c) => {
    const role = perRowRole(cell);
    if (role !== undefined && columns[role] === undefined) {
      columns[role] = c;
      labels[role] = cell;
    }
  });
  return { columns, labels };
}

/**
 * The columns of a header of two rows whose cells stand where they stand in the sheet (a
 * workbook's rows): a label of the second row names its column; a cell of the first row names
 * its column only when no label of the second row stands under it (else it heads a group, as
 * `绩效指标` over `一级指标 | 二级指标 | 三级指标` does). A merged first-row cell spans what its
 * `spans` say; one without spans (a CSV) runs to the next filled cell.
 */
function twoRowsPositional(
  upper: CellRow,
  lower: CellRow,
): { columns: Columns; labels: Record<string, string> } {
  const width = Math.max(upper.cells.length, lower.cells.length);
  const columns: Columns = {};
  const labels: Record<string, string> = {};
  const take = (role: PerRowRole, c: number, label: string) => {
    if (columns[role] !== undefined) return;
    columns[role] = c;
    labels[role] = label;
  };
  for (let c = 0; c < width; c++) {
    const top = upper.cells[c] ?? '';
    if (top.trim() === '') continue;
    let end = c + 1;
    const span = upper.spans?.[c];
    if (span !== undefined && span > 1) end = c + span;
    else if (upper.spans === undefined) {
      while (end < width && (upper.cells[end] ?? '').trim() === '') end++;
    }
    const under: number[] = [];
    for (let k = c; k < end; k++) if ((lower.cells[k] ?? '').trim() !== '') under.push(k);
    if (under.length === 0) {
      const role = perRowRole(top);
      if (role !== undefined) take(role, c, top);
      continue;
    }
    // A group: the second row's labels name the columns under it.
    const group = labelText(top);
    for (const k of under) {
      const cell = lower.cells[k]!;
      const part = VALUE_PARTS.get(labelText(cell));
      const role = part !== undefined && VALUE_GROUP.test(group) ? part : perRowRole(cell);
      if (role !== undefined) take(role, k, `${top}/${cell}`);
    }
  }
  // Second-row labels under no first-row cell (the first row's cell merged down over them is
  // '' in the second row, so these are columns whose label is only in the second row).
  lower.cells.forEach((cell, k) => {
    if ((upper.cells[k] ?? '').trim() !== '' || coveredFromLeft(upper, k)) return;
    const role = perRowRole(cell);
    if (role !== undefined) take(role, k, cell);
  });
  return { columns, labels };
}

function coveredFromLeft(upper: CellRow, k: number): boolean {
  if (upper.spans !== undefined) {
    if (upper.spans[k] !== 0) return false;
    for (let j = k - 1; j >= 0; j--) {
      const s = upper.spans[j]!;
      if (s > 0) return j + s > k && (upper.cells[j] ?? '').trim() !== '';
    }
    return false;
  }
  for (let j = k - 1; j >= 0; j--) if ((upper.cells[j] ?? '').trim() !== '') return true;
  return false;
}

/**
 * A header of a text or a PDF's grid (merged cells already one cell, so the second row's cells
 * do not stand under the first's): the second row's labels add the roles the first lacks.
 */
function twoRowsLoose(
  first: { columns: Columns; labels: Record<string, string> },
  lower: CellRow,
): { columns: Columns; labels: Record<string, string> } {
  const columns: Columns = { ...first.columns };
  const labels = { ...first.labels };
  lower.cells.forEach((cell, c) => {
    const role = perRowRole(cell);
    if (role !== undefined && columns[role] === undefined) {
      columns[role] = c;
      labels[role] = cell;
    }
  });
  return { columns, labels };
}

/**
 * The place of a row's cell: with its column where the rows keep their columns (a CSV's too,
 * which has no sheet to name), as cellWhere (source-where.ts) gives it elsewhere.
 */
export function placeOfCell(where: Where, index: number, positional: boolean): Where {
  if (!positional) return cellWhere(where, index);
  return { ...whereOf(where), column: index + 1 };
}

/** A row that is a whole header by itself (the header repeated on a later page). */
export function isHeaderRow(row: CellRow): boolean {
  return isComplete(singleRow(row).columns);
}

/** A row of header labels only (a header's second row, or it repeated on a later page). */
export function isLabelRow(row: CellRow): boolean {
  const present = row.cells.filter((c) => c.trim() !== '');
  return (
    present.length > 0 &&
    present.some((c) => perRowRole(c) !== undefined || VALUE_PARTS.has(labelText(c))) &&
    present.every(isHeaderCell)
  );
}

/** True when rows keep their columns where the sheet has them (a workbook's or a CSV's). */
export function positionalRows(rows: readonly CellRow[]): boolean {
  return rows.some((r) => r.spans !== undefined || r.where.sheet !== undefined);
}

/**
 * The header of a one-row-per-indicator table within the first rows: a row (or two) naming a
 * project column and the indicator's columns (三级指标, 一级 or 二级, a value). A per-project
 * form has no project column in its grid (the project is in the form's header block), so the
 * two families never both match. `positional`: the rows keep their columns (a workbook, a CSV),
 * so a second header row's labels stand under the first's.
 */
export function findPerRowHeader(
  rows: readonly CellRow[],
  positional = positionalRows(rows),
): PerRowHeader | null {
  const last = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < last; i++) {
    const row = rows[i]!;
    const next = rows[i + 1];
    const secondRow = next !== undefined && isLabelRow(next);
    const one = singleRow(row);
    let found: { columns: Columns; labels: Record<string, string> } | null = null;
    let twoRows = false;
    if (secondRow && (positional || !isComplete(one.columns)) && maybeHeaderRow(row)) {
      const two = positional ? twoRowsPositional(row, next) : twoRowsLoose(one, next);
      if (isComplete(two.columns)) {
        found = two;
        twoRows = true;
      }
    }
    if (!found && isComplete(one.columns)) found = one;
    if (!found) continue;
    let bodyStart = i + (twoRows ? 2 : 1);
    // Further rows of labels (a header repeated, a third row of loose labels) are not data.
    if (!positional) {
      const columns = { ...found.columns };
      while (bodyStart < rows.length && isLabelRow(rows[bodyStart]!)) {
        rows[bodyStart]!.cells.forEach((cell, c) => {
          const role = perRowRole(cell);
          if (role !== undefined && columns[role] === undefined) columns[role] = c;
        });
        bodyStart++;
      }
      found = { ...found, columns };
    }
    const width = Math.max(row.cells.length, twoRows ? next!.cells.length : 0);
    return {
      index: i,
      where: row.where,
      columns: found.columns,
      labels: found.labels,
      width,
      bodyStart,
      twoRows,
      positional,
    };
  }
  return null;
}

/**
 * A first header row: labels, and perhaps a short heading of a group we do not know; not a
 * `单位名称：… | 单位：万元` line or a title.
 */
function maybeHeaderRow(row: CellRow): boolean {
  const filled = row.cells.filter((c) => c.trim() !== '');
  return (
    filled.some(isHeaderCell) &&
    filled.every((cell) => {
      const t = labelText(cell);
      return isHeaderCell(cell) || (t.length <= 8 && !/[\d:：]/u.test(t));
    })
  );
}

/**
 * The header of a sheet of projects (the national import shape's 项目 sheet): 项目名称 and at
 * least one of the project's fields, and no indicator column.
 */
export function findProjectHeader(rows: readonly CellRow[]): PerRowHeader | null {
  const last = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < last; i++) {
    const row = rows[i]!;
    const { columns, labels } = singleRow(row);
    if (columns.project === undefined || columns.level3 !== undefined) continue;
    if (!PROJECT_DATA_ROLES.some((r) => columns[r] !== undefined)) continue;
    // Labels only: a 申报表's `项目名称 | 某项目 | 项目类别 | …` rows are no header.
    const filled = row.cells.filter((c) => c.trim() !== '');
    if (filled.length < 3 || !filled.every(isHeaderCell)) continue;
    return {
      index: i,
      where: row.where,
      columns,
      labels,
      width: row.cells.length,
      bodyStart: i + 1,
      twoRows: false,
      positional: true,
    };
  }
  return null;
}
