import { UserError } from '../../shared/errors.ts';
import {
  parseBasisKind,
  parseWeight,
  printedValue,
  sameIndicatorValue,
} from '../../shared/indicator-fields.ts';
import { sentenceValue, type IndicatorValue } from '../../shared/indicator-value.ts';
import { addCents, ZERO, type Cents, type MoneyUnit } from '../../shared/money.ts';
import { standardTitle } from '../../shared/totals.ts';
import { TreeIndex } from '../../shared/tree.ts';
import type { Amounts } from '../../shared/types.ts';
import type { CellRow, CellSource } from '../cell-rows.ts';
import { removeExtractionSpaces } from '../cjk-spaces.ts';
import type { DraftIndicator, DraftProject, DraftUnit, TableDraft } from '../draft.ts';
import {
  displayFor,
  findMoneyUnit,
  parseMoneyCell,
  settleMoneyUnit,
  type FoundUnit,
} from '../money-unit.ts';
import {
  describeWhere,
  ImportError,
  note,
  type ImportNote,
  type ImportResult,
  type ReadOptions,
  type Where,
} from '../source-where.ts';
import { PAGE_FURNITURE, TITLE } from '../table-draft.ts';
import { chooseTreeForNames, matchCategory, readScoreLabel } from './category-match.ts';
import { readMergedValue, readSplitValue, type ReadValue } from './value-split.ts';

/**
 * Reads a one-row-per-indicator table: a whole department in one sheet, each row one 三级指标
 * with its project's cells (单位, 项目, 预算数, 年度目标) on the project's first row or merged down
 * over its rows, 一级/二级 merged down over their indicators — the sheet finance bureaus collect
 * targets in, and this program's own `per-row` print layout (templates/layout/per-row.ts). Columns
 * are found by their header labels, with the synonyms regions use, in any order; a merged cell
 * is an empty cell and carries the one above down.
 */

/** The layout as refusals and notes name it. */
export const PER_ROW_LAYOUT = '每行一个指标的汇总表';

/** A project's own cells; the rest of a row is its indicator's. */
const PROJECT_ROLES = [
  'unit',
  'project',
  'total',
  'fiscal',
  'specialAccount',
  'other',
  'goal',
  'overallGoal',
] as const;

export const PER_ROW_ROLES = [
  ...PROJECT_ROLES,
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
] as const;
export type PerRowRole = (typeof PER_ROW_ROLES)[number];

/**
 * Header labels by role, after width normalisation, without spaces and line breaks (`指标\n性质`
 * is `指标性质`) and without a unit of money in brackets (`预算数（万元）`). Exact labels only: a
 * loose match would take a sentence in a title row for a header.
 */
const LABELS: Readonly<Record<PerRowRole, RegExp>> = {
  unit: /^(?:单位|预算单位|实施单位|资金使用单位|单位名称|项目单位|项目实施单位)$/u,
  project: /^(?:项目|项目名称|项目支出名称)$/u,
  total: /^(?:预算数|年度资金|年度预算|年度预算数|预算金额|年度资金总额|资金总额|总计|金额)$/u,
  fiscal: /^(?:财政拨款|财政资金|一般公共预算拨款?)$/u,
  specialAccount: /^(?:财政专户拨款|财政专户管理资金|财政专户)$/u,
  other: /^(?:其他资金|其它资金)$/u,
  goal: /^(?:年度目标|年度绩效目标|本年度绩效目标|绩效目标|年度主要目标)$/u,
  overallGoal: /^(?:总体目标|项目总体目标|实施期目标|实施期绩效目标)$/u,
  level1: /^一级(?:绩效)?指标$/u,
  level2: /^二级(?:绩效)?指标$/u,
  level3: /^(?:三级(?:绩效)?指标(?:名称)?|指标名称)$/u,
  cycle: /^(?:实施周期指标值|实施期指标值|实施期目标值|实施周期目标值)$/u,
  operator: /^(?:指标性质|计算符号|运算符号?)$/u,
  value: /^(?:指标值|年度指标值|年度目标值|目标值|指标值及单位)$/u,
  measure: /^(?:计量单位|度量单位)$/u,
  weight: /^(?:权重|分值|权重分值)$/u,
  basis: /^(?:指标值设定依据|设定依据|绩效标准)$/u,
  explanation: /^(?:指标解释|指标说明)$/u,
};

