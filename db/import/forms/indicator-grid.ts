import type { CellRow } from '../cell-rows.ts';
import type { Where } from '../table-draft.ts';
import { areLevel2Names, readScoreLabel, type ScoreRange } from './category-match.ts';
import { cellWhere } from '../source-where.ts';
import { alignUnder, columnsOf } from './form-cells.ts';
import { cellText, fieldOfLabel } from './header-labels.ts';
import { cutRow } from './truncation.ts';
import { normaliseOperator } from '../../shared/indicator-value.ts';

/**
 * The indicator grid of a per-project form: a header row naming its columns (一级指标 | 二级指标
 * | 三级指标 | 指标值 | 分值 | 指标解释 …, each optional but a name and a value), then one row
 * per 三级指标 with 一级/二级 merged down (empty cells carry the row above's). Columns are found
 * by their header labels, whatever their order; the rows are read into plain texts here and made
 * into indicators (tree, values) by project-form.ts.
 */

export const COLUMN_ROLES = [
  'level1',
  'level2',
  'level3',
  'cycle',
  'annual',
  'operator',
  'unit',
  'weight',
  'basis',
  'explanation',
  'polarity',
] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

/** Each column as messages name it. */
export const COLUMN_NAMES: Readonly<Record<ColumnRole, string>> = {
  level1: '一级指标',
  level2: '二级指标',
  level3: '三级指标',
  cycle: '实施周期指标值',
  annual: '指标值',
  operator: '计算符号',
  unit: '计量单位',
  weight: '分值（权重）',
  basis: '绩效标准',
  explanation: '指标解释',
  polarity: '指标方向',
};

/**
 * Header labels by role, tried in this order on each cell (so `指标值设定依据` is a basis column
 * before it is a value column, and `绩效标准(指标解释)` an explanation column).
 */
const ROLE_PATTERNS: readonly (readonly [ColumnRole, RegExp])[] = [
  ['level1', /一级指标/u],
  ['level2', /二级指标/u],
  ['level3', /三级指标|^(?:绩效)?指标名称$|^指标内容$/u],
  ['explanation', /指标解释|指标说明|指标内涵|指标定义/u],
  ['basis', /设定依据|绩效标准|评分标准|评价标准|指标来源|取值依据/u],
  ['polarity', /指标方向/u],
  ['operator', /^(?:指标性质|计算符号|运算符号?|比较符号?|符号)$/u],
  ['unit', /计量单位|度量单位|^单位$/u],
  ['weight', /分值|权重/u],
  ['cycle', /(?:实施期|实施周期|中期|总体|整体).{0,4}(?:指标值|目标值|值)/u],
  ['annual', /年度指标值|预期实现值|指标值|目标值|年度目标|^值$/u],
];

/** The role a grid header cell names, if any. */
export function columnRole(cell: string): ColumnRole | undefined {
  const t = cell.normalize('NFKC').replace(/\s+/gu, '');
  if (t === '') return undefined;
  return ROLE_PATTERNS.find(([, re]) => re.test(t))?.[0];
}

export interface GridHeader {
  /** Index of the header row in the rows searched. */
  readonly index: number;
  readonly where: Where;
  /** Column of each role present (the first column naming it). */
  readonly columns: Partial<Readonly<Record<ColumnRole, number>>>;
  /** The header cell of each role as printed (for notes). */
  readonly labels: Partial<Readonly<Record<ColumnRole, string>>>;
  readonly width: number;
  /**
   * A value printed split under its header in a second header row (`实施周期指标值` over 计算符号 |
   * 指标值 | 计量单位): the header row's cells as the data rows use them. Null for one header row.
   */
  readonly slots: readonly Slot[] | null;
  /** Header rows: 1, or 2 with a second row of split value heads. */
  readonly headerRows: number;
  /**
   * Name or value heads printed twice (中期 and 年度 indicators side by side): only the first
   * set is read, and the reader says so.
   */
  readonly repeated: readonly string[];
}

/**
 * A header cell as data rows fill it: one cell, or a split value: three cells (计算符号 |
 * 指标值 | 计量单位) when the value is structured, one (spanning the three) when it is a sentence.
 */
export type Slot = { readonly kind: 'single' } | { readonly kind: 'split' };

/**
 * The first row from `from` that is an indicator grid's header: it names an indicator column
 * (一级, 二级 or 三级) and a value column, and it is not a one-row-per-indicator table's (no
 * 项目名称 column: that is the per-row reader's layout).
 */
