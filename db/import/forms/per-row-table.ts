import { builtInTrees } from '../../built-in-trees.ts';
import { UserError } from '../../shared/errors.ts';
import { printedValue } from '../../shared/indicator-fields.ts';
import { sentenceValue } from '../../shared/indicator-value.ts';
import { addCents, MONEY_DECIMALS, ZERO, type Cents, type MoneyUnit } from '../../shared/money.ts';
import { parseContinuity, parseRecurrence } from '../../shared/project-fields.ts';
import { TreeIndex } from '../../shared/tree.ts';
import type { Amounts, ProjectContinuity, ProjectRecurrence } from '../../shared/types.ts';
import type { CellRow, CellSource } from '../cell-rows.ts';
import type { DraftIndicator, DraftProject, DraftUnit, TableDraft } from '../draft.ts';
import {
  displayFor,
  findMoneyUnit,
  lineMoneyUnit,
  parseMoneyCell,
  settleMoneyUnit,
  type FoundUnit,
} from '../money-unit.ts';
import {
  ImportError,
  note,
  type ImportNote,
  type ImportResult,
  type ReadOptions,
  type Where,
} from '../source-where.ts';
import { chooseTreeForNames, matchCategory } from './category-match.ts';
import { readPeriod } from './period-text.ts';
import {
  findPerRowHeader,
  PER_ROW_LAYOUT,
  placeOfCell,
  type PerRowHeader,
  type ProjectRole,
} from './per-row-header.ts';
import { joinCycleRows, joinProjects, readProjectSheet } from './per-row-join.ts';
import { readTitleFacts, settleHead, type AboutFacts, type Head } from './per-row-title.ts';
import { readDetails, readValues, ValueNotes, type ValueContext } from './per-row-values.ts';
import {
  clip,
  newWalk,
  reportWalk,
  roleWhere,
  ROLE_NAMES,
  walkRows,
  type IndicatorRow,
  type ProjectAcc,
} from './per-row-walk.ts';

export {
  findPerRowHeader,
  PER_ROW_LAYOUT,
  PER_ROW_ROLES,
  perRowRole,
  type PerRowHeader,
  type PerRowRole,
} from './per-row-header.ts';

/**
 * Reads a one-row-per-indicator table: a whole department in one sheet (or one sheet per unit),
 * each row one 三级指标 with its project's cells (单位, 项目, 预算数, 年度目标) on the project's
 * first row or merged down over its rows, 一级/二级 merged down over their indicators — the
 * sheet finance bureaus collect targets in, the national 预算管理一体化 system's import sheet,
 * and this program's own `per-row` print layout (templates/layout/per-row.ts). Columns are found
 * by their header labels (per-row-header.ts), with the synonyms regions use, in any order; a
 * merged cell is an empty cell and carries the one above down.
 */

/** A sheet of indicator rows under its header. */
export interface PerRowSheet {
  /** The sheet's name (a workbook's), for notes and as the unit of a sheet of one unit. */
  readonly name?: string;
  /** The sheet's rows that have some text. */
  readonly rows: readonly CellRow[];
  readonly header: PerRowHeader;
  /** The sheet holds 实施周期 values of the indicators the other sheets hold 年度 values of. */
  readonly cycle?: boolean;
}

/** What a workbook hands over: its indicator sheets, and its sheets of projects and of facts. */
export interface PerRowBook {
  readonly sheets: readonly PerRowSheet[];
  readonly projects?: {
    readonly name: string;
    readonly rows: readonly CellRow[];
    readonly header: PerRowHeader;
  } | null;
  readonly about?: AboutFacts | null;
  /** The rows keep their columns (a workbook's, a CSV's). */
  readonly positional: boolean;
}

export function readPerRowTable(source: CellSource, options: ReadOptions = {}): ImportResult {
  const rows = source.rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (rows.length === 0) throw new UserError('文件中没有可导入的内容');
  const positional = source.origin === 'workbook';
  const header = findPerRowHeader(rows, positional);
  if (!header) {
    throw new ImportError(
      rows[0]!.where,
      `不是${PER_ROW_LAYOUT}：找不到同时有“项目”“三级指标”“二级指标”“指标值”等栏目的表头行`,
    );
  }
  return readPerRowBook({ sheets: [{ rows, header }], positional }, options);
}