/** A header cell as compared: `预算数（万元）` → `预算数`, `指标\n性质` → `指标性质`. */
function labelText(cell: string): string {
  return cell
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/\((?:单位:)?(?:万元|元|%)\)$/u, '');
}

export function perRowRole(cell: string): PerRowRole | undefined {
  const t = labelText(cell);
  if (t === '') return undefined;
  return PER_ROW_ROLES.find((role) => LABELS[role].test(t));
}

export interface PerRowHeader {
  /** Index of the header row in the source's rows. */
  readonly index: number;
  readonly where: Where;
  readonly columns: Partial<Readonly<Record<PerRowRole, number>>>;
  /** How many cells the header row has. */
  readonly width: number;
  /** Index of the first row below the header (after its second row, if it has one). */
  readonly bodyStart: number;
}

/** The header's roles in one row: the project and the indicator side by side. */
function headerOf(row: CellRow, index: number): PerRowHeader | null {
  const columns: Partial<Record<PerRowRole, number>> = {};
  row.cells.forEach((cell, c) => {
    const role = perRowRole(cell);
    if (role !== undefined && columns[role] === undefined) columns[role] = c;
  });
  const ok =
    columns.project !== undefined &&
    columns.level3 !== undefined &&
    (columns.level1 !== undefined || columns.level2 !== undefined) &&
    (columns.value !== undefined || columns.cycle !== undefined);
  return ok
    ? { index, where: row.where, columns, width: row.cells.length, bodyStart: index + 1 }
    : null;
}

/**
 * The header row of a one-row-per-indicator table: a row naming a project column and the
 * indicator's columns (三级指标, 一级 or 二级, a value). A per-project form has no project column
 * in its grid (the project is in the form's header block), so the two families never both match.
 */
export function findPerRowHeader(rows: readonly CellRow[]): PerRowHeader | null {
  for (let i = 0; i < rows.length; i++) {
    const h = headerOf(rows[i]!, i);
    if (!h) continue;
    // A header of two rows (`资金来源` over `财政拨款 | 其他资金`, as a Word table with merged
    // header cells copies): the second row's labels name their columns too.
    const columns: Partial<Record<PerRowRole, number>> = { ...h.columns };
    let next = i + 1;
    while (next < rows.length && isLabelRow(rows[next]!)) {
      rows[next]!.cells.forEach((cell, c) => {
        const role = perRowRole(cell);
        if (role !== undefined && columns[role] === undefined) columns[role] = c;
      });
      next++;
    }
    return { ...h, columns, bodyStart: next };
  }
  return null;
}

/** A row of header labels only (a header's second row, or it repeated on a later page). */
function isLabelRow(row: CellRow): boolean {
  const present = row.cells.filter((c) => c.trim() !== '');
  return present.length > 0 && present.every((c) => perRowRole(c) !== undefined);
}

// ---- the rows ------------------------------------------------------------------------------

/** `(空)`, `（空）`, `空`, `无`, `/`, `-`: a cell left empty on purpose. */
const EMPTY_MARK = /^(?:[(（]空[)）]|空|无|[-—－/／\\]|——)$/u;

function cellOf(row: CellRow, column: number | undefined): string {
  if (column === undefined) return '';
  const t = (row.cells[column] ?? '').trim();
  return EMPTY_MARK.test(t) ? '' : t;
}

/** A truncation marker as excerpts and cut downloads end: the text before it is what there is. */
const CUT_MARK =
  /\s*(?:\[(?:excerpt[^\]]*|truncated[^\]]*|截断|以下省略|未完)\]|【(?:截断|以下省略|未完)】)\s*$/iu;
/** A cell broken off mid-word at the very end of the source (`数量指...`). */
const CUT_ELLIPSIS = /(?<=[^.…\s])(?:\.{3,}|…{1,2})$/u;

/** Page numbers, and the footers and signatures under a sheet: not rows of the table. */
const FOOTER =
  /^(?:填表人|填报人|联系电话|填报日期|单位负责人|审核人|财政部门审核意见|主管部门审核意见|部门审核意见|审核意见|单位(?:公章|盖章)|盖章|制表)/u;