export function findGridHeader(rows: readonly CellRow[], from = 0): GridHeader | null {
  for (let i = from; i < rows.length; i++) {
    const header = gridHeaderOf(rows[i]!, i);
    if (!header) continue;
    const slots = rows[i + 1] ? splitSlots(rows[i]!.cells, rows[i + 1]!.cells) : null;
    return slots ? { ...header, slots, headerRows: 2 } : header;
  }
  return null;
}

/**
 * The slots of a header row over a second row of split value heads, or null when the next row
 * is not one: under each value header (实施周期指标值, 年度指标值) 计算符号, 指标值 and 计量单位;
 * under every other header one cell (empty: the header above is merged down over it).
 */
function splitSlots(head: readonly string[], sub: readonly string[]): Slot[] | null {
  if (!sub.some((c) => columnRole(c) === 'operator')) return null;
  if (sub.some((c) => c !== '' && columnRole(c) === undefined)) return null;
  const slots: Slot[] = [];
  let j = 0;
  for (const cell of head) {
    const role = columnRole(cell);
    if (
      (role === 'cycle' || role === 'annual') &&
      columnRole(sub[j] ?? '') === 'operator' &&
      columnRole(sub[j + 2] ?? '') === 'unit'
    ) {
      slots.push({ kind: 'split' });
      j += 3;
    } else {
      if ((sub[j] ?? '') !== '') return null;
      slots.push({ kind: 'single' });
      j += 1;
    }
  }
  return j === sub.length && slots.some((s) => s.kind === 'split') ? slots : null;
}

/** A split value's three cells. */
export interface ValueParts {
  readonly operator: string;
  readonly value: string;
  readonly unit: string;
}

/**
 * A data row of a grid with split values, in the header row's cells: a structured value's three
 * cells joined in its slot (and kept apart in `parts`), a sentence in its one. Which values are
 * split is told by the row's length where it can be, else by an operator in the first cell.
 */
function fitSlots(
  cells: readonly string[],
  slots: readonly Slot[],
): { cells: string[]; parts: Map<number, ValueParts> } {
  const groups = slots.filter((s) => s.kind === 'split').length;
  const extra = cells.length - slots.length;
  // Each split value printed in three cells adds two.
  let triples = extra >= 0 && extra % 2 === 0 ? Math.min(extra / 2, groups) : -1;
  let groupsLeft = groups;
  const out: string[] = [];
  const parts = new Map<number, ValueParts>();
  let p = 0;
  slots.forEach((slot, i) => {
    if (slot.kind === 'single') {
      out.push(cells[p++] ?? '');
      return;
    }
    const three =
      triples === groupsLeft
        ? true
        : triples === 0
          ? false
          : normaliseOperator(cells[p] ?? '') !== undefined && p + 3 <= cells.length;
    groupsLeft--;
    if (three) {
      if (triples > 0) triples--;
      const [operator = '', value = '', unit = ''] = cells.slice(p, p + 3);
      parts.set(i, { operator, value, unit });
      out.push(`${operator}${value}${unit}`);
      p += 3;
    } else {
      out.push(cells[p++] ?? '');
    }
  });
  return { cells: out, parts };
}

function gridHeaderOf(row: CellRow, index: number): GridHeader | null {
  if (row.cells.length < 2) return null;
  if (row.cells.some((c) => fieldOfLabel(c) === 'name')) return null;
  const columns: Partial<Record<ColumnRole, number>> = {};
  const labels: Partial<Record<ColumnRole, string>> = {};
  const repeated: string[] = [];
  row.cells.forEach((cell, i) => {
    const role = columnRole(cell);
    if (role !== undefined && columns[role] === undefined) {
      columns[role] = i;
      labels[role] = cell;
    } else if (role === 'level2' || role === 'level3' || role === 'annual' || role === 'cycle') {
      repeated.push(cell);
    }
  });
  const names = ['level1', 'level2', 'level3'].filter(
    (r) => columns[r as ColumnRole] !== undefined,
  );
  const hasValue = columns.annual !== undefined || columns.cycle !== undefined;
  if (names.length < 2 || !hasValue) return null;
  return {
    index,
    where: row.where,
    columns,
    labels,
    width: row.cells.length,
    slots: null,
    headerRows: 1,
    repeated,
  };
}

/** A row after the grid: the signature and review block. */
const FOOTER =
  /审核意见|审批意见|填表人|填报人|联系电话|负责人|盖章|公章|填报日期|审核人|保障.{0,8}措施/u;

