import { standardTitle } from '../shared/totals.ts';
import { builtInTrees } from '../built-in-trees.ts';
import { TreeIndex, type CategoryTree } from '../shared/tree.ts';
import type { Cents, MoneyUnit } from '../shared/money.ts';
import { formatAmountGrouped } from '../shared/money.ts';
import type { Amounts } from '../shared/types.ts';
import { removeExtractionSpaces } from './cjk-spaces.ts';
import { goalLines } from './goal-lines.ts';
import type { DraftIndicator, DraftProject, DraftUnit, TableDraft } from './draft.ts';
import { NotationError, parseIndicatorList, type NotationIndicator } from './indicator-notation.ts';
import { displayFor, findMoneyUnit, settleMoneyUnit, type FoundUnit } from './money-unit.ts';
import {
  ImportError,
  note,
  type ImportNote,
  type ReadOptions,
  type Where,
} from './source-where.ts';

/**
 * What every reader of a published table shares once it knows the table's rows: the title and
 * 部门名称 line, units and their projects, the 绩效目标 as printed, the 绩效指标 notation with
 * its categories resolved against a tree, and the notes that tell the clerk what was guessed.
 * published-text.ts finds the rows in extracted text (and infers the column of each amount);
 * published-pdf.ts finds them by position on the PDF's pages (and reads amounts by column).
 */

export {
  describeWhere,
  ImportError,
  note,
  type ImportNote,
  type ImportResult,
  type ReadOptions,
  type Where,
} from './source-where.ts';

// ---- title and 部门名称 line ------------------------------------------------------------------

export interface SourceLine {
  readonly text: string;
  readonly where: Where;
}

export interface Header {
  readonly department: string;
  readonly year: number;
  readonly title: string;
  /** The unit the table's amounts are in: stated in its header, or given by the caller. */
  readonly unit: MoneyUnit;
  /** Where the header states it; null when the caller gave it. */
  readonly unitFound: FoundUnit | null;
}

/** The layout as refusals and notes name it. */
export const PUBLISHED_LAYOUT = '广州市公开格式（项目支出绩效目标表）';

export type HeaderOptions = ReadOptions;

// `(?<!\s)` before a run of spaces: the run is tried from its start only, not from each of its
// spaces (which makes a long run take time growing with the square of its length).
export const TITLE = /^(.*?)(?<!\s)\s*(\d{4})\s*年度?\s*项目支出绩效目标表/u;
const DEPARTMENT = /^部门名称\s*[:：]\s*(.+?)(?:(?<!\s)\s*单位\s*[:：]\s*(\S+))?(?<!\s)\s*$/u;

/**
 * Longer than any title or 部门名称 line, broken or not. A longer line (a garbled paste) is not
 * searched for them: some texts make those patterns take time growing with the square of the
 * line's length.
 */
const MAX_HEADER_LINE = 2000;

/** The 部门名称 line's parts (department, unit of amounts), if this is that line. */
export function readDepartmentLine(text: string): RegExpExecArray | null {
  return text.length <= MAX_HEADER_LINE ? DEPARTMENT.exec(text) : null;
}

/** Page numbers as printed under a table. */
export const PAGE_FURNITURE = [
  /^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$/u,
  /^-\s*\d+\s*-$/u,
  /^\d+\s*\/\s*\d+$/u,
];

/**
 * Lines before the table's first row that may still hold its header: the title, the 部门名称
 * line, a unit on a line of its own, the column headings (`总计（万元）`).
 */
const MAX_HEAD_LINES = 12;

/**
 * Reads title, year, department and the money unit from the first lines of the table. The unit
 * is wherever the header states it (beside 部门名称, on a line of its own, in a column heading);
 * a table stating none is refused unless the caller names the unit (a table in 元 read as 万元
 * would be 10,000 times too large, and nothing after could tell).
 */