interface RawRow {
  readonly row: CellRow;
  readonly cells: readonly string[];
}

interface ProjectAcc {
  readonly name: string;
  readonly unit: string;
  readonly where: Where;
  readonly amountCells: Readonly<Record<'total' | 'fiscal' | 'specialAccount' | 'other', string>>;
  readonly goal: string;
  readonly overallGoal: string;
  readonly rows: IndicatorRow[];
}

interface IndicatorRow {
  readonly where: Where;
  readonly level1: string;
  readonly level2: string;
  readonly name: string;
  readonly cells: RawRow;
}

interface Walk {
  readonly units: Map<string, ProjectAcc[]>;
  readonly emptyRows: { where: Where; category: string; project: string }[];
  cut: { where: Where; project: string; indicator: string | null } | null;
}

export function readPerRowTable(source: CellSource, options: ReadOptions = {}): ImportResult {
  const notes: ImportNote[] = [];
  const rows = source.rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (rows.length === 0) throw new UserError('文件中没有可导入的内容');
  const header = findPerRowHeader(rows);
  if (!header) {
    throw new ImportError(
      rows[0]!.where,
      `不是${PER_ROW_LAYOUT}：找不到同时有“项目”“三级指标”“二级指标”“指标值”等栏目的表头行`,
    );
  }
  const above = rows.slice(0, header.index);
  const { department, year, title } = readTitle(above, header, options, notes);
  const unit = readUnit(rows, header, options, notes);
  const walk = walkRows(rows, header, notes);
  const draft = buildDraft(walk, header, { department, year, title, unit }, notes);
  reportWalk(walk, notes);
  return { draft, notes };
}

// ---- title, department, year, unit ---------------------------------------------------------

function rowText(row: CellRow): string {
  return row.cells.filter((c) => c !== '').join(' ');
}

const DEPARTMENT_LABEL = /^(?:部门名称|预算部门|主管部门|部门)\s*[:：]\s*(.*?)\s*$/u;
const YEAR_LABEL = /(?:预算年度|年度)\s*[:：]\s*((?:19|20)\d{2})/u;
const LOOSE_TITLE = /^(.*?)\s*((?:19|20)\d{2})\s*年度?/u;

function readTitle(
  above: readonly CellRow[],
  header: PerRowHeader,
  options: ReadOptions,
  notes: ImportNote[],
): { department: string; year: number; title: string | null } {
  let department: string | undefined;
  let year: number | undefined;
  let title: string | null = null;
  let titleDepartment: string | undefined;
  for (const row of above) {
    for (const cell of row.cells) {
      // `部门名称：X    单位：万元`: the department ends where the unit statement starts.
      const d = DEPARTMENT_LABEL.exec(cell.replace(/\s*(?:金额)?单\s*位\s*[:：].*$/u, ''));
      if (d && d[1] && department === undefined) department = removeExtractionSpaces(d[1]);
      const y = YEAR_LABEL.exec(cell);
      if (y && year === undefined) year = Number(y[1]);
    }
    const text = rowText(row);
    if (titleDepartment === undefined) {
      const m = TITLE.exec(text) ?? LOOSE_TITLE.exec(text);
      if (m && !DEPARTMENT_LABEL.test(text)) {
        titleDepartment = removeExtractionSpaces(m[1]!);
        if (year === undefined) year = Number(m[2]);
        if (TITLE.test(text))
          title = removeExtractionSpaces(text).replace(/(?<=\S)(?=\d{4}年)/u, ' ');
      }
    }
  }
  year ??= options.year;
  if (year === undefined) {
    throw new ImportError(
      above[0]?.where ?? header.where,
      `${PER_ROW_LAYOUT}的标题中找不到预算年度（如“2025年”）；请核对表格，或指定年度（命令行 --year 年度）`,
    );
  }
  if (year === options.year && !above.some((r) => rowText(r).includes(String(year)))) {
    notes.push(note('warning', header.where, `表格未注明预算年度，按指定的年度 ${year} 读取`));
  }
  department ??= titleDepartment;
  if (!department) {
    throw new ImportError(
      above[0]?.where ?? header.where,
      `${PER_ROW_LAYOUT}中找不到部门名称（“部门名称：…”一行，或标题中年度之前的部门名称）`,
    );
  }
  if (title !== null && title === standardTitle(department, year)) title = null;
  return { department, year, title };
}