export function isFooterRow(row: CellRow): boolean {
  const first = row.cells.find((c) => c.trim() !== '') ?? '';
  return FOOTER.test(first.normalize('NFKC').replace(/\s+/gu, ''));
}

export interface GridRow {
  readonly where: Where;
  /** The place of the row's cell of a column (its sheet column in a workbook). */
  readonly cellWhere: (role: ColumnRole) => Where;
  /** The first level as printed (with its score label), carried down; '' when none. */
  readonly level1: string;
  /** The second level as printed, carried down; '' when the table gives none. */
  readonly level2: string;
  readonly level3: string;
  readonly cycle: string | null;
  readonly annual: string | null;
  /** The value's three cells, when printed split under a second header row. */
  readonly cycleParts: ValueParts | null;
  readonly annualParts: ValueParts | null;
  readonly operator: string | null;
  readonly unit: string | null;
  readonly weight: string | null;
  readonly basis: string | null;
  readonly explanation: string | null;
  readonly polarity: string | null;
}

export interface EmptyCategory {
  readonly where: Where;
  readonly level1: string;
  readonly level2: string;
}

export interface ScoreLabelSeen {
  readonly where: Where;
  readonly printed: string;
  readonly name: string;
  readonly score: ScoreRange;
}

export interface GridCut {
  readonly where: Where;
  /** What the cut row still held (`产出指标(40-50)分 / 数量指`). */
  readonly held: string;
  /** The text left in the cell the cut fell in (`>`, `数量指`). */
  readonly cell: string;
  /** The role of the column the cut fell in; null for a row found short at the source's end. */
  readonly column: ColumnRole | null;
  /** True when the cut row was imported (its indicator's name is whole). */
  readonly imported: boolean;
}

export interface GridRead {
  readonly header: GridHeader;
  /** True when the column labelled 一级 holds second-level names (no 三级 column). */
  readonly shifted: boolean;
  readonly rows: readonly GridRow[];
  /** Second-level categories printed with no indicator: left empty on purpose. */
  readonly emptyCategories: readonly EmptyCategory[];
  /** Rows without a 三级指标 name but with something else (imported with the name empty). */
  readonly namelessRows: readonly Where[];
  readonly scoreLabels: readonly ScoreLabelSeen[];
  readonly cut: GridCut | null;
  /** Index (in the rows given) of the first row after the grid. */
  readonly end: number;
}

/**
 * Reads the grid's rows from just after its header to the first footer row, one-cell row (a
 * heading, a title) or a cut. `atEnd`: the rows end where the source ends, so a short last row
 * may be a cut.
 */
