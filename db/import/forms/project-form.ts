import { UserError } from '../../shared/errors.ts';
import {
  DEFAULT_MONEY_DISPLAY,
  MONEY_DECIMALS,
  type Cents,
  type MoneyDisplay,
  type MoneyUnit,
} from '../../shared/money.ts';
import { parseContinuity, parseRecurrence } from '../../shared/project-fields.ts';
import { TreeIndex } from '../../shared/tree.ts';
import type { ProjectContinuity, ProjectRecurrence } from '../../shared/types.ts';
import type { CellRow, CellSource } from '../cell-rows.ts';
import type { DraftProject, DraftUnit } from '../draft.ts';
import { displayFor, findMoneyUnit, settleMoneyUnit, type FoundUnit } from '../money-unit.ts';
import {
  ImportError,
  note,
  type ImportNote,
  type ImportResult,
  type Where,
} from '../table-draft.ts';
import type { ReadOptions } from '../source-where.ts';
import { chooseTreeForNames } from './category-match.ts';
import { moneyCells, needsUnit, readFormMoney } from './form-money.ts';
import { isNameRow, normaliseRows, splitForms, type FormRows } from './form-split.ts';
import {
  FIELD_LABELS,
  fieldOfLabel,
  firstValue,
  readHeaderBlock,
  type HeaderBlock,
  type LabelledValue,
} from './header-labels.ts';
import { findGridHeader, isFooterRow, readGrid, type GridRead } from './indicator-grid.ts';
import { goalLines } from '../goal-lines.ts';
import { readIndicators, type Say } from './form-indicators.ts';
import { readPeriod, readMonth } from './period-text.ts';

/**
 * Reads per-project forms — the 项目支出绩效目标申报表 / 审批表 most provinces file, one form
 * per project (../shared/fixtures/other-regions/: Xiangtan, Chongqing, Ezhou) — from their cell
 * rows (text, a PDF's grid, or a workbook's sheets: one form a sheet or several down one, their
 * merged cells made one as Word gives them, form-cells.ts), one form after another, into one
 * draft. The header block is read by its labels (header-labels.ts), the indicator grid by its
 * column headers (indicator-grid.ts), the categories against the tree the forms call for
 * (category-match.ts), the values split where unambiguous (value-split.ts). Nothing is assumed silently: the year and the money unit are
 * read from the forms or given by the caller, or the import is refused; every other inference is
 * an ImportNote.
 */

/** The layout as refusals and notes name it. */
export const PROJECT_FORM_LAYOUT = '逐项目申报表（项目支出绩效目标申报表、审批表）';

/** `--unit` and `--year`: what the forms do not state (every reader takes the same). */
export type ProjectFormOptions = ReadOptions;

const YEAR_OPTION_HINT = '--year 年度';

/** Rows searched by the cheap test: a form's header is near its top. */
const LOOK_AHEAD = 80;

/**
 * True when the source looks like per-project forms: a row naming the project (`项目名称 | X`)
 * and, below it, an indicator grid header without a 项目名称 column (that would be a
 * one-row-per-indicator table).
 */
export function looksLikeProjectForm(source: CellSource): boolean {
  // The top first: a sheet of many rows that names no project is not made into forms' rows.
  if (!normaliseRows(source.rows.slice(0, LOOK_AHEAD)).some(isNameRow)) return false;
  const rows = normaliseRows(source.rows);
  const nameAt = rows.slice(0, LOOK_AHEAD).findIndex(isNameRow);
  return nameAt >= 0 && findGridHeader(rows, nameAt + 1) !== null;
}

interface ReadForm {
  readonly project: DraftProject;
  readonly unitName: string;
  readonly department: string;
  readonly departmentWhere: Where;
  readonly grid: GridRead | null;
  readonly where: Where;
  readonly printedDecimals: number;
}

/** A form read as far as it can be without the tree (chosen for all forms together). */
interface FormParts {
  readonly form: FormRows;
  readonly block: HeaderBlock;
  readonly grid: GridRead | null;
  readonly name: LabelledValue;
  readonly titles: readonly CellRow[];
}

