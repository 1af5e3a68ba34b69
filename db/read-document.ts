import type Database from 'better-sqlite3';
import { statement } from './statements.ts';
import { UserError } from './shared/errors.ts';
import { isBudgetYear, MAX_YEAR, MIN_YEAR } from './shared/limits.ts';
import {
  atSumLimit,
  DEFAULT_MONEY_DISPLAY,
  EXACT_MONEY_DISPLAY,
  exceedsMaximum,
  formatAmountGrouped,
  isAmount,
  maxAmountText,
  moneyDisplayProblem,
  ZERO,
} from './shared/money.ts';
import type { Cents, MoneyDisplay } from './shared/money.ts';
import type { DocumentChanges, ProjectChange, UnitChange } from './shared/changes.ts';
import { standardTitle, sumTotals, totalsOf } from './shared/totals.ts';
import type { ResolvedCategory, TreeIndex } from './shared/tree.ts';
import {
  normaliseNumber,
  OPERATORS,
  QUALITATIVE,
  sentenceValue,
  structuredIndicatorValue,
  type DecimalText,
  type IndicatorValue,
  type Operator,
} from './shared/indicator-value.ts';
import { MAX_WEIGHT, printedValue, sameIndicatorValue } from './shared/indicator-fields.ts';
import { isYearMonth, periodProblem } from './shared/project-fields.ts';
import {
  BASIS_KINDS,
  INDICATOR_POLARITIES,
  PROJECT_CONTINUITIES,
  PROJECT_RECURRENCES,
  type Amounts,
  type IndicatorBasis,
  type DocumentData,
  type DocumentHeader,
  type IndicatorData,
  type Location,
  type ProjectData,
  type ReviewMark,
  type StoredDefect,
  type Totals,
  type UnitData,
} from './shared/types.ts';

/**
 * Reads a whole document into DocumentData, whatever the file holds. This program never writes
 * an invalid value, but another tool (sqlite3, a script, an older or newer program) can: an
 * amount past the maximum, a number stored as text, an empty 部门名称, an indicator whose
 * project was deleted, a category code outside the tree, a year of 99999. Reading never throws
 * on such a value and never passes it off as another one: each is reported as a defect with its
 * place (DocumentData.defects; the check `invalid-stored-value` turns them into 错误), so the
 * document opens everywhere and the clerk corrects the value in the editor. Until then:
 * - an invalid amount counts as 0 in every total (the defect says what is stored);
 * - a text that is not text is shown as its text form, or empty;
 * - an indicator whose code is not in the tree stays in its project, under a category named
 *   “（不在指标体系中）”, until the clerk picks a category;
 * - rows whose unit or project no longer exists (orphans) are not shown in the table, since they
 *   belong nowhere, but each is reported with its name, amounts and text, so nothing vanishes
 *   without a word; they stay in the file untouched.
 */

type Raw = unknown;

interface DocumentRow {
  department: Raw;
  year: Raw;
  title: Raw;
  previous_year: Raw;
  money_unit: Raw;
  money_decimals: Raw;
  print_layout: Raw;
}

interface UnitRow {
  id: number;
  name: Raw;
}

interface ProjectRow {
  id: number;
  unit_id: Raw;
  name: Raw;
  fiscal: Raw;
  special_account: Raw;
  other: Raw;
  goal: Raw;
  previous_fiscal: Raw;
  previous_special_account: Raw;
  previous_other: Raw;
  overall_goal: Raw;
  period_start: Raw;
  period_end: Raw;
  continuity: Raw;
  recurrence: Raw;
  category: Raw;
  total_budget: Raw;
  carry_over: Raw;
  no_service_recipients: Raw;
  amount_doubt: Raw;
}

/** Every column of a project row that reading uses, in one place for every query. */
const PROJECT_COLUMNS = `id, unit_id, name, fiscal, special_account, other, goal,
  previous_fiscal, previous_special_account, previous_other, overall_goal, period_start,
  period_end, continuity, recurrence, category, total_budget, carry_over, no_service_recipients,
  amount_doubt`;

interface IndicatorRow {
  id: number;
  project_id: Raw;
  level2_code: Raw;
  name: Raw;
  cycle_value: Raw;
  cycle_operator: Raw;
  cycle_unit: Raw;
  cycle_source: Raw;
  annual_value: Raw;
  annual_operator: Raw;
  annual_unit: Raw;
  annual_source: Raw;
  annual_follows_cycle: Raw;
  weight: Raw;
  basis_kind: Raw;
  basis: Raw;
  explanation: Raw;
  polarity: Raw;
  previous_value: Raw;
  printed_category: Raw;
}