export function readHeader(
  lines: readonly SourceLine[],
  fallback: Where = { line: 1 },
  options: HeaderOptions = {},
): Header {
  const head = lines.slice(0, 8);
  const first = lines[0]?.where ?? fallback;
  let title: string | undefined;
  let year: number | undefined;
  let titleDepartment: string | undefined;
  // The title may itself be broken over two lines.
  for (let i = 0; i < head.length && title === undefined; i++) {
    for (const text of [head[i]!.text, head[i]!.text + (head[i + 1]?.text ?? '')]) {
      if (text.length > MAX_HEADER_LINE) continue;
      const m = TITLE.exec(text.replace(/(?<!\s)\s+(?=\d{4})/u, ' '));
      if (m) {
        title = normalizeTitle(text);
        year = Number(m[2]);
        titleDepartment = removeExtractionSpaces(m[1]!);
        break;
      }
    }
  }
  const deptLine = head.find((l) => readDepartmentLine(l.text));
  const dm = deptLine ? readDepartmentLine(deptLine.text) : null;
  const department = dm ? removeExtractionSpaces(dm[1]!) : titleDepartment;
  if (year === undefined || title === undefined) {
    throw new ImportError(
      first,
      '找不到表格标题（应为“{部门名称} {年度}年项目支出绩效目标表…”），无法确定预算年度',
    );
  }
  if (!department) {
    throw new ImportError(first, '找不到部门名称（标题或“部门名称：…”一行）');
  }
  const firstRow = lines.findIndex((l) => /^合\s*计(?:\s|$)/u.test(l.text));
  const headLines = lines.slice(0, Math.min(firstRow < 0 ? 8 : firstRow, MAX_HEAD_LINES));
  const { unit, found } = settleMoneyUnit(findMoneyUnit(headLines), options.unit, first, '表头');
  return { department, year, title, unit, unitFound: found };
}

/** What the draft's notes say of the unit: where it was read, or that the caller gave it. */
export function unitNote(header: Header, fallback: Where): ImportNote | undefined {
  if (header.unitFound) {
    // The Guangzhou table's own 万元 needs no word; another unit changes how the document shows
    // its amounts, which the clerk should know.
    return header.unit === '万元'
      ? undefined
      : note(
          'info',
          header.unitFound.where,
          `金额单位为${header.unit}（“${header.unitFound.text}”）；文档金额以${header.unit}显示`,
        );
  }
  return note('warning', fallback, `表格未注明金额单位，按指定的金额单位${header.unit}读取`);
}

/** The standard title has one space between department and year; extraction may add more. */
function normalizeTitle(text: string): string {
  const m = TITLE.exec(text);
  if (!m) return text;
  const rest = removeExtractionSpaces(text.slice(m[0].length));
  return `${removeExtractionSpaces(m[1]!)} ${m[2]}年项目支出绩效目标表${rest}`;
}

// ---- text joined from lines ----------------------------------------------------------------

/** A cell's text run together from its lines, knowing where each offset came from. */
export interface Joined {
  readonly text: string;
  whereAt(offset: number): Where;
  slice(from: number, to?: number): Joined;
}

/** Joins lines as they are (Chinese text is written without spaces between lines). */
export function joinLines(lines: readonly SourceLine[]): Joined {
  return joinParts(lines.map((l) => ({ text: l.text, where: l.where })));
}

/** Joins pieces of text, each with where it starts. */
export function joinParts(parts: readonly SourceLine[], empty: Where = { line: 0 }): Joined {
  const starts: number[] = [];
  let text = '';
  for (const p of parts) {
    starts.push(text.length);
    text += p.text;
  }
  // Binary search: asked once per indicator, so a linear scan would be quadratic in the lines.
  const whereAt = (offset: number): Where => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return parts[lo]?.where ?? empty;
  };
  return sliceOf(text, whereAt);
}

function sliceOf(text: string, whereAt: (offset: number) => Where): Joined {
  return {
    text,
    whereAt,
    slice(from, to = text.length) {
      return sliceOf(text.slice(from, to), (o) => whereAt(from + o));
    },
  };
}