export function readPerRowBook(book: PerRowBook, options: ReadOptions = {}): ImportResult {
  const notes: ImportNote[] = [];
  const annualSheets = book.sheets.filter((s) => s.cycle !== true);
  const cycleSheets = book.sheets.filter((s) => s.cycle === true);
  const first = annualSheets[0];
  if (!first) {
    throw new ImportError(
      cycleSheets[0]?.header.where ?? { line: 1 },
      `${PER_ROW_LAYOUT}只有实施周期指标值的工作表，没有年度指标值的工作表`,
    );
  }
  const facts = book.sheets.map((s) => ({
    sheet: s,
    above: s.rows.slice(0, s.header.index),
    facts: readTitleFacts(s.rows.slice(0, s.header.index)),
  }));
  const head = settleHead(facts, book.about ?? null, first.header.where, options, notes);
  const unit = readUnit(book, options, notes);

  const walk = newWalk();
  const cycleWalk = newWalk();
  const sheetUnits: { sheet: string; unit: string; where: Where }[] = [];
  for (const f of facts) {
    const { sheet } = f;
    let unitName = '';
    if (sheet.header.columns.unit === undefined) {
      if (f.facts.unitName) unitName = f.facts.unitName.text;
      else if (sheet.name !== undefined && annualSheets.length > 1 && sheet.cycle !== true) {
        unitName = sheet.name.trim();
        sheetUnits.push({ sheet: sheet.name, unit: unitName, where: sheet.header.where });
      }
    }
    walkRows(sheet.rows, sheet.header, notes, sheet.cycle === true ? cycleWalk : walk, {
      positional: book.positional,
      unit: unitName,
    });
  }
  if (sheetUnits.length > 0) {
    notes.push(
      note(
        'info',
        sheetUnits[0]!.where,
        `工作表没有“单位”栏，也没有“单位名称：…”一行：单位名称取工作表名（${sheetUnits.map((s) => `“${s.unit}”`).join('、')}）`,
      ),
    );
  }
  const units = book.projects
    ? joinProjects(
        readProjectSheet(book.projects.rows, book.projects.header, book.projects.name, notes),
        walk,
        book.projects.name,
        notes,
      )
    : walk.units;
  if (cycleSheets.length > 0) joinCycleRows(units, cycleWalk, notes);
  if (book.projects) {
    notes.push(
      note(
        'info',
        book.projects.header.where,
        `项目的金额、目标等取自工作表“${book.projects.name}”，按单位名称和项目名称与指标对应`,
      ),
    );
  }
  if (cycleSheets.length > 0) {
    notes.push(
      note(
        'info',
        cycleSheets[0]!.header.where,
        `实施周期指标值取自工作表${cycleSheets.map((s) => `“${s.name ?? ''}”`).join('、')}，按单位、项目、一级、二级、三级指标与年度指标对应；其中没有的指标，实施周期指标值为空`,
      ),
    );
  }
  const draft = buildDraft(units, first.header, head, unit, book, notes);
  reportWalk(walk, notes);
  if (cycleSheets.length > 0) reportWalk(cycleWalk, notes);
  return { draft, notes };
}

// ---- the unit of money ---------------------------------------------------------------------

const AMOUNT_ROLES = [
  'total',
  'fiscal',
  'specialAccount',
  'other',
  'totalBudget',
  'carryOver',
] as const;

/**
 * The unit of the amounts: stated above a table, in its header (`预算数（万元）`), or on a 说明
 * sheet; every sheet's statement must agree. A table without an amount column needs none (its
 * projects' money is 0).
 */