export function readProjectForms(
  source: CellSource,
  options: ProjectFormOptions = {},
): ImportResult {
  const notes: ImportNote[] = [];
  const rows = normaliseRows(source.rows);
  if (rows.length === 0) throw new UserError('文件中没有可导入的内容');
  const forms = splitForms(rows);
  if (forms.length === 0) {
    throw new ImportError(
      rows[0]!.where,
      `不是${PROJECT_FORM_LAYOUT}：找不到“项目名称”（或“项目支出名称”）一栏及其内容`,
    );
  }

  const parts = forms.map((form, k) => formParts(form, k === forms.length - 1, notes));

  const level1Names = parts.flatMap((p) =>
    p.grid
      ? [...p.grid.rows.map((r) => r.level1), ...p.grid.emptyCategories.map((e) => e.level1)]
      : [],
  );
  const choice = chooseTreeForNames(level1Names.filter((n) => n !== ''));
  const tree = new TreeIndex(choice.tree);
  if (choice.reason) {
    const first = parts.find((p) => p.grid)?.grid?.header.where ?? rows[0]!.where;
    notes.push(note('info', first, choice.reason));
  }

  const year = settleYear(parts, options.year, notes);
  let fileUnit: FoundUnit | null = null;
  const units: MoneyUnit[] = [];
  const amounts: Cents[] = [];
  let printedDecimals = 0;
  const read: ReadForm[] = [];
  for (const p of parts) {
    const money = settleFormUnit(p, fileUnit, options.unit, notes);
    if (money.found) fileUnit ??= money.found;
    if (money.unit) units.push(money.unit);
    const form = readForm(p, tree, money.unit ?? options.unit ?? '万元', notes);
    const pr = form.project;
    printedDecimals = Math.max(printedDecimals, form.printedDecimals);
    amounts.push(pr.amounts.fiscal, pr.amounts.specialAccount, pr.amounts.other);
    if (pr.totalBudget) amounts.push(pr.totalBudget);
    if (pr.carryOver) amounts.push(pr.carryOver);
    const prev = read[read.length - 1];
    if (prev && isContinuation(prev, form)) {
      // A form's header printed again on its next page (some systems repeat it): one project.
      read[read.length - 1] = {
        ...prev,
        project: {
          ...prev.project,
          indicators: [...prev.project.indicators, ...pr.indicators],
        },
      };
      notes.push(
        note(
          'info',
          form.where,
          `项目“${pr.name}”的表头在此重复（同一项目、同一单位、金额相同），按上一张表的续页读取，${pr.indicators.length} 条指标并入该项目`,
        ),
      );
      continue;
    }
    read.push(form);
  }

  const onlyAnnual = parts.some((p) => p.grid && p.grid.header.columns.cycle === undefined);
  if (onlyAnnual) {
    const count = read.reduce(
      (n, f) =>
        n + (f.grid && f.grid.header.columns.cycle === undefined ? f.project.indicators.length : 0),
      0,
    );
    if (count > 0) {
      notes.push(
        note(
          'info',
          parts.find((p) => p.grid)!.grid!.header.where,
          `表中只有年度指标值（${count} 条）：实施周期指标值取与年度指标值相同的值，年度指标值设为“与实施周期指标值一致”；跨年度项目请在编辑器中补填实施周期指标值`,
        ),
      );
    }
  }

  const title = parts.find((p) => p.titles.length > 0)?.titles[0];
  if (title) {
    notes.push(
      note(
        'info',
        title.where,
        `表格标题“${shorten(title.cells[0]!, 40)}”未作为文档标题：文档采用由部门名称和年度生成的标准标题`,
      ),
    );
  }
  const department = read[0]!.department;
  const others = [...new Set(read.map((f) => f.department))].filter((d) => d !== department);
  if (others.length > 0) {
    notes.push(
      note(
        'warning',
        read.find((f) => f.department !== department)!.departmentWhere,
        `各表的主管部门不一致（${[department, ...others].join('、')}）；文档的部门名称取第一张表的“${department}”，各项目按实施单位归入资金使用单位`,
      ),
    );
  }

  const draftUnits: { name: string; projects: DraftProject[] }[] = [];
  for (const f of read) {
    let unit = draftUnits.find((u) => u.name === f.unitName);
    if (!unit) {
      unit = { name: f.unitName, projects: [] };
      draftUnits.push(unit);
    }
    unit.projects.push(f.project);
  }

  const distinct = [...new Set(units)];
  const money = moneyDisplay(distinct, amounts, printedDecimals);
  if (read.length > 1) {
    notes.push(
      note(
        'info',
        read[0]!.where,
        `文件中有 ${read.length} 张${PROJECT_FORM_LAYOUT.replace(/（.*$/u, '')}，共 ${read.reduce((n, f) => n + f.project.indicators.length, 0)} 条绩效指标，全部导入`,
      ),
    );
  }
  return {
    draft: {
      department,
      year,
      title: null,
      tree: choice.tree,
      money,
      units: draftUnits as DraftUnit[],
    },
    notes,
  };
}