const AMOUNT_LABELS = {
  fiscal: '财政拨款',
  specialAccount: '财政专户拨款',
  other: '其他资金',
} as const satisfies Record<keyof Amounts, string>;

/** A stored value as the clerk can recognise it in a message. */
export function shownValue(raw: Raw): string {
  if (raw === null || raw === undefined) return '空值';
  if (typeof raw === 'bigint' || typeof raw === 'number') return `“${String(raw)}”`;
  if (typeof raw === 'string') {
    const chars = [...raw];
    return `“${chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : raw}”`;
  }
  if (raw instanceof Uint8Array) return `二进制数据（${raw.length} 字节）`;
  return '无法识别的值';
}

/** 分 in the document's unit, for any integer (also one past the exact range). */
function shownCents(raw: number, money: MoneyDisplay): string {
  if (!Number.isInteger(raw)) return String(raw);
  return `${formatAmountGrouped(raw as Cents, money)} ${money.unit}`;
}

class Reader {
  readonly defects: StoredDefect[] = [];
  /** The document's display, for amounts in messages (set once the header is read). */
  money: MoneyDisplay = DEFAULT_MONEY_DISPLAY;

  report(location: Location, message: string): void {
    this.defects.push({ location, message });
  }

  /** A text column: a string is kept as it is; anything else is reported. */
  text(raw: Raw, location: Location, label: string): string {
    if (typeof raw === 'string') return raw;
    const shown = typeof raw === 'number' || typeof raw === 'bigint' ? String(raw) : '';
    this.report(
      location,
      `${label}在文件中存储为${raw === null ? '空值' : `非文字的值 ${shownValue(raw)}`}（文件被其他程序改动过）。请在编辑器中重新填写${label}。`,
    );
    return shown;
  }

  optionalText(raw: Raw, location: Location, label: string): string | null {
    return raw === null ? null : this.text(raw, location, label);
  }

  /** One of `allowed`, or null; anything else is reported and read as null. */
  choice<T extends string>(
    raw: Raw,
    allowed: readonly T[],
    location: Location,
    label: string,
  ): T | null {
    if (raw === null) return null;
    if ((allowed as readonly unknown[]).includes(raw)) return raw as T;
    this.report(
      location,
      `${label}存储为 ${shownValue(raw)}，不是 ${allowed.join('、')} 之一（文件被其他程序改动过）。请重新选择。`,
    );
    return null;
  }

  /**
   * One indicator value from its four columns (see migration 4). A structured value another
   * tool broke (an unknown operator, a number that is not one) is reported and shown as the
   * sentence of what is stored, so nothing is hidden.
   */
  indicatorValue(
    raw: { value: Raw; operator: Raw; unit: Raw; source: Raw },
    location: Location,
    label: string,
  ): IndicatorValue {
    const value = this.text(raw.value, location, label);
    if (raw.operator === null && raw.unit === null && raw.source === null) {
      return sentenceValue(value);
    }
    const unit = typeof raw.unit === 'string' ? raw.unit : '';
    const source = typeof raw.source === 'string' ? raw.source : null;
    const operator = (OPERATORS as readonly unknown[]).includes(raw.operator)
      ? (raw.operator as Operator)
      : undefined;
    let problem: string | undefined;
    if (operator === undefined) {
      problem = `计算符号存储为 ${shownValue(raw.operator)}，不是 ${OPERATORS.join(' ')} 之一`;
    } else if (operator !== QUALITATIVE && normaliseNumber(value) !== value) {
      problem = `计算符号为 ${operator}，但指标值 ${shownValue(value)} 不是数字`;
    } else if (operator === QUALITATIVE && value === '') {
      problem = '定性指标的等级为空';
    } else if (typeof raw.unit !== 'string') {
      problem = `计量单位存储为${shownValue(raw.unit)}`;
    } else if (raw.source !== null && typeof raw.source !== 'string') {
      problem = `原文存储为${shownValue(raw.source)}`;
    }
    if (problem !== undefined || operator === undefined) {
      this.report(
        location,
        `${label}：${problem}（文件被其他程序改动过）。暂按文字“${value}${unit}”显示，请在编辑器中重新填写${label}。`,
      );
      return sentenceValue(source ?? value + unit);
    }
    return structuredIndicatorValue(
      operator === QUALITATIVE
        ? { operator, value, unit }
        : { operator, value: value as DecimalText, unit },
      source,
    );
  }