// ---- rows into units -----------------------------------------------------------------------

export interface TableRow {
  readonly kind: 'total' | 'unit' | 'project';
  readonly name: string;
  /** Where the row starts (where it is reported). */
  readonly where: Where;
}

export interface UnitRows<R extends TableRow> {
  readonly row: R;
  readonly projects: R[];
}

/** The rows after 合计, grouped: each unit with the projects under it. */
export function groupUnits<R extends TableRow>(rows: readonly R[]): UnitRows<R>[] {
  const units: UnitRows<R>[] = [];
  for (const row of rows) {
    if (row.kind === 'total') {
      throw new ImportError(row.where, '“合计”行重复出现');
    }
    if (row.kind === 'unit') {
      units.push({ row, projects: [] });
    } else {
      const unit = units[units.length - 1];
      if (!unit) {
        throw new ImportError(row.where, `项目“${row.name}”之前没有资金使用单位行`);
      }
      unit.projects.push(row);
    }
  }
  if (units.length === 0) {
    throw new ImportError(rows[0]?.where ?? { line: 1 }, '表格中没有资金使用单位');
  }
  return units;
}

// ---- the draft -----------------------------------------------------------------------------

export interface ProjectSource {
  readonly name: string;
  readonly where: Where;
  readonly amounts: Amounts;
  /** Why the amounts' columns are in doubt (see ProjectData.amountDoubt); null or absent: none. */
  readonly amountDoubt?: string | null;
  /** The 绩效目标 cell, as extracted. */
  readonly goal: Joined;
  /** The 绩效指标 cell, as extracted: empty, or the notation from its `1、`. */
  readonly indicators: Joined;
}

export interface UnitSource {
  readonly name: string;
  readonly projects: readonly ProjectSource[];
}

/**
 * The draft of a table whose rows are known: goals formatted, indicators parsed and resolved
 * against the built-in tree that fits them best, the standard title left derived.
 */
export function buildTableDraft(
  header: Header,
  units: readonly UnitSource[],
  notes: ImportNote[],
): TableDraft {
  const tree = chooseTree(units);
  const index = new TreeIndex(tree);
  const draftUnits: DraftUnit[] = units.map((u) => ({
    name: u.name,
    projects: u.projects.map((p) => ({
      ...readProject(p, index, notes),
      name: p.name,
      amounts: p.amounts,
      ...(p.amountDoubt ? { amountDoubt: p.amountDoubt } : {}),
    })),
  }));
  const title =
    header.title === standardTitle(header.department, header.year) ? null : header.title;
  const amounts = draftUnits.flatMap((u) =>
    u.projects.flatMap((p) => [p.amounts.fiscal, p.amounts.specialAccount, p.amounts.other]),
  );
  return {
    department: header.department,
    year: header.year,
    title,
    tree,
    money: displayFor(header.unit, amounts),
    units: draftUnits,
  };
}

function readProject(
  p: ProjectSource,
  tree: TreeIndex,
  notes: ImportNote[],
): Pick<DraftProject, 'goal' | 'indicators'> {
  const goal = formatGoal(p.goal.text);
  if (p.indicators.text.trim() === '') return { goal, indicators: [] };
  let parsed: NotationIndicator[];
  try {
    parsed = parseIndicatorList(p.indicators.text);
  } catch (e) {
    if (e instanceof NotationError) {
      throw new ImportError(p.indicators.whereAt(e.offset), `项目“${p.name}”：${e.message}`);
    }
    throw e;
  }
  const indicators: DraftIndicator[] = parsed.map((ind, k) => {
    const where = p.indicators.whereAt(ind.offset);
    if (ind.number !== k + 1) {
      notes.push(
        note(
          'warning',
          where,
          `项目“${p.name}”的绩效指标编号不连续：第 ${k + 1} 条编为 ${ind.number}`,
        ),
      );
    }
    const category = resolveCategory(ind, tree, p.name, where, notes);
    return {
      level2Code: category.code,
      ...(category.printed === undefined ? {} : { printedCategory: category.printed }),
      name: ind.name,
      cycleValue: ind.cycleValue,
      annualValue: ind.annualValue,
      annualFollowsCycle: ind.annualValue === ind.cycleValue,
    };
  });
  return { goal, indicators };
}