function readUnit(book: PerRowBook, options: ReadOptions, notes: ImportNote[]): MoneyUnit {
  const tables = [...book.sheets, ...(book.projects ? [book.projects] : [])];
  const lines = tables.flatMap((t) =>
    t.rows.slice(0, t.header.bodyStart).flatMap((r) => unitLines(r, t.header.positional)),
  );
  if (book.about?.unit) lines.push({ text: book.about.unit.text, where: book.about.unit.where });
  const found: FoundUnit | null = findMoneyUnit(lines);
  const hasAmounts = tables.some((t) =>
    AMOUNT_ROLES.some((r) => t.header.columns[r] !== undefined),
  );
  if (!hasAmounts && !found) return options.unit ?? '万元';
  const settled = settleMoneyUnit(found, options.unit, book.sheets[0]!.rows[0]!.where, '表格');
  const where = tables[0]!.header.where;
  if (!settled.found) {
    notes.push(note('warning', where, `表格未注明金额单位，按指定的金额单位${settled.unit}读取`));
  } else if (settled.unit === '元') {
    notes.push(
      note(
        'info',
        settled.found.where,
        `金额单位为元（“${clip(settled.found.text)}”）；文档金额以元显示`,
      ),
    );
  } else {
    notes.push(
      note('info', settled.found.where, `金额单位为万元（“${clip(settled.found.text)}”）`),
    );
  }
  return settled.unit;
}

/**
 * A row as the lines its unit of money may be stated in: each cell (so that a note names the
 * cell, `项目金额（元）`), or the row whole when no one cell states it (`单位：` | `万元`).
 */
function unitLines(row: CellRow, positional: boolean): { text: string; where: Where }[] {
  const cells = row.cells.flatMap((text, i) =>
    text.trim() === '' ? [] : [{ text, where: placeOfCell(row.where, i, positional) }],
  );
  if (cells.some((c) => lineMoneyUnit(c.text) !== null)) return cells;
  return [...cells, { text: row.cells.join(' | '), where: row.where }];
}

// ---- the draft -----------------------------------------------------------------------------

function buildDraft(
  units: Map<string, ProjectAcc[]>,
  header: PerRowHeader,
  head: Head,
  unit: MoneyUnit,
  book: PerRowBook,
  notes: ImportNote[],
): TableDraft {
  if (units.size === 0) {
    throw new ImportError(header.where, `${PER_ROW_LAYOUT}的表头之下没有项目`);
  }
  const all = [...units.values()].flat();
  const tree = chooseTree(all, book.about ?? null, header.where, notes);
  const index = new TreeIndex(tree);
  const values = new ValueNotes();
  const amounts: Cents[] = [];
  const inferred = { total: 0, derived: 0 };
  const cycleSheets = book.sheets.some((s) => s.cycle === true);
  const draftUnits: DraftUnit[] = [...units.entries()].map(([name, projects]) => ({
    name: name === '' ? head.department : name,
    projects: projects.map((p): DraftProject => {
      const money = readAmounts(p, unit, notes);
      if (money.inferred === 'total') inferred.total++;
      if (money.inferred === 'derived') inferred.derived++;
      amounts.push(money.amounts.fiscal, money.amounts.specialAccount, money.amounts.other);
      if (money.totalBudget !== null) amounts.push(money.totalBudget);
      if (money.carryOver !== null) amounts.push(money.carryOver);
      return {
        name: p.name,
        amounts: money.amounts,
        goal: p.cells.goal,
        ...(p.cells.overallGoal === '' ? {} : { overallGoal: p.cells.overallGoal }),
        ...(money.totalBudget === null ? {} : { totalBudget: money.totalBudget }),
        ...(money.carryOver === null ? {} : { carryOver: money.carryOver }),
        ...readProjectFields(p, notes),
        indicators: p.rows.map((r) =>
          readIndicator(r, p, index, cycleSheets, {
            positional: book.positional,
            at: `项目“${p.name}”的指标“${r.name || '（无名称）'}”`,
            values,
            notes,
          }),
        ),
      };
    }),
  }));
  if (all.every((p) => p.unit === '')) {
    notes.push(
      note(
        'info',
        header.where,
        `表格没有“单位”栏：项目归入以部门名称“${head.department}”命名的单位`,
      ),
    );
  }
  if (inferred.total > 0) {
    notes.push(
      note(
        'info',
        header.where,
        `表格未分列资金来源：${inferred.total} 个项目的预算数按财政拨款导入`,
      ),
    );
  }
  if (inferred.derived > 0) {
    notes.push(
      note(
        'info',
        header.where,
        `表格不列财政拨款：${inferred.derived} 个项目的财政拨款按预算数减去财政专户拨款、其他资金得出`,
      ),
    );
  }
  values.report(notes);
  return {
    department: head.department,
    year: head.year,
    title: head.title,
    tree,
    money: moneyDisplay(unit, amounts, book.about ?? null),
    units: draftUnits,
  };
}