  /** A 0/1 flag; anything else is reported and read as not set. */
  flag(raw: Raw, location: Location, label: string): boolean {
    if (raw === 0 || raw === 1) return raw === 1;
    this.report(
      location,
      `${label}存储为 ${shownValue(raw)}，不是 0 或 1（文件被其他程序改动过），暂按未标记处理；请在编辑器中重新设置。`,
    );
    return false;
  }

  /** An amount: a whole number of cents within the maximum; anything else counts as 0. */
  amount(raw: Raw, location: Location, label: string): Cents {
    if (isAmount(raw)) return raw;
    let why: string;
    if (typeof raw !== 'number') why = `存储的值 ${shownValue(raw)} 不是金额`;
    else if (!Number.isInteger(raw)) why = `存储的值 ${shownValue(raw)}（分）不是整数`;
    else why = `存储的值 ${shownCents(raw, this.money)} 超过金额上限 ${maxAmountText(this.money)}`;
    this.report(
      location,
      `${label}${why}（文件被其他程序改动过），未计入任何合计。请在编辑器中重新填写${label}。`,
    );
    return ZERO;
  }

  /** Reports a derived total past the maximum; the total itself is shown as it adds up. */
  total(totals: Totals, location: Location, label: string): void {
    if (!exceedsMaximum(totals.total)) return;
    this.report(
      location,
      // A sum held at the limit of sums (see sumCents) is only a lower bound: said so.
      `${label}为 ${shownCents(totals.total, this.money)}${atSumLimit(totals.total) ? '以上' : ''}，超过上限 ${maxAmountText(this.money)}（文件被其他程序改动过）。请核对并改正其中的金额。`,
    );
  }
}

function amountsSummary(p: ProjectRow): string {
  const parts = (['fiscal', 'special_account', 'other'] as const)
    .filter((c) => p[c] !== 0 && p[c] !== null)
    .map((c) => `${shownValue(p[c])}`);
  return parts.length ? `，金额 ${parts.join(' / ')}（分）` : '';
}

function quoted(raw: Raw): string {
  return typeof raw === 'string' && raw.trim() !== '' ? `“${raw}”` : '（未命名）';
}

/** Sums totals without ever failing (see sumCents: a sum past any real budget is held there). */
function safeSum(rows: readonly Totals[]): Totals {
  return sumTotals(rows);
}

function projectAmounts(r: Reader, p: ProjectRow, where: Location): Totals {
  return totalsOf({
    fiscal: r.amount(p.fiscal, { ...where, field: 'fiscal' }, AMOUNT_LABELS.fiscal),
    specialAccount: r.amount(
      p.special_account,
      { ...where, field: 'specialAccount' },
      AMOUNT_LABELS.specialAccount,
    ),
    other: r.amount(p.other, { ...where, field: 'other' }, AMOUNT_LABELS.other),
  });
}

function previousAmounts(r: Reader, p: ProjectRow, where: Location): Totals | null {
  if (p.previous_fiscal === null) return null;
  const at = { ...where, field: 'previous' };
  const prev = (raw: Raw, label: string) =>
    raw === null ? ZERO : r.amount(raw, at, `上年${label}`);
  const totals = totalsOf({
    fiscal: prev(p.previous_fiscal, AMOUNT_LABELS.fiscal),
    specialAccount: prev(p.previous_special_account, AMOUNT_LABELS.specialAccount),
    other: prev(p.previous_other, AMOUNT_LABELS.other),
  });
  r.total(totals, at, '上年金额的总计');
  return totals;
}

/** The category of an indicator whose code is not in the tree: shown last, reported. */
function strayCategory(tree: TreeIndex, code: string): ResolvedCategory {
  const l1 = tree.tree.level1.find((c) => code.startsWith(c.code)) ?? tree.tree.level1[0]!;
  return {
    level1: { code: l1.code, name: l1.name, role: l1.role },
    level2: { code, name: '（不在指标体系中）' },
    order: Number.MAX_SAFE_INTEGER,
  };
}

