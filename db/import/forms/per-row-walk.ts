import type { CellRow } from '../cell-rows.ts';
import { removeExtractionSpaces } from '../cjk-spaces.ts';
import {
  describeWhere,
  ImportError,
  note,
  type ImportNote,
  type Where,
  listSome,
} from '../source-where.ts';
import { PAGE_FURNITURE } from '../table-draft.ts';
import { readScoreLabel } from './category-match.ts';
import {
  INDICATOR_ROLES,
  isHeaderRow,
  isLabelRow,
  placeOfCell,
  PROJECT_DATA_ROLES,
  PROJECT_ROLES,
  type PerRowHeader,
  type PerRowRole,
  type ProjectRole,
} from './per-row-header.ts';
import { rowText } from './per-row-title.ts';

/**
 * The rows of a one-row-per-indicator sheet walked into projects and their indicator rows: a
 * project's cells on its first row (or on every row, or merged down), 一级/二级 carried down
 * over the rows they head, a truncated sheet read up to its cut. Several sheets walk into one
 * Walk, so a workbook of one sheet per unit is one table.
 */

/** `(空)`, `（空）`, `空`, `无`, `/`, `-`: a cell left empty on purpose. */
const EMPTY_MARK = /^(?:[(（]空[)）]|空|无|[-—－/／\\]|——)$/u;

/** A truncation marker as excerpts and cut downloads end: the text before it is what there is. */
const CUT_MARK =
  /\s*(?:\[(?:excerpt[^\]]*|truncated[^\]]*|截断|以下省略|未完)\]|【(?:截断|以下省略|未完)】)\s*$/iu;
/** A cell broken off mid-word at the very end of the source (`数量指...`). */
const CUT_ELLIPSIS = /(?<=[^.…\s])(?:\.{3,}|…{1,2})$/u;

/** Page numbers, and the footers and signatures under a sheet: not rows of the table. */
const FOOTER =
  /^(?:填表人|填报人|联系电话|填报日期|单位负责人|审核人|财政部门审核意见|主管部门审核意见|部门审核意见|审核意见|单位(?:公章|盖章)|盖章|制表|注[:：]|说明[:：])/u;

export interface RawRow {
  readonly row: CellRow;
  readonly cells: readonly string[];
}

/** A row's cell for a role, '' when the table has no such column or the cell says 空. */
export function roleCell(cells: readonly string[], header: PerRowHeader, role: PerRowRole): string {
  const column = header.columns[role];
  if (column === undefined) return '';
  const t = (cells[column] ?? '').trim();
  return EMPTY_MARK.test(t) ? '' : t;
}

/** The place of a row's cell for a role (its column where the source has columns). */
export function roleWhere(where: Where, header: PerRowHeader, role: PerRowRole): Where {
  const column = header.columns[role];
  return column === undefined ? where : placeOfCell(where, column, header.positional);
}

export type ProjectCells = Readonly<Record<ProjectRole, string>>;

export interface ProjectAcc {
  readonly name: string;
  readonly unit: string;
  readonly where: Where;
  /** The header the project's cells were read under (for their columns in messages). */
  readonly header: PerRowHeader;
  readonly cells: ProjectCells;
  readonly rows: IndicatorRow[];
}

export interface IndicatorRow {
  readonly where: Where;
  readonly level1: string;
  readonly level2: string;
  /** 一级 printed on this row (not carried down from a row above). */
  readonly level1Given: boolean;
  readonly name: string;
  readonly cells: RawRow;
  readonly header: PerRowHeader;
  /** The same indicator's row on a sheet of 实施周期 values, when the workbook has one. */
  cycle?: { readonly cells: RawRow; readonly header: PerRowHeader };
  /** A row of the 实施周期 sheet with no 年度 row: its value is the cycle's only. */
  readonly cycleOnly?: boolean;
}

export interface Walk {
  /** Projects by unit name ('' when the sheet names no unit), in the order they came. */
  readonly units: Map<string, ProjectAcc[]>;
  readonly emptyRows: { where: Where; category: string; project: string }[];
  cut: { where: Where; project: string; indicator: string | null } | null;
}

export function newWalk(): Walk {
  return { units: new Map(), emptyRows: [], cut: null };
}

export interface WalkOptions {
  /** The sheet keeps its columns (a workbook's, a CSV's): trailing empty cells are dropped. */
  readonly positional: boolean;
  /** The unit of a sheet with no 单位 column (`单位名称：…` above it, or its name). */
  readonly unit: string;
}