/**
 * The display that shows every amount read, and as many decimals as the forms print (a table
 * printed in 万元 with 4 decimals reads back as one).
 */
function moneyDisplay(
  units: readonly MoneyUnit[],
  amounts: readonly Cents[],
  printedDecimals: number,
): MoneyDisplay {
  if (units.length === 0) return DEFAULT_MONEY_DISPLAY;
  const unit = units.length === 1 ? units[0]! : '万元';
  const shown = displayFor(unit, amounts);
  const range = MONEY_DECIMALS[unit];
  const decimals = Math.min(
    range.max,
    Math.max(shown.decimals, units.length === 1 ? printedDecimals : 0),
  );
  return { unit, decimals };
}

/** The same project, unit and money as the form before it: that form's next page. */
function isContinuation(prev: ReadForm, form: ReadForm): boolean {
  const a = prev.project;
  const b = form.project;
  return (
    a.name === b.name &&
    prev.unitName === form.unitName &&
    a.amounts.fiscal === b.amounts.fiscal &&
    a.amounts.specialAccount === b.amounts.specialAccount &&
    a.amounts.other === b.amounts.other &&
    (a.totalBudget ?? null) === (b.totalBudget ?? null)
  );
}

// ---- one form ------------------------------------------------------------------------------

function formParts(form: FormRows, last: boolean, notes: ImportNote[]): FormParts {
  const header = findGridHeader(form.rows, form.nameRow + 1);
  const headerRows = form.rows.slice(0, header ? header.index : form.rows.length);
  const block = readHeaderBlock(headerRows);
  const name = firstValue(block, FIELD_LABELS.name);
  if (!name) {
    throw new ImportError(
      form.rows[form.nameRow]!.where,
      '“项目名称”一栏没有内容（项目名称旁或其下一行应为项目的名称）',
    );
  }
  let grid: GridRead | null = null;
  if (header) {
    grid = readGrid(form.rows, header, last);
    const rest = form.rows.slice(grid.end).filter((r) => !isFooterRow(r));
    if (rest.length > 0 && !(grid.cut && !grid.cut.imported)) {
      const another = findGridHeader(form.rows, grid.end);
      notes.push(
        note(
          another ? 'warning' : 'info',
          rest[0]!.where,
          another
            ? `项目“${name.value}”：指标表之后还有一张指标表（${describeRow(form.rows[another.index]!)}），未导入；请把它的指标并入第一张表后再导入`
            : `项目“${name.value}”：指标表之后的 ${rest.length} 行未导入（${describeRow(rest[0]!)}${rest.length > 1 ? '…' : ''}）`,
        ),
      );
    }
  } else {
    notes.push(
      note(
        'warning',
        name.where,
        `项目“${name.value}”的表中找不到绩效指标表头（一级指标、二级指标、三级指标、指标值…），没有导入绩效指标`,
      ),
    );
  }
  const titles = form.preamble.filter(
    (r) => r.cells.length === 1 && fieldOfLabel(r.cells[0]!) === undefined,
  );
  return { form, block, grid, name, titles };
}