function indicatorData(
  r: Reader,
  row: IndicatorRow,
  tree: TreeIndex,
  where: Location,
): IndicatorData {
  const at = { ...where, indicatorId: row.id };
  const code = typeof row.level2_code === 'string' ? row.level2_code : String(row.level2_code);
  let category = tree.resolve(code);
  if (!category) {
    category = strayCategory(tree, code);
    r.report(
      { ...at, field: 'level2Code' },
      `指标类别代码 ${shownValue(row.level2_code)} 不在本表的指标体系中（文件被其他程序改动过）。请为这条指标重新选择二级指标类别。`,
    );
  }
  const name = r.text(row.name, { ...at, field: 'name' }, '三级指标名称');
  const cycleAt = { ...at, field: 'cycleValue' };
  const annualAt = { ...at, field: 'annualValue' };
  const cycle = r.indicatorValue(
    {
      value: row.cycle_value,
      operator: row.cycle_operator,
      unit: row.cycle_unit,
      source: row.cycle_source,
    },
    cycleAt,
    '实施周期指标值',
  );
  let annual = r.indicatorValue(
    {
      value: row.annual_value,
      operator: row.annual_operator,
      unit: row.annual_unit,
      source: row.annual_source,
    },
    annualAt,
    '年度指标值',
  );
  let annualFollowsCycle = row.annual_follows_cycle === 1;
  if (row.annual_follows_cycle !== 0 && row.annual_follows_cycle !== 1) {
    annualFollowsCycle = sameIndicatorValue(annual, cycle);
    r.report(
      annualAt,
      `“年度指标值与实施周期指标值一致”的标记存储为 ${shownValue(row.annual_follows_cycle)}（文件被其他程序改动过）。请在编辑器中重新设置。`,
    );
  } else if (annualFollowsCycle && !sameIndicatorValue(annual, cycle)) {
    r.report(
      annualAt,
      '年度指标值标记为与实施周期指标值一致，但两者不同（文件被其他程序改动过）。请在编辑器中核对并重新填写年度指标值。',
    );
  }
  if (annualFollowsCycle && sameIndicatorValue(annual, cycle)) annual = cycle;
  let weight: IndicatorData['weight'] = null;
  if (row.weight !== null) {
    const n = typeof row.weight === 'string' ? normaliseNumber(row.weight) : undefined;
    if (n !== undefined && n === row.weight && Number(n) <= MAX_WEIGHT) {
      weight = n;
    } else {
      r.report(
        { ...at, field: 'weight' },
        `权重存储为 ${shownValue(row.weight)}，不是 0 到 ${MAX_WEIGHT} 之间的数（文件被其他程序改动过）。请重新填写。`,
      );
    }
  }
  const basis: IndicatorBasis = {
    kind: r.choice(row.basis_kind, BASIS_KINDS, { ...at, field: 'basis' }, '指标值设定依据'),
    text: r.text(row.basis, { ...at, field: 'basis' }, '指标值设定依据'),
  };
  return {
    id: row.id,
    level1: category.level1,
    level2: category.level2,
    categoryOrder: category.order,
    name,
    cycleValue: printedValue(cycle),
    annualValue: printedValue(annual),
    cycle,
    annual,
    annualFollowsCycle,
    weight,
    basis,
    explanation: r.text(row.explanation, { ...at, field: 'explanation' }, '指标解释'),
    polarity: r.choice(
      row.polarity,
      INDICATOR_POLARITIES,
      { ...at, field: 'polarity' },
      '指标方向',
    ),
    previous: r.optionalText(row.previous_value, { ...at, field: 'previous' }, '上年指标值'),
    printedCategory: r.optionalText(
      row.printed_category,
      { ...at, field: 'level2Code' },
      '导入时印出的指标类别',
    ),
  };
}