export function walkRows(
  rows: readonly CellRow[],
  header: PerRowHeader,
  notes: ImportNote[],
  walk: Walk,
  options: WalkOptions,
): void {
  let project: ProjectAcc | null = null;
  let unitName = options.unit;
  let level1 = '';
  let level2 = '';
  const short: Where[] = [];

  for (let i = header.bodyStart; i < rows.length; i++) {
    const row = rows[i]!;
    const atEnd = i === rows.length - 1;
    const cut = cutCells(row.cells, atEnd);
    const text = rowText(row);
    if (isStrayLine(row, cut, options.positional)) {
      // A line of its own: page numbers, a footer, a note under the table, a title repeated.
      if (PAGE_FURNITURE.some((re) => re.test(text)) || FOOTER.test(text)) continue;
      notes.push(note('warning', row.where, `“${clip(text)}”不是表格中的一行（只有一栏），已忽略`));
      continue;
    }
    if (FOOTER.test(cut.cells.find((c) => c.trim() !== '') ?? '')) continue;
    if (isHeaderRow(row) || isLabelRow(row)) continue; // the header repeated on a later page
    // A workbook drops a row's empty cells at its end: only a marked cut is a cut there.
    const truncated =
      cut.cut ||
      (!options.positional && atEnd && cut.cells.length < header.width && cut.cells.length > 1);
    if (!options.positional && !truncated && cut.cells.length < header.width) short.push(row.where);
    const raw: RawRow = { row, cells: cut.cells };
    const get = (role: PerRowRole) => roleCell(cut.cells, header, role);

    const unitText = removeExtractionSpaces(get('unit'));
    const projectText = removeExtractionSpaces(get('project'));
    if (unitText !== '' && unitText !== unitName) {
      unitName = unitText;
      if (projectText === '') {
        throw new ImportError(
          roleWhere(row.where, header, 'project'),
          `单位“${unitText}”的第一行没有项目名称`,
        );
      }
    }
    if (
      projectText !== '' &&
      (project === null || projectText !== project.name || project.unit !== unitName)
    ) {
      if (unitName === '' && header.columns.unit !== undefined) {
        throw new ImportError(
          roleWhere(row.where, header, 'unit'),
          `项目“${projectText}”没有所属单位（“单位”栏为空）`,
        );
      }
      const cells = Object.fromEntries(PROJECT_ROLES.map((r) => [r, get(r)])) as Record<
        ProjectRole,
        string
      >;
      project = {
        name: projectText,
        unit: unitName,
        where: row.where,
        header,
        cells: { ...cells, unit: unitName, project: projectText },
        rows: [],
      };
      const list = walk.units.get(unitName) ?? [];
      list.push(project);
      walk.units.set(unitName, list);
      level1 = '';
      level2 = '';
    } else if (project !== null) {
      reportRepeated(project, raw, get, notes);
    }
    const indicatorCells = INDICATOR_ROLES.map((r) => get(r));
    if (indicatorCells.every((c) => c === '')) {
      // Only the project's cells (a project with no indicator), or a row cut before them.
      if (truncated) walk.cut = { where: row.where, project: project?.name ?? '', indicator: null };
      if (project === null && !truncated) {
        throw new ImportError(
          roleWhere(row.where, header, 'project'),
          '表格第一行没有项目名称（“项目”栏为空）',
        );
      }
      if (truncated) break;
      continue;
    }
    if (project === null) {
      throw new ImportError(
        roleWhere(row.where, header, 'project'),
        '表格第一行没有项目名称（“项目”栏为空）',
      );
    }
    const l1 = get('level1');
    const l2 = get('level2');
    if (l1 !== '' && l1 !== level1) {
      level1 = l1;
      level2 = '';
    }
    if (l2 !== '') level2 = l2;
    const name = removeExtractionSpaces(get('level3'));
    const valueCells = (['cycle', 'operator', 'value', 'measure'] as const).map((r) => get(r));
    if (name === '' && valueCells.every((c) => c === '')) {
      // `效益指标 | 经济效益指标 | (空) | (空)`: the category left empty on purpose.
      walk.emptyRows.push({
        where: row.where,
        category: readScoreLabel(level2 || level1).name,
        project: project.name,
      });
      if (truncated) {
        walk.cut = { where: row.where, project: project.name, indicator: null };
        break;
      }
      continue;
    }
    if (truncated && name === '') {
      walk.cut = { where: row.where, project: project.name, indicator: null };
      break;
    }
    project.rows.push({
      where: row.where,
      level1,
      level2,
      level1Given: l1 !== '',
      name,
      cells: raw,
      header,
    });
    if (truncated) {
      walk.cut = { where: row.where, project: project.name, indicator: name };
      break;
    }
  }
  if (short.length > 0) {
    notes.push(
      note(
        'warning',
        short[0]!,
        `${short.length} 行的栏数少于表头的 ${header.width} 栏，缺少的栏按空白读取：${listSome(short.map(describeWhere))}`,
      ),
    );
  }
}