/** Numbered goals (`1.…2.…`, `目标1：…目标2：…`) go on lines of their own, as they were printed. */
function formatGoal(text: string): string {
  return goalLines(removeExtractionSpaces(text));
}

/**
 * The second-level code is what the store keeps (the first level is derived from it). When the
 * printed first level contradicts it, the second level wins and the contradiction is reported.
 */
function resolveCategory(
  ind: NotationIndicator,
  tree: TreeIndex,
  projectName: string,
  where: Where,
  notes: ImportNote[],
): { code: string; printed?: string } {
  const at = `项目“${projectName}”第 ${ind.number} 条绩效指标“${ind.name}”`;
  const printed = `${ind.level1Code}-${ind.level1Name}；${ind.level2Code}-${ind.level2Name}`;
  const category = tree.resolve(ind.level2Code);
  // Each refiling below is also kept on the indicator (printedCategory) for the check to report.
  let contradicted = false;
  if (!category || category.level2.name !== ind.level2Name) {
    const byName = tree.findLevel2ByName(ind.level1Code, ind.level2Name);
    if (!category && byName) {
      notes.push(
        note(
          'warning',
          where,
          `${at}：二级代码 ${ind.level2Code} 不在指标体系中，按名称“${ind.level2Name}”归入 ${byName.level2.code}-${byName.level2.name}`,
        ),
      );
      return { code: byName.level2.code, printed };
    }
    if (!category) {
      throw new ImportError(where, `${at}：指标类别“${printed}”不在指标体系“${tree.tree.name}”中`);
    }
    notes.push(
      note(
        'warning',
        where,
        `${at}：二级指标印为“${ind.level2Code}-${ind.level2Name}”，指标体系中 ${category.level2.code} 为“${category.level2.name}”；按代码导入`,
      ),
    );
    contradicted = true;
  }
  if (category.level1.code !== ind.level1Code || category.level1.name !== ind.level1Name) {
    notes.push(
      note(
        'warning',
        where,
        `${at}：印为“${printed}”，但 ${category.level2.code}-${category.level2.name} 属于 ${category.level1.code}-${category.level1.name}；已按二级指标归入 ${category.level1.code}-${category.level1.name}，请核对`,
      ),
    );
    contradicted = true;
  }
  return contradicted ? { code: category.level2.code, printed } : { code: category.level2.code };
}

/** The built-in tree whose category names match the most printed indicators. */
function chooseTree(units: readonly UnitSource[]): CategoryTree {
  const pairs: string[] = [];
  for (const u of units) {
    for (const p of u.projects) {
      const text = p.goal.text + p.indicators.text;
      for (const m of text.matchAll(/(?<!\d)(\d+)\s*-\s*([^；;。、\d]{1,24}?)\s*[；;]/gu)) {
        pairs.push(`${m[1]}-${removeExtractionSpaces(m[2]!)}`);
      }
    }
  }
  const trees = builtInTrees();
  let best = trees.find((t) => t.id === 'default') ?? trees[0]!;
  let bestScore = -1;
  for (const tree of trees) {
    const known = new Set(
      tree.level1.flatMap((l1) => [
        `${l1.code}-${l1.name}`,
        ...l1.level2.map((l2) => `${l2.code}-${l2.name}`),
      ]),
    );
    const score = pairs.filter((p) => known.has(p)).length;
    if (score > bestScore || (score === bestScore && tree.id === 'default')) {
      best = tree;
      bestScore = score;
    }
  }
  return best;
}

/** An amount in the table's unit as printed (`1,050.00`), for messages. */
export function fmt(c: Cents, unit: MoneyUnit): string {
  return formatAmountGrouped(c, displayFor(unit, [c]));
}