/** A project's fields beyond name, amounts and indicators (总体目标, 实施期, 性质, 类别…). */
function projectFields(r: Reader, p: ProjectRow, where: Location) {
  const month = (raw: Raw, field: string, label: string): string | null => {
    if (raw === null || isYearMonth(raw)) return raw;
    r.report(
      { ...where, field },
      `${label}存储为 ${shownValue(raw)}，不是年月（如 2024-01）（文件被其他程序改动过）。请重新填写。`,
    );
    return null;
  };
  const start = month(p.period_start, 'periodStart', '实施期开始');
  const end = month(p.period_end, 'periodEnd', '实施期结束');
  const reversed = periodProblem(start, end);
  if (reversed) {
    r.report(
      { ...where, field: 'periodEnd' },
      `${reversed}（文件被其他程序改动过）。请重新填写实施期。`,
    );
  }
  return {
    overallGoal: r.text(p.overall_goal, { ...where, field: 'overallGoal' }, '项目总体目标'),
    period: { start, end },
    continuity: r.choice(
      p.continuity,
      PROJECT_CONTINUITIES,
      { ...where, field: 'continuity' },
      '项目性质',
    ),
    recurrence: r.choice(
      p.recurrence,
      PROJECT_RECURRENCES,
      { ...where, field: 'recurrence' },
      '项目性质',
    ),
    category: r.text(p.category, { ...where, field: 'category' }, '项目类别'),
    totalBudget:
      p.total_budget === null
        ? null
        : r.amount(p.total_budget, { ...where, field: 'totalBudget' }, '项目资金总额'),
    carryOver: r.amount(p.carry_over, { ...where, field: 'carryOver' }, '上年结转'),
    noServiceRecipients: r.flag(
      p.no_service_recipients,
      { ...where, field: 'noServiceRecipients' },
      '“确无服务对象”的标记',
    ),
    amountDoubt: r.optionalText(p.amount_doubt, { ...where, field: 'fiscal' }, '导入时的金额说明'),
  };
}

/**
 * The document's money display. One another tool made invalid is reported, and amounts are shown
 * in 万元 with 6 decimals meanwhile: that shows every amount exactly.
 */
function moneyDisplay(doc: Pick<DocumentRow, 'money_unit' | 'money_decimals'>, r: Reader) {
  const problem = moneyDisplayProblem(doc.money_unit, doc.money_decimals);
  if (problem) {
    r.report(
      { field: 'money' },
      `金额单位存储为 ${shownValue(doc.money_unit)}、小数位数 ${shownValue(doc.money_decimals)}（文件被其他程序改动过）：${problem}。金额暂按万元、6 位小数显示，请在“金额单位”中重新选择。`,
    );
    r.money = EXACT_MONEY_DISPLAY;
  } else {
    r.money = {
      unit: doc.money_unit as MoneyDisplay['unit'],
      decimals: doc.money_decimals as number,
    };
  }
  return r.money;
}

/** The document row: 部门名称, 预算年度, 标题, 上年年度, 金额单位, 打印格式. */
function readHeader(db: Database.Database, r: Reader): DocumentHeader {
  const doc = db
    .prepare(
      'SELECT department, year, title, previous_year, money_unit, money_decimals, print_layout FROM document WHERE id = 1',
    )
    .get() as DocumentRow | undefined;
  // Opening refuses a file without it (see TargetDocument.readTree); another program can still
  // delete it while the document is open.
  if (!doc) throw new UserError('文档文件已被其他程序改动：缺少文档信息（部门名称、预算年度）');

  const department = r.text(doc.department, { field: 'department' }, '部门名称');
  if (typeof doc.department === 'string' && doc.department.trim() === '') {
    r.report({ field: 'department' }, '部门名称为空（文件被其他程序改动过）。请填写部门名称。');
  }
  let year = typeof doc.year === 'number' && Number.isFinite(doc.year) ? doc.year : 0;
  if (!isBudgetYear(year)) {
    year = Number.isInteger(doc.year) ? year : 0;
    r.report(
      { field: 'year' },
      `预算年度存储为 ${shownValue(doc.year)}，不是 ${MIN_YEAR}–${MAX_YEAR} 之间的年份（文件被其他程序改动过）。请填写正确的预算年度。`,
    );
  }
  const title = r.optionalText(doc.title, { field: 'title' }, '标题');
  let previousYear: number | null = null;
  if (doc.previous_year !== null) {
    if (typeof doc.previous_year === 'number' && Number.isInteger(doc.previous_year)) {
      previousYear = doc.previous_year;
    } else {
      r.report(
        { field: 'previousYear' },
        `上年预算年度存储为 ${shownValue(doc.previous_year)}，不是年份（文件被其他程序改动过）。`,
      );
    }
  }
  return {
    department,
    year,
    previousYear,
    title: title ?? standardTitle(department, year),
    titleIsDerived: title === null,
    money: moneyDisplay(doc, r),
    // The column is TEXT in a STRICT table: text or NULL. An id this program does not ship is
    // not a defect (a newer program's layout): printing falls back, see db/print-layout.ts.
    printLayout: typeof doc.print_layout === 'string' ? doc.print_layout : null,
  };
}