/**
 * The unit of the amounts: stated above the table or in its header row (`预算数（万元）`). A
 * table without an amount column needs none (its projects' money is 0).
 */
function readUnit(
  rows: readonly CellRow[],
  header: PerRowHeader,
  options: ReadOptions,
  notes: ImportNote[],
): MoneyUnit {
  const lines = rows
    .slice(0, header.bodyStart)
    .map((r) => ({ text: r.cells.join(' | '), where: r.where }));
  const found: FoundUnit | null = findMoneyUnit(lines);
  const hasAmounts =
    header.columns.total !== undefined ||
    header.columns.fiscal !== undefined ||
    header.columns.specialAccount !== undefined ||
    header.columns.other !== undefined;
  if (!hasAmounts && !found) return options.unit ?? '万元';
  const settled = settleMoneyUnit(found, options.unit, rows[0]!.where, '表格');
  if (!settled.found) {
    notes.push(
      note('warning', header.where, `表格未注明金额单位，按指定的金额单位${settled.unit}读取`),
    );
  } else if (settled.unit === '元') {
    notes.push(
      note(
        'info',
        settled.found.where,
        `金额单位为元（“${settled.found.text}”）；文档金额以元显示`,
      ),
    );
  }
  return settled.unit;
}

// ---- walking the rows ----------------------------------------------------------------------

const INDICATOR_ROLES = PER_ROW_ROLES.filter(
  (r) => !(PROJECT_ROLES as readonly string[]).includes(r),
);

function walkRows(rows: readonly CellRow[], header: PerRowHeader, notes: ImportNote[]): Walk {
  const col = header.columns;
  const walk: Walk = { units: new Map(), emptyRows: [], cut: null };
  let project: ProjectAcc | null = null;
  let unitName = '';
  let level1 = '';
  let level2 = '';
  const short: Where[] = [];

  for (let i = header.bodyStart; i < rows.length; i++) {
    const row = rows[i]!;
    const atEnd = i === rows.length - 1;
    const cut = cutCells(row.cells, atEnd);
    const text = rowText(row);
    if (cut.cells.length <= 1 && !cut.cut) {
      // A line of its own: page numbers, a footer, a note under the table, a title repeated.
      if (PAGE_FURNITURE.some((re) => re.test(text)) || FOOTER.test(text)) continue;
      notes.push(note('warning', row.where, `“${clip(text)}”不是表格中的一行（只有一栏），已忽略`));
      continue;
    }
    if (FOOTER.test(cut.cells[0] ?? '')) continue;
    if (headerOf(row, i) || isLabelRow(row)) continue; // the header repeated on a later page
    const truncated = cut.cut || (atEnd && cut.cells.length < header.width && cut.cells.length > 1);
    if (!truncated && cut.cells.length < header.width) short.push(row.where);
    const raw: RawRow = { row, cells: cut.cells };
    const get = (role: PerRowRole) => cellOf({ cells: cut.cells, where: row.where }, col[role]);

    const unitText = removeExtractionSpaces(get('unit'));
    const projectText = removeExtractionSpaces(get('project'));
    if (unitText !== '' && unitText !== unitName) {
      unitName = unitText;
      if (projectText === '') {
        throw new ImportError(row.where, `单位“${unitText}”的第一行没有项目名称`);
      }
    }
    if (
      projectText !== '' &&
      (project === null || projectText !== project.name || project.unit !== unitName)
    ) {
      if (unitName === '' && col.unit !== undefined) {
        throw new ImportError(row.where, `项目“${projectText}”没有所属单位（“单位”栏为空）`);
      }
      project = {
        name: projectText,
        unit: unitName,
        where: row.where,
        amountCells: {
          total: get('total'),
          fiscal: get('fiscal'),
          specialAccount: get('specialAccount'),
          other: get('other'),
        },
        goal: get('goal'),
        overallGoal: get('overallGoal'),
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
        throw new ImportError(row.where, '表格第一行没有项目名称（“项目”栏为空）');
      }
      if (truncated) break;
      continue;
    }
    if (project === null) {
      throw new ImportError(row.where, '表格第一行没有项目名称（“项目”栏为空）');
    }
    const l1 = get('level1');
    const l2 = get('level2');
    if (l1 !== '' && l1 !== level1) {
      level1 = l1;
      level2 = '';
    }
    if (l2 !== '') level2 = l2;
    const name = removeExtractionSpaces(get('level3'));
    const valueCells = ['cycle', 'operator', 'value', 'measure'].map((r) => get(r as PerRowRole));
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
    project.rows.push({ where: row.where, level1, level2, name, cells: raw });
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
        `${short.length} 行的栏数少于表头的 ${header.width} 栏，缺少的栏按空白读取：${short.map(describeWhere).join('、')}`,
      ),
    );
  }
  return walk;
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
  const first: Record<string, string> = { ...project.amountCells, goal: project.goal };
  for (const role of ['total', 'fiscal', 'specialAccount', 'other', 'goal'] as const) {
    const again = get(role);
    if (again === '' || again === first[role]) continue;
    // A merged cell repeated after a page break shows what fits: a beginning of the same text.
    if (role === 'goal' && project.goal.startsWith(again.replace(/[.…]+$/u, ''))) continue;
    notes.push(
      note(
        'warning',
        raw.row.where,
        `项目“${project.name}”此行的“${ROLE_NAMES[role]}”为“${clip(again)}”，与项目第一行（${describeWhere(project.where)}）的“${clip(first[role]!)}”不同；按第一行导入，请核对`,
      ),
    );
  }
}