export function readGrid(rows: readonly CellRow[], header: GridHeader, atEnd: boolean): GridRead {
  const first = header.index + header.headerRows;
  let end = first;
  while (end < rows.length && rows[end]!.cells.length > 1 && !isFooterRow(rows[end]!)) end++;
  const body = alignedBody(rows, header, first, end);
  const { columns, shifted } = settleColumns(header, body);
  // A workbook's row is under its header's cells: a column's cell is in its header's column.
  const headStarts = columnsOf(rows[header.index]!);

  const out: GridRow[] = [];
  const emptyCategories: EmptyCategory[] = [];
  const namelessRows: Where[] = [];
  const scoreLabels: ScoreLabelSeen[] = [];
  const filled = new Set<string>();
  const printedEmpty: EmptyCategory[] = [];
  let cut: GridCut | null = null;
  let level1 = '';
  let level2 = '';

  for (let k = 0; k < body.length; k++) {
    const row = body[k]!;
    const last = atEnd && first + k === rows.length - 1;
    const cutRead = cutRow(row.cells, last);
    const fitted = header.slots ? fitSlots(cutRead.cells, header.slots) : null;
    const cells = (fitted?.cells ?? cutRead.cells).map(cellText);
    const partsOf = (role: ColumnRole): ValueParts | null => {
      const c = columns[role];
      return c === undefined ? null : (fitted?.parts.get(c) ?? null);
    };
    const at = (role: ColumnRole): string | null => {
      const c = columns[role];
      return c === undefined ? null : (cells[c] ?? '');
    };
    const c1 = at('level1') ?? '';
    const c2 = at('level2') ?? '';
    const c3 = at('level3') ?? '';
    if (c1 !== '') {
      if (c1 !== level1) level2 = '';
      level1 = c1;
      const label = readScoreLabel(c1);
      if (label.score && !scoreLabels.some((s) => s.printed === c1)) {
        scoreLabels.push({ where: row.where, printed: c1, name: label.name, score: label.score });
      }
    }
    if (c2 !== '') level2 = c2;

    if (cutRead.cut) {
      const column = roleAt(columns, cells.length - 1);
      const nameWhole = column !== 'level1' && column !== 'level2' && column !== 'level3';
      const held = cells.filter((c) => c !== '').join(' / ');
      cut = {
        where: row.where,
        held,
        cell: cells[cells.length - 1] ?? '',
        column,
        imported: nameWhole && c3 !== '',
      };
      if (!cut.imported) break;
    }
    if (cells.every((c) => c === '')) continue;

    const rest = (
      ['cycle', 'annual', 'operator', 'unit', 'weight', 'basis', 'explanation'] as const
    ).some((r) => (at(r) ?? '') !== '');
    if (c3 === '' && !rest) {
      printedEmpty.push({ where: row.where, level1, level2 });
      continue;
    }
    if (c3 === '') namelessRows.push(row.where);
    filled.add(`${level1}\u0000${level2}`);
    out.push({
      where: row.where,
      cellWhere: (role) => {
        const c = columns[role];
        return c === undefined || headStarts === undefined
          ? row.where
          : cellWhere(row.where, headStarts[c]!);
      },
      level1,
      level2,
      level3: c3,
      cycle: at('cycle'),
      annual: at('annual'),
      cycleParts: partsOf('cycle'),
      annualParts: partsOf('annual'),
      operator: at('operator'),
      unit: at('unit'),
      weight: at('weight'),
      basis: at('basis'),
      explanation: at('explanation'),
      polarity: at('polarity'),
    });
    if (cut) break;
  }
  // An empty row under a category that has indicators is a spare row, not a statement.
  for (const e of printedEmpty) {
    if (!filled.has(`${e.level1}\u0000${e.level2}`) && e.level2 !== '') emptyCategories.push(e);
  }

  const lastRow = body[body.length - 1];
  if (!cut && atEnd && end === rows.length && lastRow && lastRow.cells.length < header.width) {
    cut = {
      where: lastRow.where,
      held: lastRow.cells.filter((c) => c !== '').join(' / '),
      cell: lastRow.cells[lastRow.cells.length - 1] ?? '',
      column: null,
      imported: true,
    };
  }
  return {
    header,
    shifted,
    rows: out,
    emptyCategories,
    namelessRows,
    scoreLabels,
    cut,
    end,
  };
}

/**
 * The grid's rows from `first` to `end`, a workbook's put under its header's cells by the sheet
 * columns they start in: a row merged otherwise than its header (a name over two columns where
 * the header has one, `95` and `%` in two cells under one 指标值) is read as the header has it,
 * and the empty cells a sheet leaves off the end of a row are there. Under a value printed split
 * (a second header row of 计算符号 | 指标值 | 计量单位) each cell stays one. Text and a PDF's
 * rows are as printed.
 */
function alignedBody(
  rows: readonly CellRow[],
  header: GridHeader,
  first: number,
  end: number,
): CellRow[] {
  const body = rows.slice(first, end);
  const head = rows[header.index]!;
  const starts = columnsOf(head);
  if (starts === undefined) return body;
  const split = (k: number) => header.slots?.[k]?.kind === 'split';
  return body.map((row) => alignUnder(row, starts, split));
}

function roleAt(
  columns: Partial<Readonly<Record<ColumnRole, number>>>,
  index: number,
): ColumnRole | null {
  return COLUMN_ROLES.find((r) => columns[r] === index) ?? null;
}

/**
 * The columns as the rows use them. A grid with 一级 and 二级 but no 三级 column whose 一级
 * column holds second-level names (Ezhou: `数量指标 | 办公大楼日常维修维护次数 | … | 2280次`)
 * is read by its content: that column is the second level, the 二级 column the third.
 */
function settleColumns(
  header: GridHeader,
  body: readonly CellRow[],
): { columns: Partial<Record<ColumnRole, number>>; shifted: boolean } {
  const columns: Partial<Record<ColumnRole, number>> = { ...header.columns };
  if (
    columns.level3 === undefined &&
    columns.level1 !== undefined &&
    columns.level2 !== undefined
  ) {
    const firsts = body.map((r) => cellText(cutRow(r.cells, false).cells[columns.level1!]));
    if (areLevel2Names(firsts)) {
      columns.level3 = columns.level2;
      columns.level2 = columns.level1;
      delete columns.level1;
      return { columns, shifted: true };
    }
  }
  return { columns, shifted: false };
}