interface ReviewMarkRow {
  rule_id: string;
  unit_id: number | null;
  project_id: number | null;
  indicator_id: number | null;
  field: string | null;
  subject: string;
  checked_on: string;
}

/**
 * The 已核对 marks. The table is STRICT with CHECKs, so its values have their types; a mark that
 * points at nothing (another tool deleted its place) is simply never matched by a finding.
 */
function readReviewMarks(db: Database.Database): ReviewMark[] {
  const rows = statement(
    db,
    'SELECT rule_id, unit_id, project_id, indicator_id, field, subject, checked_on FROM review_mark ORDER BY id',
  ).all() as ReviewMarkRow[];
  return rows.map((m) => {
    const location: { -readonly [K in keyof Location]: Location[K] } = {};
    if (m.unit_id !== null) location.unitId = m.unit_id;
    if (m.project_id !== null) location.projectId = m.project_id;
    if (m.indicator_id !== null) location.indicatorId = m.indicator_id;
    if (m.field !== null) location.field = m.field;
    return { ruleId: m.rule_id, location, subject: m.subject, checkedOn: m.checked_on };
  });
}

export function readDocument(db: Database.Database, tree: TreeIndex): DocumentData {
  const r = new Reader();
  const header = readHeader(db, r);
  const unitRows = db.prepare('SELECT id, name FROM unit ORDER BY position, id').all() as UnitRow[];
  const unitIds = new Set(unitRows.map((u) => u.id));
  const projectRows = db
    .prepare(`SELECT ${PROJECT_COLUMNS} FROM project ORDER BY unit_id, position, id`)
    .all() as ProjectRow[];
  const projectUnit = new Map<number, number>();
  for (const p of projectRows) {
    if (typeof p.unit_id === 'number' && unitIds.has(p.unit_id)) projectUnit.set(p.id, p.unit_id);
  }
  const indicatorRows = db
    .prepare('SELECT * FROM indicator ORDER BY project_id, position, id')
    .all() as IndicatorRow[];

  const byProject = new Map<number, IndicatorData[]>();
  const orphanIndicators = new Map<Raw, IndicatorRow[]>();
  for (const row of indicatorRows) {
    const unitId = typeof row.project_id === 'number' ? projectUnit.get(row.project_id) : undefined;
    if (unitId === undefined) {
      const list = orphanIndicators.get(row.project_id) ?? [];
      list.push(row);
      orphanIndicators.set(row.project_id, list);
      continue;
    }
    const projectId = row.project_id as number;
    const list = byProject.get(projectId) ?? [];
    list.push(indicatorData(r, row, tree, { unitId, projectId }));
    byProject.set(projectId, list);
  }

  const byUnit = new Map<number, ProjectData[]>();
  for (const p of projectRows) {
    const unitId = projectUnit.get(p.id);
    if (unitId === undefined) {
      r.report(
        {},
        `项目 ${quoted(p.name)}${amountsSummary(p)} 所属的资金使用单位已不存在（文件被其他程序改动过），表中不显示该项目，也未计入合计；请在编辑器中重新添加该项目。`,
      );
      continue;
    }
    const where = { unitId, projectId: p.id };
    const name = r.text(p.name, { ...where, field: 'name' }, '项目名称');
    const totals = projectAmounts(r, p, where);
    r.total(totals, { ...where, field: 'total' }, `项目 ${quoted(name)} 的总计`);
    const list = byUnit.get(unitId) ?? [];
    list.push({
      id: p.id,
      name,
      goal: r.text(p.goal, { ...where, field: 'goal' }, '绩效目标'),
      ...projectFields(r, p, where),
      totals,
      previous: previousAmounts(r, p, where),
      indicators: byProject.get(p.id) ?? [],
    });
    byUnit.set(unitId, list);
  }
  for (const [projectId, rows] of orphanIndicators) {
    const names = rows.map((i) => quoted(i.name)).join('、');
    r.report(
      {},
      `${rows.length} 条绩效指标（${names}）所属的项目（编号 ${shownValue(projectId)}）已不存在（文件被其他程序改动过），表中不显示这些指标；请在编辑器中把需要的指标重新添加到相应项目。`,
    );
  }

  const units: UnitData[] = unitRows.map((u) => {
    const where = { unitId: u.id };
    const name = r.text(u.name, { ...where, field: 'name' }, '资金使用单位名称');
    const projects = byUnit.get(u.id) ?? [];
    const totals = safeSum(projects.map((p) => p.totals));
    r.total(totals, where, `资金使用单位 ${quoted(name)} 的合计`);
    return { id: u.id, name, projects, totals };
  });
  const totals = safeSum(units.map((u) => u.totals));
  r.total(totals, {}, '合计');

  return {
    ...header,
    tree: tree.tree,
    totals,
    units,
    defects: r.defects,
    reviewMarks: readReviewMarks(db),
  };
}