const ROLE_NAMES: Readonly<Record<PerRowRole, string>> = {
  unit: '单位',
  project: '项目',
  total: '预算数',
  fiscal: '财政拨款',
  specialAccount: '财政专户拨款',
  other: '其他资金',
  goal: '年度目标',
  overallGoal: '总体目标',
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
};

function clip(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

// ---- the draft -----------------------------------------------------------------------------

interface TitleParts {
  readonly department: string;
  readonly year: number;
  readonly title: string | null;
  readonly unit: MoneyUnit;
}

function buildDraft(
  walk: Walk,
  header: PerRowHeader,
  head: TitleParts,
  notes: ImportNote[],
): TableDraft {
  if (walk.units.size === 0) {
    throw new ImportError(header.where, `${PER_ROW_LAYOUT}的表头之下没有项目`);
  }
  const all = [...walk.units.values()].flat();
  const choice = chooseTreeForNames(
    all.flatMap((p) => p.rows.map((r) => r.level1)).filter((n) => n !== ''),
  );
  const tree = new TreeIndex(choice.tree);
  if (choice.reason) notes.push(note('info', header.where, choice.reason));
  const values = new ValueNotes();
  const amounts: Cents[] = [];
  const columns = sourceColumns(header);
  let inferredFiscal = 0;
  const units: DraftUnit[] = [...walk.units.entries()].map(([name, projects]) => ({
    name: name === '' ? head.department : name,
    projects: projects.map((p): DraftProject => {
      const money = readAmounts(p, head.unit, columns, notes);
      if (money.inferredFiscal) inferredFiscal++;
      amounts.push(money.amounts.fiscal, money.amounts.specialAccount, money.amounts.other);
      return {
        name: p.name,
        amounts: money.amounts,
        goal: p.goal,
        ...(p.overallGoal === '' ? {} : { overallGoal: p.overallGoal }),
        indicators: p.rows.map((r) => readIndicator(r, p, header, tree, values, notes)),
      };
    }),
  }));
  if (header.columns.unit === undefined) {
    notes.push(
      note(
        'info',
        header.where,
        `表格没有“单位”栏：项目归入以部门名称“${head.department}”命名的单位`,
      ),
    );
  }
  if (inferredFiscal > 0) {
    notes.push(
      note(
        'info',
        header.where,
        columns === 'total-only'
          ? `表格未分列资金来源：${inferredFiscal} 个项目的预算数按财政拨款导入`
          : `表格不列财政拨款：${inferredFiscal} 个项目的财政拨款按预算数减去财政专户拨款、其他资金得出`,
      ),
    );
  }
  values.report(notes);
  return {
    department: head.department,
    year: head.year,
    title: head.title,
    tree: choice.tree,
    money: displayFor(head.unit, amounts),
    units,
  };
}

/**
 * How a table gives a project's money: its 预算数 alone (all 财政拨款), the sources without
 * 财政拨款 (this program's per-row layout prints 财政专户拨款 and 其他资金 only when some project
 * has them: 财政拨款 is 预算数 less these), or every source.
 */
type SourceColumns = 'total-only' | 'fiscal-derived' | 'all';

function sourceColumns(header: PerRowHeader): SourceColumns {
  const c = header.columns;
  if (c.fiscal !== undefined || c.total === undefined) return 'all';
  return c.specialAccount === undefined && c.other === undefined ? 'total-only' : 'fiscal-derived';
}

function readAmounts(
  p: ProjectAcc,
  unit: MoneyUnit,
  columns: SourceColumns,
  notes: ImportNote[],
): { amounts: Amounts; inferredFiscal: boolean } {
  const read = (role: 'total' | 'fiscal' | 'specialAccount' | 'other'): Cents => {
    const text = p.amountCells[role].replace(/\s+/gu, '');
    if (text === '') return ZERO;
    const c = parseMoneyCell(text, unit);
    if (c === null) {
      throw new ImportError(
        p.where,
        `项目“${p.name}”的“${ROLE_NAMES[role]}”栏“${text}”不是金额（单位${unit}）`,
      );
    }
    return c;
  };
  const total = read('total');
  const specialAccount = read('specialAccount');
  const other = read('other');
  if (columns !== 'all') {
    const fiscal = total - specialAccount - other;
    if (fiscal < 0) {
      throw new ImportError(
        p.where,
        `项目“${p.name}”的预算数“${p.amountCells.total}”小于财政专户拨款与其他资金之和，无法得出财政拨款`,
      );
    }
    return {
      amounts: { fiscal: fiscal as Cents, specialAccount, other },
      inferredFiscal: fiscal !== 0,
    };
  }
  const amounts = { fiscal: read('fiscal'), specialAccount, other };
  const sum = addCents(amounts.fiscal, amounts.specialAccount, amounts.other);
  if (sum === 0 && total !== 0) {
    notes.push(
      note('warning', p.where, `项目“${p.name}”只填了预算数，没有资金来源；按财政拨款导入，请核对`),
    );
    return { amounts: { ...amounts, fiscal: total }, inferredFiscal: false };
  }
  if (p.amountCells.total !== '' && sum !== total) {
    notes.push(
      note(
        'warning',
        p.where,
        `项目“${p.name}”的预算数“${p.amountCells.total}”与各资金来源之和不一致；按各资金来源导入`,
      ),
    );
  }
  return { amounts, inferredFiscal: false };
}

/** Value reading as one list of notes per kind, not one note per indicator. */
class ValueNotes {
  readonly implied: Where[] = [];
  readonly rewritten: { where: Where; from: string; to: string }[] = [];

  note(read: ReadValue, where: Where): void {
    if (read.value.kind === 'structured' && read.operatorImplied) this.implied.push(where);
    if (read.rewrittenAs !== null)
      this.rewritten.push({ where, from: read.text, to: read.rewrittenAs });
  }

  report(notes: ImportNote[]): void {
    if (this.implied.length > 0) {
      notes.push(
        note(
          'info',
          this.implied[0]!,
          `${this.implied.length} 个指标值只有数值和单位（如“10辆”），读作“＝”的结构化指标值：${this.implied.map(describeWhere).join('、')}`,
        ),
      );
    }
    for (const r of this.rewritten) {
      notes.push(note('info', r.where, `指标值“${r.from}”读作“${r.to}”`));
    }
  }
}

function readIndicator(
  r: IndicatorRow,
  p: ProjectAcc,
  header: PerRowHeader,
  tree: TreeIndex,
  values: ValueNotes,
  notes: ImportNote[],
): DraftIndicator {
  const col = header.columns;
  const get = (role: PerRowRole) => cellOf({ cells: r.cells.cells, where: r.where }, col[role]);
  const at = `项目“${p.name}”的指标“${r.name || '（无名称）'}”`;
  if (r.level2 === '') {
    throw new ImportError(r.where, `${at}没有二级指标（“二级指标”栏为空，上方也没有可沿用的）`);
  }
  const match = matchCategory(tree, r.level1 === '' ? null : r.level1, r.level2);
  if (!match.ok) throw new ImportError(r.where, `${at}：${match.message}`);
  if (match.warning) notes.push(note('warning', r.where, `${at}：${match.warning}`));
  if (r.name === '') notes.push(note('warning', r.where, `${at}：三级指标名称为空，请补填`));

  const hasOperator = col.operator !== undefined;
  const annualRead = readAnnual(get, hasOperator, col.measure !== undefined, r.where, at, notes);
  values.note(annualRead, r.where);
  const annual = annualRead.value;
  const cycleText = get('cycle');
  let cycle: IndicatorValue = annual;
  if (cycleText !== '' && cycleText !== printedValue(annual)) {
    const read = readMergedValue(cycleText);
    // A table that splits 指标性质 | 指标值 | 计量单位 prints the cycle value whole: a structured
    // value in its one printed form (`≥98%`), a sentence as written (`大于等于98%`, `10辆`). So
    // there, only that printed form is structured; elsewhere any unambiguous value is.
    const structured =
      read.value.kind === 'structured' && (!hasOperator || printedValue(read.value) === cycleText);
    const c = structured ? read.value : sentenceValue(read.text);
    if (structured) values.note(read, r.where);
    cycle = sameIndicatorValue(stripSource(c), stripSource(annual)) ? annual : c;
  }
  const annualFollowsCycle = cycle === annual;
  return {
    level2Code: match.category.level2.code,
    name: r.name,
    cycleValue: printedValue(cycle),
    annualValue: printedValue(annual),
    annualFollowsCycle,
    cycle,
    annual,
    ...readDetails(get, r.where, at, notes),
  };
}

function readAnnual(
  get: (role: PerRowRole) => string,
  hasOperator: boolean,
  hasMeasure: boolean,
  where: Where,
  at: string,
  notes: ImportNote[],
): ReadValue {
  const value = get('value');
  const measure = get('measure');
  if (hasOperator) {
    const operator = get('operator');
    if (operator === '') {
      // No operator where the table has a column for it: a sentence as written (this program's
      // per-row layout prints a sentence whole in 指标值), or a number with its unit.
      const text = `${value}${measure}`;
      return {
        value: sentenceValue(text),
        text,
        operatorImplied: false,
        reason: null,
        rewrittenAs: null,
      };
    }
    const split = readSplitValue({ operator, value, unit: measure });
    if (!split.ok) {
      notes.push(note('warning', where, `${at}：${split.message}；按文字导入`));
    }
    return split.read;
  }
  return readMergedValue(hasMeasure && measure !== '' ? `${value}${measure}` : value);
}

/** Two values compared by what they say, not by the sentence they were made from. */
function stripSource(v: IndicatorValue): IndicatorValue {
  return v.kind === 'structured' ? { ...v, source: null } : v;
}

function readDetails(
  get: (role: PerRowRole) => string,
  where: Where,
  at: string,
  notes: ImportNote[],
): Pick<DraftIndicator, 'weight' | 'basis' | 'explanation'> {
  const out: { weight?: string | null; basis?: DraftIndicator['basis']; explanation?: string } = {};
  const weight = get('weight').replace(/分$/u, '');
  if (weight !== '') {
    const w = parseWeight(weight);
    if (w.ok) out.weight = w.value;
    else notes.push(note('warning', where, `${at}：${w.message}；未导入权重`));
  }
  const basis = get('basis');
  if (basis !== '') {
    const kind = parseBasisKind(basis);
    out.basis = kind.ok ? { kind: kind.value, text: '' } : { kind: null, text: basis };
  }
  const explanation = get('explanation');
  if (explanation !== '') out.explanation = explanation;
  return out;
}

function reportWalk(walk: Walk, notes: ImportNote[]): void {
  if (walk.emptyRows.length > 0) {
    const e = walk.emptyRows;
    notes.push(
      note(
        'info',
        e[0]!.where,
        `${e.length} 行为有意留空的指标类别（如项目“${e[0]!.project}”的“${e[0]!.category}”），没有指标，未导入：${e.map((x) => describeWhere(x.where)).join('、')}`,
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