/** The tree a 说明 sheet names by its code, else the one the first-level names call for. */
function chooseTree(
  projects: readonly ProjectAcc[],
  about: AboutFacts | null,
  where: Where,
  notes: ImportNote[],
) {
  if (about?.treeId !== undefined) {
    const named = builtInTrees().find((t) => t.id === about.treeId);
    if (named) {
      notes.push(note('info', where, `指标体系取工作表“${about.sheet}”所写的“${named.name}”`));
      return named;
    }
  }
  const choice = chooseTreeForNames(
    projects.flatMap((p) => p.rows.map((r) => r.level1)).filter((n) => n !== ''),
  );
  if (choice.reason) notes.push(note('info', where, choice.reason));
  return choice.tree;
}

/** The decimals a 说明 sheet names, when they show every amount; else the fewest that do. */
function moneyDisplay(unit: MoneyUnit, amounts: readonly Cents[], about: AboutFacts | null) {
  const least = displayFor(unit, amounts);
  const d = about?.decimals;
  if (about?.unit?.unit !== unit || d === undefined) return least;
  const range = MONEY_DECIMALS[unit];
  return d >= least.decimals && d >= range.min && d <= range.max ? { unit, decimals: d } : least;
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

interface ReadMoney {
  readonly amounts: Amounts;
  readonly totalBudget: Cents | null;
  readonly carryOver: Cents | null;
  readonly inferred: 'total' | 'derived' | null;
}

function readAmounts(p: ProjectAcc, unit: MoneyUnit, notes: ImportNote[]): ReadMoney {
  const cell = (role: ProjectRole) => p.cells[role].replace(/\s+/gu, '');
  const read = (role: (typeof AMOUNT_ROLES)[number]): Cents | null => {
    const text = cell(role);
    if (text === '') return null;
    const c = parseMoneyCell(text, unit);
    if (c === null) {
      throw new ImportError(
        roleWhere(p.where, p.header, role),
        `项目“${p.name}”的“${ROLE_NAMES[role]}”栏“${clip(text)}”不是金额（单位${unit}）`,
      );
    }
    return c;
  };
  const total = read('total') ?? ZERO;
  const specialAccount = read('specialAccount') ?? ZERO;
  const other = read('other') ?? ZERO;
  const totalBudget = read('totalBudget');
  const carryOver = read('carryOver');
  const columns = sourceColumns(p.header);
  if (columns !== 'all') {
    const fiscal = total - specialAccount - other;
    if (fiscal < 0) {
      throw new ImportError(
        roleWhere(p.where, p.header, 'total'),
        `项目“${p.name}”的预算数“${p.cells.total}”小于财政专户拨款与其他资金之和，无法得出财政拨款`,
      );
    }
    return {
      amounts: { fiscal: fiscal as Cents, specialAccount, other },
      totalBudget,
      carryOver,
      inferred: fiscal === 0 ? null : columns === 'total-only' ? 'total' : 'derived',
    };
  }
  const amounts = { fiscal: read('fiscal') ?? ZERO, specialAccount, other };
  const sum = addCents(amounts.fiscal, amounts.specialAccount, amounts.other);
  if (sum === 0 && total !== 0) {
    notes.push(
      note(
        'warning',
        roleWhere(p.where, p.header, 'total'),
        `项目“${p.name}”只填了预算数，没有资金来源；按财政拨款导入，请核对`,
      ),
    );
    return { amounts: { ...amounts, fiscal: total }, totalBudget, carryOver, inferred: null };
  }
  if (p.cells.total !== '' && sum !== total) {
    notes.push(
      note(
        'warning',
        roleWhere(p.where, p.header, 'total'),
        `项目“${p.name}”的预算数“${p.cells.total}”与各资金来源之和不一致；按各资金来源导入`,
      ),
    );
  }
  return { amounts, totalBudget, carryOver, inferred: null };
}

/** 实施期, 项目性质, 项目类别 of a project, when its sheet has them. */
function readProjectFields(
  p: ProjectAcc,
  notes: ImportNote[],
): Pick<DraftProject, 'period' | 'continuity' | 'recurrence' | 'category'> {
  const out: {
    period?: DraftProject['period'];
    continuity?: ProjectContinuity;
    recurrence?: ProjectRecurrence;
    category?: string;
  } = {};
  const period = p.cells.period;
  if (period !== '') {
    const read = readPeriod(period);
    const where = roleWhere(p.where, p.header, 'period');
    if (read.ok) {
      out.period = read.period;
      if (read.inference) notes.push(note('info', where, `项目“${p.name}”：${read.inference}`));
    } else {
      notes.push(
        note('warning', where, `项目“${p.name}”的实施期“${clip(period)}”无法读出起止年月，未导入`),
      );
    }
  }
  const nature = p.cells.nature;
  for (const part of nature.split(/[、,，/／;；\s]+/u).filter((s) => s !== '')) {
    const c = parseContinuity(part);
    const r = parseRecurrence(part);
    if (c.ok) out.continuity = c.value;
    else if (r.ok) out.recurrence = r.value;
    else {
      notes.push(
        note(
          'warning',
          roleWhere(p.where, p.header, 'nature'),
          `项目“${p.name}”的项目性质“${part}”无法识别（应为 新增/延续 或 一次性/阶段性/经常性），未导入`,
        ),
      );
    }
  }
  if (p.cells.category !== '') out.category = p.cells.category;
  return out;
}

function readIndicator(
  r: IndicatorRow,
  p: ProjectAcc,
  tree: TreeIndex,
  cycleSheets: boolean,
  ctx: ValueContext,
): DraftIndicator {
  const { at, notes } = ctx;
  const level2Where = roleWhere(r.where, r.header, 'level2');
  if (r.level2 === '') {
    throw new ImportError(level2Where, `${at}没有二级指标（“二级指标”栏为空，上方也没有可沿用的）`);
  }
  let match = matchCategory(tree, r.level1 === '' ? null : r.level1, r.level2);
  // 一级 carried down from a row above, 二级 printed here under another 一级: the rows are out of
  // the tree's order, and the second level alone says where the indicator goes.
  if (match.ok && match.warning && !r.level1Given) {
    const alone = matchCategory(tree, null, r.level2);
    if (alone.ok && alone.warning === null) match = alone;
  }
  if (!match.ok) throw new ImportError(level2Where, `${at}：${match.message}`);
  if (match.warning) notes.push(note('warning', level2Where, `${at}：${match.warning}`));
  if (r.name === '') {
    notes.push(
      note('warning', roleWhere(r.where, r.header, 'level3'), `${at}：三级指标名称为空，请补填`),
    );
  }
  const row = { cells: r.cells, header: r.header };
  const v = r.cycleOnly
    ? readValues(row, undefined, false, ctx)
    : readValues(row, r.cycle, cycleSheets, ctx);
  const values = r.cycleOnly
    ? { cycle: v.annual, annual: sentenceValue(''), annualFollowsCycle: false }
    : v;
  return {
    level2Code: match.category.level2.code,
    ...(match.printed === undefined ? {} : { printedCategory: match.printed }),
    name: r.name,
    cycleValue: printedValue(values.cycle),
    annualValue: printedValue(values.annual),
    annualFollowsCycle: values.annualFollowsCycle,
    cycle: values.cycle,
    annual: values.annual,
    ...readDetails(row, ctx),
  };
}