interface AmountRow extends Pick<ProjectRow, 'id' | 'fiscal' | 'special_account' | 'other'> {
  unit_id: Raw;
}

/** The totals of each of `units` that exists, added up as readDocument adds them. */
function readUnitTotals(
  db: Database.Database,
  units: Iterable<number> | 'all',
): Map<number, Totals> {
  const quiet = new Reader();
  const byUnit = new Map<number, Totals[]>();
  const add = (p: AmountRow) => {
    const list = byUnit.get(p.unit_id as number);
    if (list) list.push(projectAmounts(quiet, p as ProjectRow, {}));
  };
  if (units === 'all') {
    for (const id of statement(db, 'SELECT id FROM unit', { pluck: true }).all() as number[]) {
      byUnit.set(id, []);
    }
    for (const p of statement(
      db,
      'SELECT id, unit_id, fiscal, special_account, other FROM project',
    ).all() as AmountRow[]) {
      add(p);
    }
  } else {
    const exists = statement(db, 'SELECT 1 FROM unit WHERE id = ?', { pluck: true });
    const projects = statement(
      db,
      'SELECT id, unit_id, fiscal, special_account, other FROM project WHERE unit_id = ?',
    );
    for (const id of units) {
      if (byUnit.has(id) || exists.get(id) === undefined) continue;
      byUnit.set(id, []);
      for (const p of projects.all(id) as AmountRow[]) add(p);
    }
  }
  return new Map([...byUnit].map(([id, list]) => [id, safeSum(list)]));
}

/**
 * Each unit's totals, kept from one edit to the next, so that an edit's reply (readChanges) and
 * the store's limit check add up 合计 from the units the edit did not touch without reading
 * their projects again: in a document of 5,100 projects that pass was most of an edit's time.
 * Each kept total is what readDocument computes for the unit.
 *
 * The kept totals describe the file as this connection committed it. The document marks a unit
 * stale when its change log names it, and callers name the units changed since (`now`); a commit
 * by another connection (SQLite's data_version) makes every unit stale. Totals read inside a
 * transaction are not kept, since it may yet roll back — except while a new document is being
 * filled, which is thrown away whole if it fails.
 */
export class UnitTotals {
  private known = new Map<number, Totals>();
  /** data_version when `known` was complete; undefined before the first whole read. */
  private knownAt: number | undefined;
  private readonly stale = new Set<number>();

  constructor(
    private readonly db: Database.Database,
    private readonly keepInTransaction = false,
  ) {}

  private get dataVersion(): number {
    return Number(statement(this.db, 'PRAGMA data_version', { pluck: true }).get());
  }

  private get mayKeep(): boolean {
    return this.keepInTransaction || !this.db.inTransaction;
  }

  /** Units whose totals may have changed since they were read. */
  markStale(units: Iterable<number>): void {
    for (const id of units) this.stale.add(id);
  }

  /** Forgets every kept total: the next call reads them all again. */
  forgetAll(): void {
    this.knownAt = undefined;
  }

  /** Keeps every unit's totals as readDocument has just read them. */
  remember(units: readonly UnitData[]): void {
    if (!this.mayKeep) return;
    this.known = new Map(units.map((u) => [u.id, u.totals]));
    this.knownAt = this.dataVersion;
    this.stale.clear();
  }