function describeRow(row: CellRow): string {
  const text = row.cells.filter((c) => c !== '').join(' | ');
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

const YEAR_IN_TITLE = /((?:19|20)\d{2})\s*年/u;
const YEAR_LINE = /^[(（]\s*((?:19|20)\d{2})\s*年度?\s*[)）]$/u;

/** The year a form's title lines state: `（2023年度）`, else the first `2023年` of a title. */
function titleYear(titles: readonly CellRow[]): { year: number; where: Where } | null {
  for (const r of titles) {
    const m = YEAR_LINE.exec(r.cells[0]!.trim());
    if (m) return { year: Number(m[1]), where: r.where };
  }
  for (const r of titles) {
    const m = YEAR_IN_TITLE.exec(r.cells[0]!);
    if (m) return { year: Number(m[1]), where: r.where };
  }
  return null;
}

function settleYear(
  parts: readonly FormParts[],
  given: number | undefined,
  notes: ImportNote[],
): number {
  const found = parts.map((p) => titleYear(p.titles));
  const first = found.find((f) => f !== null) ?? null;
  const conflicting = found.find((f) => f !== null && first !== null && f.year !== first.year);
  if (first && conflicting) {
    throw new ImportError(
      conflicting.where,
      `各表的年度不一致（${first.year}年、${conflicting.year}年）：一个文档只能有一个预算年度，请分别导入`,
    );
  }
  if (first && given !== undefined && given !== first.year) {
    // The option names the year of a table that states none; a stated year is the table's.
    notes.push(
      note(
        'info',
        first.where,
        `表格标题的年度为 ${first.year} 年，按此导入（指定的 ${given} 年只用于未注明年度的表格）`,
      ),
    );
  }
  if (first) {
    const missing = parts.filter((_, k) => found[k] === null);
    if (missing.length > 0) {
      notes.push(
        note(
          'info',
          missing[0]!.name.where,
          `${missing.length} 张表的标题没有年度，按第一张表的 ${first.year} 年导入`,
        ),
      );
    }
    return first.year;
  }
  if (given !== undefined) {
    notes.push(note('info', parts[0]!.name.where, `表格标题中没有年度，按指定的 ${given} 年导入`));
    return given;
  }
  throw new ImportError(
    parts[0]!.titles[0]?.where ?? parts[0]!.name.where,
    `${PROJECT_FORM_LAYOUT}的标题中找不到预算年度（如“2023年项目支出绩效目标申报表”“（2023年度）”）；请核对表格，或指定年度（命令行 ${YEAR_OPTION_HINT}）`,
  );
}

/**
 * The unit a form's amounts are in: stated in its header (or, for a later form, in an earlier
 * form of the file), or given. A form with no amount that depends on the unit needs none.
 */
function settleFormUnit(
  p: FormParts,
  fileUnit: FoundUnit | null,
  given: MoneyUnit | undefined,
  notes: ImportNote[],
): { unit: MoneyUnit | null; found: FoundUnit | null } {
  const goalLabels = new Set([...FIELD_LABELS.goal, ...FIELD_LABELS.overallGoal]);
  const lines = p.form.rows
    .slice(0, p.grid ? p.grid.header.index : p.form.rows.length)
    .filter((r) => !goalLabels.has(labelOf(r)))
    .map((r) => ({ text: r.cells.join(' '), where: r.where }));
  const found = findMoneyUnit(lines);
  const cells = moneyCells(p.block);
  const dependent = cells.filter((c) => needsUnit(c.cell.value));
  if (!found && dependent.length === 0) return { unit: given ?? null, found: null };
  if (!found && fileUnit && !given) {
    notes.push(
      note(
        'info',
        p.name.where,
        `项目“${p.name.value}”的表中没有注明金额单位，按同一文件${describeFound(fileUnit)}读取`,
      ),
    );
    return { unit: fileUnit.unit, found: null };
  }
  const where = dependent[0]?.cell.where ?? p.name.where;
  // The dispatcher's refusal already names the layout (detect.ts): say which project, not it again.
  const settled = settleMoneyUnit(found, given, where, `项目“${p.name.value}”的表格`);
  notes.push(
    note(
      'info',
      found?.where ?? where,
      found
        ? `项目“${p.name.value}”：金额单位为${found.unit}（${describeFound(found)}）`
        : `项目“${p.name.value}”：表中没有注明金额单位，按指定的${settled.unit}读取`,
    ),
  );
  return { unit: settled.unit, found };
}

/** The statement of the unit in its line (`金额单位:万元`), or the line shortened. */
function describeFound(f: FoundUnit): string {
  const statement = /(?:金额)?单\s*位\s*[:：]\s*(?:万元|元)/u.exec(f.text.slice(0, 2000));
  const text = statement?.[0] ?? (f.text.length > 30 ? `${f.text.slice(0, 30)}…` : f.text);
  return `“${text}”`;
}

function labelOf(row: CellRow): string {
  const first = row.cells[0] ?? '';
  return fieldOfLabel(first) === undefined
    ? ''
    : first
        .normalize('NFKC')
        .replace(/\s+/gu, '')
        .replace(/[:：]$/u, '');
}

function readForm(p: FormParts, tree: TreeIndex, unit: MoneyUnit, notes: ImportNote[]): ReadForm {
  const { block, name } = p;
  const project = name.value;
  const say = (severity: ImportNote['severity'], where: Where, message: string) =>
    notes.push(note(severity, where, `项目“${project}”：${message}`));

  // Department and unit.
  const departmentFrom = firstValue(block, FIELD_LABELS.department);
  let department: string;
  let departmentWhere: Where;
  if (departmentFrom) {
    // `[123]某部`: the national form's 主管部门及代码 puts the code before the name.
    department = departmentFrom.value.replace(/^[[［【(（]\s*\d+\s*[\]］】)）]\s*/u, '');
    departmentWhere = departmentFrom.where;
    if (departmentFrom.key === '业务主管部门') {
      say(
        'warning',
        departmentFrom.where,
        `表中没有主管部门或预算单位，部门名称取业务主管部门“${department}”，请核对`,
      );
    } else if (departmentFrom.key !== '主管部门' && departmentFrom.key !== '部门名称') {
      say('info', departmentFrom.where, `部门名称取“${departmentFrom.label}”一栏：“${department}”`);
    }
  } else {
    const prefix = titlePrefix(p.titles);
    if (!prefix) {
      throw new ImportError(
        name.where,
        `项目“${project}”的表中找不到主管部门（主管部门、预算部门、预算单位或填报单位），标题中也没有部门名称`,
      );
    }
    department = prefix.text;
    departmentWhere = prefix.where;
    say(
      'warning',
      prefix.where,
      `表中没有主管部门（或预算部门、预算单位），部门名称取自标题“${department}”，请在文档属性中核对`,
    );
  }
  const unitFrom = FIELD_LABELS.unit
    .filter((l) => l !== departmentFrom?.key)
    .map((l) => block.values.get(l))
    .find((v) => v !== undefined && v.value !== '');
  const unitName = unitFrom?.value ?? department;
  if (!unitFrom) say('info', name.where, `表中没有实施单位，资金使用单位取部门名称“${department}”`);

  // Nature, category, period.
  let continuity: ProjectContinuity | null | undefined;
  let recurrence: ProjectRecurrence | null | undefined;
  const nature = firstValue(block, FIELD_LABELS.nature);
  if (nature) {
    for (const part of nature.value.split(/[、,，/／;；]\s*/u).filter((s) => s !== '')) {
      const c = parseContinuity(part);
      const r = parseRecurrence(part);
      if (c.ok) {
        continuity = c.value;
        if (part.replace(/项目$/u, '') !== c.value) {
          say('info', nature.where, `项目性质“${part}”读作“${c.value}”`);
        }
      } else if (r.ok) {
        recurrence = r.value;
      } else {
        say(
          'warning',
          nature.where,
          `项目性质“${part}”无法识别（应为 新增/延续 或 一次性/阶段性/经常性），未导入`,
        );
      }
    }
  }
  const category = firstValue(block, FIELD_LABELS.category)?.value;
  const period = readFormPeriod(block, say);

  // Goals.
  const goalCell = firstValue(block, FIELD_LABELS.goal);
  const overallCell = firstValue(block, FIELD_LABELS.overallGoal);
  // A goal label printed with nothing beside it is an empty goal, not a missing one.
  const goalPrinted = FIELD_LABELS.goal.some((l) => block.values.has(l));
  let goal = goalLines(goalCell?.value ?? '');
  if (!goalCell && !goalPrinted && overallCell) {
    goal = goalLines(overallCell.value);
    say('info', overallCell.where, `表中只有“${overallCell.label}”，年度目标取同一内容`);
  }
  const overallPrinted = FIELD_LABELS.overallGoal.some((l) => block.values.has(l));
  if (!goalPrinted && !overallPrinted) {
    say('warning', name.where, '表中没有绩效目标（年度目标或总体目标）一栏');
  }

  // Money.
  const money = readFormMoney(block, unit, project, name.where);
  for (const n of money.notes) notes.push(note(n.severity, n.where, n.message));
  if (block.costBlock) {
    const items = block.costBlock.items.map((i) => i.label);
    say(
      'info',
      block.costBlock.where,
      `项目预算成本构成的明细（${items.length} 项：${items.join('、')}${block.costBlock.otherColumns.length > 0 ? `；${block.costBlock.otherColumns.join('、')}` : ''}）未导入（文档没有这些栏目）`,
    );
  }

  // What the header block holds that the document has no field for.
  const unread = [
    ...block.unknown.filter((u) => u.value !== ''),
    ...[...block.values.values()].filter(
      (v) =>
        v.value !== '' &&
        v !== departmentFrom &&
        v !== unitFrom &&
        v.value !== department &&
        v.value !== unitName &&
        FIELD_LABELS.department.includes(v.key),
    ),
  ];
  if (unread.length > 0) {
    say(
      'info',
      unread[0]!.where,
      `以下表头栏目未导入（文档没有这些栏目）：${unread.map((u) => `${u.label}“${shorten(u.value)}”`).join('；')}`,
    );
  }

  const indicators = p.grid ? readIndicators(p.grid, tree, project, say) : [];
  return {
    project: {
      name: project,
      amounts: money.amounts,
      goal,
      ...(overallCell ? { overallGoal: goalLines(overallCell.value) } : {}),
      ...(period ? { period } : {}),
      ...(continuity !== undefined ? { continuity } : {}),
      ...(recurrence !== undefined ? { recurrence } : {}),
      ...(category !== undefined ? { category } : {}),
      ...(money.totalBudget !== null ? { totalBudget: money.totalBudget } : {}),
      ...(money.carryOver !== undefined ? { carryOver: money.carryOver } : {}),
      indicators,
    },
    unitName,
    department,
    departmentWhere,
    grid: p.grid,
    where: name.where,
    printedDecimals: money.printedDecimals,
  };
}

function shorten(text: string, max = 24): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The department a title names before its year: `鄂州市2022年市直部门…` → 鄂州市. */
function titlePrefix(titles: readonly CellRow[]): { text: string; where: Where } | null {
  for (const r of titles) {
    const text = r.cells[0]!.trim();
    const m = text.length > 200 ? null : /^(.+?)(?:19|20)\d{2}\s*年/u.exec(text);
    if (m && /\p{Script=Han}{2,}/u.test(m[1]!)) return { text: m[1]!.trim(), where: r.where };
  }
  return null;
}

function readFormPeriod(
  block: HeaderBlock,
  say: Say,
): { start: string | null; end: string | null } | null {
  const whole = firstValue(block, FIELD_LABELS.period);
  if (whole) {
    const p = readPeriod(whole.value);
    if (p.ok) {
      if (p.inference) say('info', whole.where, p.inference);
      return p.period;
    }
    say('warning', whole.where, `“${whole.label}”为“${whole.value}”，无法读出起止年月，未导入`);
    return null;
  }
  const start = firstValue(block, FIELD_LABELS.periodStart);
  const end = firstValue(block, FIELD_LABELS.periodEnd);
  if (!start && !end) return null;
  const s = start ? readMonth(start.value) : null;
  const e = end ? readMonth(end.value) : null;
  for (const [cell, month] of [
    [start, s],
    [end, e],
  ] as const) {
    if (cell && month === null) {
      say('warning', cell.where, `“${cell.label}”为“${cell.value}”，无法读出年月，未导入`);
    }
  }
  if (s !== null && e !== null && e < s) {
    say('warning', end!.where, `实施期结束早于开始（${s}、${e}），未导入`);
    return null;
  }
  return s === null && e === null ? null : { start: s, end: e };
}