/**
 * A line that is no row of the table: one cell in a text; in a sheet, one filled cell in the
 * first column or across the table (a note, a footer), where a row of the table fills more.
 */
function isStrayLine(
  row: CellRow,
  cut: { cells: readonly string[]; cut: boolean },
  positional: boolean,
): boolean {
  if (cut.cut) return false;
  if (!positional) return cut.cells.length <= 1;
  const filled = cut.cells.flatMap((c, i) => (c.trim() === '' ? [] : [i]));
  if (filled.length === 0) return true;
  if (filled.length > 1) return false;
  const only = filled[0]!;
  return only === 0 || (row.spans?.[only] ?? 1) > 1;
}

/** A row's cells up to a truncation marker; `cut` when the row (and the source) stops there. */
function cutCells(cells: readonly string[], atEnd: boolean): { cells: string[]; cut: boolean } {
  const out: string[] = [];
  for (const cell of cells) {
    const m = CUT_MARK.exec(cell);
    if (m) {
      out.push(
        cell
          .slice(0, m.index)
          .replace(/\s*(?:\.{3,}|…+)\s*$/u, '')
          .trim(),
      );
      return { cells: out, cut: true };
    }
    out.push(cell);
  }
  const last = out[out.length - 1];
  if (atEnd && last !== undefined && CUT_ELLIPSIS.test(last)) {
    out[out.length - 1] = last.replace(CUT_ELLIPSIS, '');
    return { cells: out, cut: true };
  }
  return { cells: out, cut: false };
}

/**
 * A project's cells printed again on a later row (a sheet that fills them on every row, or a
 * PDF repeating a merged cell after a page break): the same text is nothing new; different text
 * is reported, the first row's kept.
 */
function reportRepeated(
  project: ProjectAcc,
  raw: RawRow,
  get: (role: PerRowRole) => string,
  notes: ImportNote[],
): void {
  for (const role of PROJECT_DATA_ROLES) {
    const again = get(role);
    const first = project.cells[role];
    if (again === '' || again === first) continue;
    // A merged cell repeated after a page break shows what fits: a beginning of the same text.
    if (
      (role === 'goal' || role === 'overallGoal') &&
      first.startsWith(again.replace(/[.…]+$/u, ''))
    )
      continue;
    notes.push(
      note(
        'warning',
        roleWhere(raw.row.where, project.header, role),
        `项目“${project.name}”此行的“${ROLE_NAMES[role]}”为“${clip(again)}”，与项目第一行（${describeWhere(project.where)}）的“${clip(first)}”不同；按第一行导入，请核对`,
      ),
    );
  }
}

export const ROLE_NAMES: Readonly<Record<PerRowRole, string>> = {
  unit: '单位',
  project: '项目',
  total: '预算数',
  fiscal: '财政拨款',
  specialAccount: '财政专户拨款',
  other: '其他资金',
  totalBudget: '项目资金总额',
  carryOver: '上年结转',
  goal: '年度目标',
  overallGoal: '总体目标',
  period: '实施期',
  nature: '项目性质',
  category: '项目类别',
  level1: '一级指标',
  level2: '二级指标',
  level3: '三级指标',
  cycle: '实施周期指标值',
  operator: '指标性质',
  value: '指标值',
  measure: '计量单位',
  weight: '权重',
  basis: '指标值设定依据',
  explanation: '指标解释',
  polarity: '指标方向性',
};

export function clip(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

/** The walk's empty categories and its cut, as notes. */
export function reportWalk(walk: Walk, notes: ImportNote[]): void {
  if (walk.emptyRows.length > 0) {
    const e = walk.emptyRows;
    notes.push(
      note(
        'info',
        e[0]!.where,
        `${e.length} 行为有意留空的指标类别（如项目“${e[0]!.project}”的“${e[0]!.category}”），没有指标，未导入：${listSome(e.map((x) => describeWhere(x.where)))}`,
      ),
    );
  }
  if (walk.cut) {
    const c = walk.cut;
    const what = c.indicator
      ? `项目“${c.project}”的指标“${c.indicator}”`
      : c.project
        ? `项目“${c.project}”`
        : '表格';
    notes.push(
      note(
        'warning',
        c.where,
        `表格在${describeWhere(c.where)}（${what}）处中断，之后的内容缺失${c.indicator ? '，该行的指标值可能不完整' : ''}；已导入此前的全部内容，请补全`,
      ),
    );
  }
}