  /** Every unit's totals now (by id), reading again only `changed` and the stale units. */
  now(changed: Iterable<number> = []): ReadonlyMap<number, Totals> {
    const keep = this.mayKeep;
    const version = this.dataVersion;
    if (this.knownAt !== version) {
      const all = readUnitTotals(this.db, 'all');
      if (keep) {
        this.known = all;
        this.knownAt = version;
        this.stale.clear();
      }
      return all;
    }
    const again = new Set([...this.stale, ...changed]);
    if (again.size === 0) return this.known;
    const read = readUnitTotals(this.db, again);
    const result = keep ? this.known : new Map(this.known);
    for (const id of again) {
      const totals = read.get(id);
      if (totals) result.set(id, totals);
      else result.delete(id);
    }
    if (keep) this.stale.clear();
    return result;
  }
}

/** 合计: the sum of the units' totals. */
export function grandTotal(units: ReadonlyMap<number, Totals>): Totals {
  return safeSum([...units.values()]);
}

/**
 * Reads only what `touched` names, plus the totals on the path to 合计 (the other units' totals
 * kept in `unitTotals`). Each part is read exactly as readDocument reads it, so a page that
 * patches its copy with these holds what readDocument would return.
 */
export function readChanges(
  db: Database.Database,
  tree: TreeIndex,
  touched: {
    readonly document: boolean;
    readonly unitOrder: boolean;
    readonly units: ReadonlySet<number>;
    readonly projects: ReadonlySet<number>;
    readonly reviewMarks: boolean;
  },
  unitTotals: UnitTotals,
): DocumentChanges {
  const r = new Reader();
  const header = touched.document ? readHeader(db, r) : undefined;
  if (!header) {
    const row = statement(db, 'SELECT money_unit, money_decimals FROM document WHERE id = 1').get();
    // Only for amounts in messages: a bad setting is reported by the whole read, not here.
    if (row) r.money = moneyDisplay(row as DocumentRow, new Reader());
  }

  const totalsByUnit = unitTotals.now(touched.units);
  const totals = grandTotal(totalsByUnit);
  r.total(totals, {}, '合计');

  const units: UnitChange[] = [];
  const removedUnits: number[] = [];
  const unitRow = statement(db, 'SELECT id, name FROM unit WHERE id = ?');
  const projectIdsOf = statement(
    db,
    'SELECT id FROM project WHERE unit_id = ? ORDER BY position, id',
    { pluck: true },
  );
  for (const id of touched.units) {
    const u = unitRow.get(id) as UnitRow | undefined;
    const unitTotal = totalsByUnit.get(id);
    if (!u || !unitTotal) {
      removedUnits.push(id);
      continue;
    }
    const name = r.text(u.name, { unitId: id, field: 'name' }, '资金使用单位名称');
    r.total(unitTotal, { unitId: id }, `资金使用单位 ${quoted(name)} 的合计`);
    units.push({ id, name, totals: unitTotal, projectIds: projectIdsOf.all(id) as number[] });
  }

  const projects: ProjectChange[] = [];
  const removedProjects: number[] = [];
  const projectRow = statement(db, `SELECT ${PROJECT_COLUMNS} FROM project WHERE id = ?`);
  const indicatorRows = statement(
    db,
    'SELECT * FROM indicator WHERE project_id = ? ORDER BY position, id',
  );
  for (const id of touched.projects) {
    const p = projectRow.get(id) as ProjectRow | undefined;
    const unitId = p?.unit_id;
    if (!p || typeof unitId !== 'number' || !totalsByUnit.has(unitId)) {
      removedProjects.push(id);
      continue;
    }
    const where = { unitId, projectId: id };
    const name = r.text(p.name, { ...where, field: 'name' }, '项目名称');
    const projectTotals = projectAmounts(r, p, where);
    r.total(projectTotals, { ...where, field: 'total' }, `项目 ${quoted(name)} 的总计`);
    projects.push({
      id,
      unitId,
      name,
      goal: r.text(p.goal, { ...where, field: 'goal' }, '绩效目标'),
      ...projectFields(r, p, where),
      totals: projectTotals,
      previous: previousAmounts(r, p, where),
      indicators: (indicatorRows.all(id) as IndicatorRow[]).map((row) =>
        indicatorData(r, row, tree, where),
      ),
    });
  }

  return {
    ...(header ? { header } : {}),
    totals,
    ...(touched.unitOrder
      ? {
          unitOrder: statement(db, 'SELECT id FROM unit ORDER BY position, id', {
            pluck: true,
          }).all() as number[],
        }
      : {}),
    units,
    projects,
    removedUnits,
    removedProjects,
    defects: r.defects,
    ...(touched.reviewMarks ? { reviewMarks: readReviewMarks(db) } : {}),
  };
}
