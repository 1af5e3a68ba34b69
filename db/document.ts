import path from 'node:path';
import type Database from 'better-sqlite3';
import {
  createDocumentFile,
  explainOpenError,
  openDocumentFile,
  writeDocumentCopy,
  type OpenOptions,
} from './document-file.ts';
import { UserError } from './shared/errors.ts';
import { isBudgetYear, MAX_TEXT_LENGTH } from './shared/limits.ts';
import { EditHistory, type HistoryState } from './history.ts';
import {
  atSumLimit,
  clampSum,
  DEFAULT_MONEY_DISPLAY,
  EXACT_MONEY_DISPLAY,
  describeDisplay,
  displayStep,
  formatAmountGrouped,
  isAmount,
  MAX_AMOUNT_CENTS,
  maxAmountText,
  moneyDisplayProblem,
  sameDisplay,
  type Cents,
  type MoneyDisplay,
} from './shared/money.ts';
import { ChangeLog } from './change-log.ts';
import { checkLayoutId } from './print-layout.ts';
import { grandTotal, readChanges, readDocument, UnitTotals } from './read-document.ts';
import { statement } from './statements.ts';
import { insertIndicatorCopy, insertProjectCopy } from './copy-paste.ts';
import { copyName } from './shared/copying.ts';
import type { DocumentChanges } from './shared/changes.ts';
import { cleanText } from './shared/text.ts';
import { grandTotalChange, limitBreaches, type AmountRow } from './shared/totals.ts';
import { DEFAULT_TREE_ID, TreeIndex, type CategoryTree } from './shared/tree.ts';
import { resolveTree, treeChangeLabel, writeTreeChange } from './tree-change.ts';
import type { TreeChangePlan, TreeMapping } from './shared/tree-change.ts';
import { sentenceValue, type IndicatorValue } from './shared/indicator-value.ts';
import {
  parseBasisKind,
  parseIndicatorValue,
  parsePolarity,
  parseWeight,
  sameIndicatorValue,
  type IndicatorValueInput,
  type Parsed,
} from './shared/indicator-fields.ts';
import {
  parseContinuity,
  parseRecurrence,
  parseYearMonth,
  periodProblem,
} from './shared/project-fields.ts';
import { planStructuring, type StructurePlan } from './shared/structure-values.ts';
import { type Amounts, type DocumentData, type ReviewMark, type Totals } from './shared/types.ts';

/**
 * One open document and every edit a clerk can make to it. Each public method that changes
 * something is exactly one SQLite transaction: it either happens whole or not at all, and once
 * it returns it is on disk. Validation happens here, before the store, with Chinese messages;
 * the schema's constraints and triggers stand behind it for anything that slips past.
 */

export interface NewDocument {
  readonly department: string;
  readonly year: number;
  /** Set when the document is next year's table made from last year's. */
  readonly previousYear?: number | null;
  /** A built-in tree id (templates/trees), or a tree itself. */
  readonly tree?: string | CategoryTree;
  readonly title?: string | null;
  /** How amounts are typed, shown and printed; 万元 with 2 decimals when not given. */
  readonly money?: MoneyDisplay;
  /** The print layout the document remembers (a shipped layout's id); the default when absent. */
  readonly printLayout?: string | null;
}

export interface ProjectFields {
  /** 上年金额; null clears them. */
  readonly previous?: Amounts | null;
  readonly name?: string;
  readonly fiscal?: Cents;
  readonly specialAccount?: Cents;
  readonly other?: Cents;
  /** 年度目标 (the Guangzhou table's 绩效目标). */
  readonly goal?: string;
  /** 项目总体目标 (实施期目标). */
  readonly overallGoal?: string;
  /** 实施期 start and end as typed (`2024-01`, `2024年1月`…); null clears one. */
  readonly periodStart?: string | null;
  readonly periodEnd?: string | null;
  /** 项目性质: 新增 / 延续 (持续性 accepted); null clears it. */
  readonly continuity?: string | null;
  /** 项目性质: 一次性 / 阶段性 / 经常性; null clears it. */
  readonly recurrence?: string | null;
  readonly category?: string; // 项目类别
  /** 项目资金总额; null: not given. */
  readonly totalBudget?: Cents | null;
  readonly carryOver?: Cents; // 上年结转
  /** 确无服务对象: the project serves no one, so it needs no 满意度指标. */
  readonly noServiceRecipients?: boolean;
  /**
   * An import's note that the table did not say which source the money is in; null clears it.
   * Changing an amount clears it too (the clerk has decided).
   */
  readonly amountDoubt?: string | null;
}

export interface IndicatorFields {
  readonly name?: string;
  /** 实施周期指标值 as a sentence (a shorthand for `cycle: { kind: 'sentence', text }`). */
  readonly cycleValue?: string;
  /** 年度指标值 as a sentence. */
  readonly annualValue?: string;
  /** 实施周期指标值, sentence or structured (operators in any spelling, normalised). */
  readonly cycle?: IndicatorValueInput;
  readonly annual?: IndicatorValueInput;
  readonly annualFollowsCycle?: boolean;
  /** 权重 as typed (`10`, `12.5`); null clears it. */
  readonly weight?: string | null;
  /** 指标值设定依据: the kind (null clears it) and the text, each changed only when given. */
  readonly basis?: { readonly kind?: string | null; readonly text?: string };
  readonly explanation?: string; // 指标解释
  /** 指标方向: 正向 / 反向; null clears it. */
  readonly polarity?: string | null;
  /** 上年指标值; null clears it. */
  readonly previous?: string | null;
  /** The category as an imported table printed it, when it contradicted the tree; null clears. */
  readonly printedCategory?: string | null;
}

export interface NewIndicator extends IndicatorFields {
  readonly level2Code: string;
}

/** The client of edits made without a page (command line, import, tests). */
export const LOCAL_CLIENT = 'local';

/**
 * Text as the store keeps it (db/shared/text.ts): every text goes through here, whoever sends it.
 * Only 绩效目标 has lines (`multiline`); every other text is one line.
 */
function checkText(value: string, what: string, multiline = false): string {
  if (typeof value !== 'string') throw new UserError(`${what}必须是文字`);
  const text = cleanText(value, { multiline });
  if (text.length > MAX_TEXT_LENGTH) {
    throw new UserError(`${what}过长（超过 ${MAX_TEXT_LENGTH} 字）`);
  }
  return text;
}

/** A parsed field, or the clerk's message naming it. */
function must<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new UserError(parsed.message);
  return parsed.value;
}

/** An indicator value as it arrives, checked and cleaned as every text is. */
function checkValue(input: IndicatorValueInput, what: string): IndicatorValue {
  if (typeof input !== 'object' || input === null) throw new UserError(`${what}无效`);
  return must(parseIndicatorValue(input, (t) => checkText(t, what)));
}

/** The four columns of an indicator value (see migration 4). */
function valueColumns(v: IndicatorValue): [string, string | null, string | null, string | null] {
  return v.kind === 'sentence'
    ? [v.text, null, null, null]
    : [v.value, v.operator, v.unit, v.source];
}

function checkAmount(value: Cents, what: string, money: MoneyDisplay): Cents {
  if (typeof value === 'number' && Number.isSafeInteger(value) && !isAmount(value)) {
    throw new UserError(
      `${what}（${formatAmountGrouped(value, money)} ${money.unit}）超过金额上限 ${maxAmountText(money)}，金额未保存`,
    );
  }
  if (!isAmount(value)) throw new UserError(`${what}不是有效金额`);
  return value;
}

function checkMoney(money: MoneyDisplay): MoneyDisplay {
  const problem = moneyDisplayProblem(money?.unit, money?.decimals);
  if (problem) throw new UserError(problem);
  return { unit: money.unit, decimals: money.decimals };
}

function checkYear(year: number): number {
  if (!isBudgetYear(year)) {
    throw new UserError(`预算年度“${year}”无效，应为四位年份，例如 2025`);
  }
  return year;
}

/** An amount edit's units as they were: their projects' amounts, and 合计. */
interface AmountSnapshot {
  readonly units: readonly number[];
  readonly rows: readonly AmountRow[];
  readonly total: Cents;
}

interface IndicatorRow {
  id: number;
  project_id: number;
  level2_code: string;
  name: string;
  cycle_value: string;
  cycle_operator: string | null;
  cycle_unit: string | null;
  cycle_source: string | null;
  annual_value: string;
  annual_operator: string | null;
  annual_unit: string | null;
  annual_source: string | null;
  annual_follows_cycle: number;
  weight: string | null;
  basis_kind: string | null;
  basis: string;
  explanation: string;
  polarity: string | null;
  previous_value: string | null;
  printed_category: string | null;
}

/**
 * A stored value, to write back unchanged. One another tool broke (the reader reports it) cannot
 * be written back: the edit is refused with what to do, rather than failing in the schema.
 */
function storedValue(row: IndicatorRow, which: 'cycle' | 'annual'): IndicatorValue {
  const operator = row[`${which}_operator`];
  const value = row[`${which}_value`];
  const unit = row[`${which}_unit`];
  if (operator === null && unit === null && row[`${which}_source`] === null) {
    return sentenceValue(value);
  }
  const parsed =
    operator === null || unit === null
      ? undefined
      : parseIndicatorValue({ kind: 'structured', operator, value, unit });
  if (!parsed?.ok || parsed.value.kind !== 'structured' || parsed.value.operator !== operator) {
    const what = which === 'cycle' ? '实施周期指标值' : '年度指标值';
    throw new UserError(`文件中的${what}已损坏（文件被其他程序改动过），请先重新填写${what}`);
  }
  // Written back exactly as stored.
  return {
    kind: 'structured',
    operator,
    value,
    unit,
    source: row[`${which}_source`],
  } as IndicatorValue;
}

export class TargetDocument {
  private treeIndex: TreeIndex;
  /** Undo/redo; only for a document opened for editing (not read-only, not being built). */
  private readonly history: EditHistory | undefined;
  /**
   * What each edit touched: for replies that carry only that, and for the kept unit totals.
   * Absent when read-only.
   */
  private readonly changeLog: ChangeLog | undefined;
  /** Each unit's totals between edits (see UnitTotals); absent when read-only. */
  private readonly unitTotals: UnitTotals | undefined;

  /**
   * 'edit': an open document, with undo history; 'fill': a new document being written in one
   * transaction, thrown away whole if anything fails; 'read': read-only.
   */
  private constructor(
    private readonly db: Database.Database,
    readonly filePath: string,
    private readonly mode: 'edit' | 'fill' | 'read',
    /** Set when opening upgraded an older file: where its untouched copy is. */
    readonly backupPath?: string,
  ) {
    this.treeIndex = new TreeIndex(this.readTree());
    this.history = mode === 'edit' ? new EditHistory(db) : undefined;
    this.changeLog = mode === 'read' ? undefined : new ChangeLog(db);
    this.unitTotals = mode === 'read' ? undefined : new UnitTotals(db, mode === 'fill');
    this.openedDataVersion = this.dataVersion();
  }

  // ---- files -------------------------------------------------------------------------------

  static open(file: string, options: OpenOptions = {}): TargetDocument {
    const { db, backupPath } = openDocumentFile(file, options);
    try {
      return new TargetDocument(db, file, options.readonly ? 'read' : 'edit', backupPath);
    } catch (e) {
      // Reading the tree can still fail on a damaged file; never leave the file held open.
      db.close();
      throw explainOpenError(file, e);
    }
  }

  /** Creates a new document file; it is written whole or not at all. */
  static create(
    file: string,
    init: NewDocument,
    options: { overwrite?: boolean } = {},
    fill?: (doc: TargetDocument) => void,
  ): void {
    createDocumentFile(file, options, (db) => {
      TargetDocument.initialise(db, init);
      if (fill) {
        const doc = new TargetDocument(db, file, 'fill');
        db.transaction(() => fill(doc))();
      }
    });
  }

  /** Opens a new document and keeps it open (the editor's 新建). */
  static createAndOpen(file: string, init: NewDocument, options: { overwrite?: boolean } = {}) {
    TargetDocument.create(file, init, options);
    return TargetDocument.open(file);
  }

  private static initialise(db: Database.Database, init: NewDocument): void {
    const tree = resolveTree(init.tree ?? DEFAULT_TREE_ID);
    const money = checkMoney(init.money ?? DEFAULT_MONEY_DISPLAY);
    db.transaction(() => {
      db.prepare(
        `INSERT INTO document (id, department, year, title, money_unit, money_decimals, tree_id, tree_name, tree_source, previous_year, print_layout)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        checkText(init.department, '部门名称'),
        checkYear(init.year),
        init.title === undefined || init.title === null ? null : checkText(init.title, '标题'),
        money.unit,
        money.decimals,
        tree.id,
        tree.name,
        tree.source ?? null,
        init.previousYear ?? null,
        init.printLayout === undefined || init.printLayout === null
          ? null
          : checkLayoutId(init.printLayout),
      );
      const l1 = db.prepare(
        'INSERT INTO category_level1 (code, name, role, position) VALUES (?, ?, ?, ?)',
      );
      const l2 = db.prepare(
        'INSERT INTO category_level2 (code, level1_code, name, position) VALUES (?, ?, ?, ?)',
      );
      let pos = 0;
      tree.level1.forEach((c1, i) => {
        l1.run(c1.code, c1.name, c1.role, i);
        for (const c2 of c1.level2) l2.run(c2.code, c1.code, c2.name, pos++);
      });
    })();
  }

  /** Writes a copy of this document to `target` (另存为); this document stays as it is. */
  saveCopyTo(target: string, options: { overwrite?: boolean } = {}): void {
    writeDocumentCopy(this.db, target, options);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  get tree(): TreeIndex {
    return this.treeIndex;
  }

  private readTree(): CategoryTree {
    const doc = this.db
      .prepare('SELECT tree_id, tree_name, tree_source FROM document WHERE id = 1')
      .get() as { tree_id: string; tree_name: string; tree_source: string | null } | undefined;
    if (!doc) throw new UserError('文件已损坏：缺少文档信息');
    const l1 = this.db
      .prepare('SELECT code, name, role FROM category_level1 ORDER BY position')
      .all() as { code: string; name: string; role: CategoryTree['level1'][number]['role'] }[];
    const l2 = this.db
      .prepare('SELECT code, level1_code, name FROM category_level2 ORDER BY position')
      .all() as { code: string; level1_code: string; name: string }[];
    const tree = {
      id: doc.tree_id,
      name: doc.tree_name,
      ...(doc.tree_source === null ? {} : { source: doc.tree_source }),
      level1: l1.map((c1) => ({
        ...c1,
        level2: l2
          .filter((c2) => c2.level1_code === c1.code)
          .map(({ code, name }) => ({ code, name })),
      })),
    };
    // The tree is not something a clerk can edit, so a tree another tool broke (no category
    // at all, a second-level category without its parent) cannot be shown as a finding to fix.
    const placed = l2.every((c2) => l1.some((c1) => c1.code === c2.level1_code));
    if (l1.length === 0 || !placed) {
      throw new UserError(
        `“${path.basename(this.filePath)}”中的指标体系已损坏（${l1.length === 0 ? '没有指标类别' : '有二级指标不属于任何一级指标'}），无法打开；请改用备份或之前保存的副本，文件未作任何改动`,
      );
    }
    return tree;
  }

  /** Runs `fn` as one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Several edits as one: one transaction and one undo step, under the clerk's label. */
  batch<T>(label: string, fn: () => T): T {
    return this.edit(label, fn);
  }

  /** One edit: one transaction, and one undo step when the document keeps a history. */
  private edit<T>(label: string, fn: () => T): T {
    if (this.editDepth > 0) return fn();
    this.editDepth++;
    try {
      const result = this.history
        ? this.history.step(label, this.client, fn)
        : this.transaction(fn);
      this.committed();
      return result;
    } catch (e) {
      // Its changes were rolled back; totals kept while filling may have counted them.
      if (this.mode === 'fill') this.unitTotals!.forgetAll();
      throw e;
    } finally {
      this.editDepth--;
    }
  }

  private editDepth = 0;
  /** Who the edits being made belong to (a page or a window); see actingAs. */
  private client = LOCAL_CLIENT;
  private revisionCount = 0;
  /** SQLite's data_version after our own last commit: another connection's commit changes it. */
  private ownDataVersion: number | undefined;

  /**
   * Runs `fn` with its edits recorded as `client`'s: undo and redo only ever take back the
   * asking client's own steps.
   */
  actingAs<T>(client: string, fn: () => T): T {
    const before = this.client;
    this.client = client;
    try {
      return fn();
    } finally {
      this.client = before;
    }
  }

  private committed(): void {
    this.revisionCount++;
    this.ownDataVersion = this.dataVersion();
  }

  private dataVersion(): number {
    return Number(this.sql('PRAGMA data_version', { pluck: true }).get());
  }

  /** A statement prepared once for this connection (see db/statements.ts). */
  private sql(source: string, options: { pluck?: boolean } = {}): Database.Statement {
    return statement(this.db, source, options);
  }

  /** Counts this connection's committed edits, undos and redos: the session's document version. */
  get revision(): number {
    return this.revisionCount;
  }

  /**
   * True when another connection (another program, or a tool such as sqlite3) has written the
   * file since this document's own last edit: its undo steps no longer describe the file.
   */
  changedElsewhere(): boolean {
    return this.dataVersion() !== (this.ownDataVersion ?? this.openedDataVersion);
  }

  private readonly openedDataVersion: number;

  /**
   * Changes whenever another connection commits to the file (a read-only window sees the
   * editing program's work). SQLite's data_version counts those commits per connection.
   */
  get externalChanges(): number {
    return this.db.open ? this.dataVersion() - this.openedDataVersion : 0;
  }

  /**
   * Undoes the asking client's last edit; returns what it was, or undefined when it has nothing
   * to undo. Refused (code 'undoBlocked') when anyone else changed the document after it.
   */
  undo(): string | undefined {
    return this.replayHistory('undo');
  }

  redo(): string | undefined {
    return this.replayHistory('redo');
  }

  private replayHistory(which: 'undo' | 'redo'): string | undefined {
    if (!this.history) return undefined;
    if (this.changedElsewhere()) {
      this.history.clear();
      this.ownDataVersion = this.dataVersion();
      throw new UserError(
        `文档文件已被其他程序修改，无法${which === 'undo' ? '撤销' : '重做'}；之前的编辑记录已清空`,
        { code: 'undoBlocked' },
      );
    }
    const label =
      which === 'undo' ? this.history.undo(this.client) : this.history.redo(this.client);
    if (label !== undefined) this.committed();
    // Undoing or redoing 更换指标体系 puts another tree in the file.
    if (this.changeLog!.treeTouched()) this.treeIndex = new TreeIndex(this.readTree());
    return label;
  }

  /** What undo and redo would do now for the acting client (for menus: 撤销“删除项目”). */
  get historyState(): HistoryState {
    return this.history?.stateFor(this.client) ?? {};
  }

  // ---- header ------------------------------------------------------------------------------

  setDepartment(name: string): void {
    this.edit('修改部门名称', () => {
      this.sql('UPDATE document SET department = ? WHERE id = 1').run(checkText(name, '部门名称'));
    });
  }

  setYear(year: number): void {
    this.edit('修改预算年度', () => {
      this.sql('UPDATE document SET year = ? WHERE id = 1').run(checkYear(year));
    });
  }

  /** null restores the standard title derived from 部门名称 and 预算年度. */
  setTitle(title: string | null): void {
    this.edit('修改标题', () => {
      this.sql('UPDATE document SET title = ? WHERE id = 1').run(
        title === null ? null : checkText(title, '标题'),
      );
    });
  }

  /**
   * How the document's amounts are typed, shown and printed, as the file holds it now (万元 with
   * 6 decimals, which shows every amount, when another tool broke the setting).
   */
  get money(): MoneyDisplay {
    const row = this.sql('SELECT money_unit, money_decimals FROM document WHERE id = 1').get() as
      { money_unit: unknown; money_decimals: unknown } | undefined;
    if (!row || moneyDisplayProblem(row.money_unit, row.money_decimals)) {
      return EXACT_MONEY_DISPLAY;
    }
    return { unit: row.money_unit as MoneyDisplay['unit'], decimals: row.money_decimals as number };
  }

  /**
   * 金额单位 and 小数位数. Amounts are stored in 分 and never change; refused, naming the
   * first amount, when the new setting could not show an amount exactly (switching 万元 with 6
   * decimals to 2 while a project holds 330.984 万元): its digits would be lost in print.
   */
  setMoneyDisplay(display: MoneyDisplay): void {
    const money = checkMoney(display);
    if (sameDisplay(money, this.money)) return;
    this.edit('修改金额单位', () => {
      const step = displayStep(money);
      if (step > 1) this.refuseUnshowable(money, step);
      this.sql('UPDATE document SET money_unit = ?, money_decimals = ? WHERE id = 1').run(
        money.unit,
        money.decimals,
      );
    });
  }

  /** The print layout the document remembers (its id as stored; null: the default). */
  get printLayout(): string | null {
    const stored = this.sql('SELECT print_layout FROM document WHERE id = 1', {
      pluck: true,
    }).get();
    return typeof stored === 'string' ? stored : null;
  }

  /**
   * 打印格式: remembered for the next export that names none. A setting of the document like
   * 金额单位, so one step of 撤销 like it; refused, naming the layouts there are, for an id
   * this program does not ship.
   */
  setPrintLayout(id: string): void {
    const layout = checkLayoutId(id);
    if (layout === this.printLayout) return;
    this.edit('修改打印格式', () => {
      this.sql('UPDATE document SET print_layout = ? WHERE id = 1').run(layout);
    });
  }

  private refuseUnshowable(money: MoneyDisplay, step: number): void {
    const columns = [
      ['fiscal', '财政拨款'],
      ['special_account', '财政专户拨款'],
      ['other', '其他资金'],
      ['previous_fiscal', '上年财政拨款'],
      ['previous_special_account', '上年财政专户拨款'],
      ['previous_other', '上年其他资金'],
      ['total_budget', '项目资金总额'],
      ['carry_over', '上年结转'],
    ] as const;
    // Only valid amounts: any other stored value is reported as a defect and counts as 0.
    const lost = (c: string) => `(typeof(p.${c}) = 'integer' AND p.${c} % ${step} != 0)`;
    const row = this.sql(
      `SELECT p.name, u.name AS unitName, ${columns.map(([c]) => `p.${c}`).join(', ')}
         FROM project p JOIN unit u ON u.id = p.unit_id
        WHERE ${columns.map(([c]) => lost(c)).join(' OR ')}
        ORDER BY u.position, u.id, p.position, p.id LIMIT 1`,
    ).get() as Record<string, unknown> | undefined;
    if (!row) return;
    const [column, label] = columns.find(([c]) => {
      const v = row[c];
      return typeof v === 'number' && Number.isInteger(v) && v % step !== 0;
    })!;
    const amount = row[column] as Cents;
    const name = typeof row.name === 'string' && row.name.trim() ? row.name : '（未命名）';
    throw new UserError(
      `项目“${name}”的${label}为 ${formatAmountGrouped(amount, money)} ${money.unit}，按${describeDisplay(money)}无法准确显示，金额单位未修改；请先核对该金额，或选择更多小数位数`,
    );
  }

  // ---- units -------------------------------------------------------------------------------

  addUnit(unitName: string, index?: number): number {
    const name = checkText(unitName, '资金使用单位名称');
    return this.edit('添加资金使用单位', () => {
      const count = this.count('unit');
      const at = clampIndex(index ?? count, count);
      this.sql('UPDATE unit SET position = position + 1 WHERE position >= ?').run(at);
      return Number(
        this.sql('INSERT INTO unit (name, position) VALUES (?, ?)').run(name, at).lastInsertRowid,
      );
    });
  }

  renameUnit(id: number, name: string): void {
    this.edit('重命名资金使用单位', () => {
      this.mustChange(
        this.sql('UPDATE unit SET name = ? WHERE id = ?').run(
          checkText(name, '资金使用单位名称'),
          id,
        ),
        '资金使用单位',
      );
    });
  }

  moveUnit(id: number, index: number): void {
    this.edit('移动资金使用单位', () => {
      const ids = this.orderedIds('SELECT id FROM unit ORDER BY position, id');
      this.reorder('unit', ids, id, index, '资金使用单位');
    });
  }

  deleteUnit(id: number): void {
    this.edit('删除资金使用单位', () => {
      this.mustChange(this.sql('DELETE FROM unit WHERE id = ?').run(id), '资金使用单位');
      this.renumber('unit', this.orderedIds('SELECT id FROM unit ORDER BY position, id'));
    });
  }

  // ---- projects ----------------------------------------------------------------------------

  addProject(unitId: number, fields: ProjectFields = {}, index?: number): number {
    return this.edit('添加项目', () => {
      this.mustExist('unit', unitId, '资金使用单位');
      const ids = this.projectIds(unitId);
      const at = clampIndex(index ?? ids.length, ids.length);
      this.sql(
        'UPDATE project SET position = position + 1 WHERE unit_id = ? AND position >= ?',
      ).run(unitId, at);
      const id = Number(
        this.sql('INSERT INTO project (unit_id, position, name) VALUES (?, ?, ?)').run(
          unitId,
          at,
          '',
        ).lastInsertRowid,
      );
      this.updateProject(id, { name: '', ...fields });
      return id;
    });
  }

  updateProject(id: number, fields: ProjectFields): void {
    this.edit('修改项目', () => {
      const sets: string[] = [];
      const values: (string | number | null)[] = [];
      const put = (column: string, value: string | number | null) => {
        sets.push(`${column} = ?`);
        values.push(value);
      };
      const money = this.money;
      const amount = (value: Cents, what: string) => checkAmount(value, what, money);
      if (fields.name !== undefined) put('name', checkText(fields.name, '项目名称'));
      if (fields.fiscal !== undefined) put('fiscal', amount(fields.fiscal, '财政拨款'));
      if (fields.specialAccount !== undefined)
        put('special_account', amount(fields.specialAccount, '财政专户拨款'));
      if (fields.other !== undefined) put('other', amount(fields.other, '其他资金'));
      if (fields.goal !== undefined) put('goal', checkText(fields.goal, '绩效目标', true));
      if (fields.overallGoal !== undefined)
        put('overall_goal', checkText(fields.overallGoal, '项目总体目标', true));
      if (fields.periodStart !== undefined || fields.periodEnd !== undefined) {
        const month = (text: string | null | undefined, what: string) =>
          text === null || text === undefined || text.trim() === ''
            ? null
            : must(parseYearMonth(checkText(text, what)));
        const current = this.sql('SELECT period_start, period_end FROM project WHERE id = ?').get(
          id,
        ) as { period_start: string | null; period_end: string | null } | undefined;
        if (!current) throw gone('项目');
        const start =
          fields.periodStart === undefined
            ? current.period_start
            : month(fields.periodStart, '实施期开始');
        const end =
          fields.periodEnd === undefined
            ? current.period_end
            : month(fields.periodEnd, '实施期结束');
        const problem = periodProblem(start, end);
        if (problem) throw new UserError(`${problem}，实施期未保存`);
        put('period_start', start);
        put('period_end', end);
      }
      if (fields.continuity !== undefined)
        put(
          'continuity',
          fields.continuity === null ? null : must(parseContinuity(fields.continuity)),
        );
      if (fields.recurrence !== undefined)
        put(
          'recurrence',
          fields.recurrence === null ? null : must(parseRecurrence(fields.recurrence)),
        );
      if (fields.category !== undefined) put('category', checkText(fields.category, '项目类别'));
      if (fields.totalBudget !== undefined)
        put(
          'total_budget',
          fields.totalBudget === null ? null : amount(fields.totalBudget, '项目资金总额'),
        );
      if (fields.carryOver !== undefined) put('carry_over', amount(fields.carryOver, '上年结转'));
      if (fields.noServiceRecipients !== undefined)
        put('no_service_recipients', fields.noServiceRecipients ? 1 : 0);
      if (fields.amountDoubt !== undefined) {
        put('amount_doubt', fields.amountDoubt && checkText(fields.amountDoubt, '金额说明'));
      } else if (this.amountsChange(id, fields)) {
        put('amount_doubt', null);
      }
      if (fields.previous !== undefined) {
        const prev = fields.previous;
        put('previous_fiscal', prev && amount(prev.fiscal, '上年财政拨款'));
        put('previous_special_account', prev && amount(prev.specialAccount, '上年财政专户拨款'));
        put('previous_other', prev && amount(prev.other, '上年其他资金'));
      }
      if (sets.length === 0) return;
      const amounts =
        fields.fiscal !== undefined ||
        fields.specialAccount !== undefined ||
        fields.other !== undefined ||
        fields.previous !== undefined;
      const unit = amounts ? this.projectUnit(id) : undefined;
      const before = unit === undefined ? undefined : this.amountsOf([unit]);
      // Statements are kept by their text: one for each combination of fields (a handful).
      this.mustChange(
        this.sql(`UPDATE project SET ${sets.join(', ')} WHERE id = ?`).run(...values, id),
        '项目',
      );
      if (before) this.refuseTotalsOverLimit(before);
    });
  }

  /** Whether `fields` give a project an amount other than the one it has. */
  private amountsChange(id: number, fields: ProjectFields): boolean {
    if (
      fields.fiscal === undefined &&
      fields.specialAccount === undefined &&
      fields.other === undefined
    )
      return false;
    const row = this.sql('SELECT fiscal, special_account, other FROM project WHERE id = ?').get(
      id,
    ) as { fiscal: unknown; special_account: unknown; other: unknown } | undefined;
    if (!row) return false;
    return (
      (fields.fiscal !== undefined && fields.fiscal !== row.fiscal) ||
      (fields.specialAccount !== undefined && fields.specialAccount !== row.special_account) ||
      (fields.other !== undefined && fields.other !== row.other)
    );
  }

  /** The unit a project is in, if the project and its unit exist. */
  private projectUnit(id: number): number | undefined {
    return this.sql(
      'SELECT p.unit_id FROM project p JOIN unit u ON u.id = p.unit_id WHERE p.id = ?',
      { pluck: true },
    ).get(id) as number | undefined;
  }

  /**
   * What an amount edit can change: the projects of `units` (the units it touches) and 合计,
   * which is read from the kept unit totals rather than from every project.
   */
  private amountsOf(units: readonly number[]): AmountSnapshot {
    const rows = this.sql(
      `SELECT p.id, p.unit_id AS unitId, p.name, u.name AS unitName, p.fiscal, p.special_account AS specialAccount,
              p.other, p.previous_fiscal AS previousFiscal,
              p.previous_special_account AS previousSpecialAccount, p.previous_other AS previousOther
         FROM project p JOIN unit u ON u.id = p.unit_id WHERE p.unit_id = ?`,
    );
    return {
      units,
      rows: [...new Set(units)].flatMap((u) => rows.all(u) as AmountRow[]),
      total: grandTotal(this.unitTotalsNow()).total,
    };
  }

  /**
   * Every unit's totals as the file holds them now, inside the edit's transaction: the kept ones,
   * read again for the units this connection changed since they were kept.
   */
  private unitTotalsNow(): ReadonlyMap<number, Totals> {
    const [log, totals] = [this.changeLog!, this.unitTotals!];
    // A document being filled has nobody else wanting its change log: take it as it goes, so it
    // stays short; an open one keeps it for the edit's reply (takeChanges) and only looks.
    if (this.mode === 'fill') {
      totals.markStale(log.take().units);
      return totals.now();
    }
    return totals.now(log.changedUnits());
  }

  /**
   * The one maximum (db/shared/money.ts) holds for every derived total too: an edit that takes a
   * project's 总计, its unit's row or 合计 past it (or further past it, in a file another tool
   * changed) is refused, inside the edit's transaction, so nothing of it is saved. Only the
   * totals on the edited projects' path to 合计 can change, so only those are compared.
   */
  private refuseTotalsOverLimit(before: AmountSnapshot): void {
    const after = this.amountsOf(before.units);
    // limitBreaches sees only these units' projects: its 合计 would be theirs alone, so 合计 is
    // compared here, from the whole document's, and named last (the nearest total first).
    const breaches = limitBreaches(before.rows, after.rows).filter((b) => b.what !== '合计');
    // 合计 as it truly moves: a total another tool took past 2^53 is held at SUM_LIMIT (see
    // sumCents), so the change is added to it exactly rather than read from two held sums.
    const total = BigInt(before.total) + grandTotalChange(before.rows, after.rows);
    const past = total < 0n ? -total : total;
    if (past > BigInt(MAX_AMOUNT_CENTS) && past > BigInt(Math.abs(before.total))) {
      breaches.push({ what: '合计', total: clampSum(total) });
    }
    const [breach] = breaches;
    if (breach) {
      const money = this.money;
      throw new UserError(
        `${breach.what}将超过上限 ${maxAmountText(money)}（将为 ${formatAmountGrouped(breach.total, money)} ${money.unit}${atSumLimit(breach.total) ? '以上' : ''}），金额未保存`,
      );
    }
  }

  /** Moves a project to position `index` of `unitId` (its own unit when omitted). */
  moveProject(id: number, index: number, unitId?: number): void {
    this.edit('移动项目', () => {
      const row = this.sql('SELECT unit_id FROM project WHERE id = ?').get(id) as
        { unit_id: number } | undefined;
      if (!row) throw gone('项目');
      const target = unitId ?? row.unit_id;
      if (target !== row.unit_id) {
        this.mustExist('unit', target, '资金使用单位');
        const before = this.amountsOf([row.unit_id, target]);
        this.sql('UPDATE project SET unit_id = ? WHERE id = ?').run(target, id);
        this.refuseTotalsOverLimit(before);
        this.renumber('project', this.projectIds(row.unit_id));
        const ids = this.projectIds(target).filter((p) => p !== id);
        ids.splice(clampIndex(index, ids.length), 0, id);
        this.renumber('project', ids);
      } else {
        this.reorder('project', this.projectIds(target), id, index, '项目');
      }
    });
  }

  deleteProject(id: number): void {
    this.edit('删除项目', () => {
      const row = this.sql('SELECT unit_id FROM project WHERE id = ?').get(id) as
        { unit_id: number } | undefined;
      if (!row) throw gone('项目');
      this.sql('DELETE FROM project WHERE id = ?').run(id);
      this.renumber('project', this.projectIds(row.unit_id));
    });
  }

  // ---- indicators --------------------------------------------------------------------------

  addIndicator(projectId: number, fields: NewIndicator, index?: number): number {
    return this.edit('添加绩效指标', () => {
      this.mustExist('project', projectId, '项目');
      this.requireLevel2(fields.level2Code);
      const ids = this.indicatorIds(projectId);
      const at = clampIndex(index ?? ids.length, ids.length);
      this.sql(
        'UPDATE indicator SET position = position + 1 WHERE project_id = ? AND position >= ?',
      ).run(projectId, at);
      const id = Number(
        this.sql('INSERT INTO indicator (project_id, position, level2_code) VALUES (?, ?, ?)').run(
          projectId,
          at,
          fields.level2Code,
        ).lastInsertRowid,
      );
      const { level2Code: _code, ...rest } = fields;
      this.updateIndicator(id, rest);
      return id;
    });
  }

  /**
   * Edits an indicator. The link between the two values:
   * - while 年度指标值 follows 实施周期指标值, a new cycle value is also the annual value;
   * - an annual value different from the cycle value unlinks them;
   * - linking again copies the cycle value into the annual value.
   */
  updateIndicator(id: number, fields: IndicatorFields): void {
    this.edit('修改绩效指标', () => {
      const row = this.indicatorRow(id);
      const name = fields.name === undefined ? row.name : checkText(fields.name, '三级指标名称');
      const given = (
        value: IndicatorValueInput | undefined,
        sentence: string | undefined,
        what: string,
      ): IndicatorValue | undefined => {
        if (value !== undefined && sentence !== undefined) {
          throw new UserError(`${what}同时给出了文字和结构化的值，修改未保存`);
        }
        if (value !== undefined) return checkValue(value, what);
        return sentence === undefined ? undefined : sentenceValue(checkText(sentence, what));
      };
      const cycle =
        given(fields.cycle, fields.cycleValue, '实施周期指标值') ?? storedValue(row, 'cycle');
      let follows = fields.annualFollowsCycle ?? row.annual_follows_cycle === 1;
      let annual = storedValue(row, 'annual');
      const newAnnual = given(fields.annual, fields.annualValue, '年度指标值');
      if (newAnnual !== undefined) {
        const same = sameIndicatorValue(newAnnual, cycle);
        if (fields.annualFollowsCycle === true && !same) {
          throw new UserError('年度指标值与实施周期指标值不同，不能同时设为“与实施周期指标值一致”');
        }
        annual = newAnnual;
        if (!same) follows = false;
      }
      if (follows) annual = cycle;

      const weight =
        fields.weight === undefined
          ? row.weight
          : fields.weight === null || fields.weight.trim() === ''
            ? null
            : must(parseWeight(checkText(fields.weight, '权重')));
      const basisKind =
        fields.basis?.kind === undefined
          ? row.basis_kind
          : fields.basis.kind === null || fields.basis.kind.trim() === ''
            ? null
            : must(parseBasisKind(fields.basis.kind));
      const basis =
        fields.basis?.text === undefined
          ? row.basis
          : checkText(fields.basis.text, '指标值设定依据');
      const explanation =
        fields.explanation === undefined
          ? row.explanation
          : checkText(fields.explanation, '指标解释', true);
      const polarity =
        fields.polarity === undefined
          ? row.polarity
          : fields.polarity === null || fields.polarity.trim() === ''
            ? null
            : must(parsePolarity(fields.polarity));
      const previous =
        fields.previous === undefined
          ? row.previous_value
          : fields.previous === null
            ? null
            : checkText(fields.previous, '上年指标值');
      const printedCategory =
        fields.printedCategory === undefined
          ? row.printed_category
          : fields.printedCategory && checkText(fields.printedCategory, '印出的指标类别');

      this.sql(
        `UPDATE indicator SET name = ?,
             cycle_value = ?, cycle_operator = ?, cycle_unit = ?, cycle_source = ?,
             annual_value = ?, annual_operator = ?, annual_unit = ?, annual_source = ?,
             annual_follows_cycle = ?, weight = ?, basis_kind = ?, basis = ?, explanation = ?,
             polarity = ?, previous_value = ?, printed_category = ?
           WHERE id = ?`,
      ).run(
        name,
        ...valueColumns(cycle),
        ...valueColumns(annual),
        follows ? 1 : 0,
        weight,
        basisKind,
        basis,
        explanation,
        polarity,
        previous,
        printedCategory,
        id,
      );
    });
  }

  /**
   * Turns every sentence that is unambiguously one structured value (`≥95%`, `=100.00(%)`,
   * `10辆`) into that value, keeping the sentence it was made from: in one project, or in the
   * whole document when `projectId` is omitted. One edit and one undo step. Returns what was
   * converted and what stays a sentence (with why), for the clerk to review.
   */
  structureValues(projectId?: number): StructurePlan {
    return this.edit('将指标值转为结构化', () => {
      if (projectId !== undefined) this.mustExist('project', projectId, '项目');
      const plan = planStructuring(readDocument(this.db, this.treeIndex), projectId);
      for (const c of plan.conversions) {
        // An annual value that follows the cycle value is converted with it.
        if (c.field === 'annualValue' && c.followsCycle) continue;
        const value: IndicatorValueInput = { kind: 'structured', ...c.value, source: c.text };
        this.updateIndicator(
          c.indicatorId,
          c.field === 'cycleValue' ? { cycle: value } : { annual: value },
        );
      }
      return plan;
    });
  }

  /** Moves an indicator to position `index` within its project. */
  moveIndicator(id: number, index: number): void {
    this.edit('移动绩效指标', () => {
      const row = this.indicatorRow(id);
      this.reorder('indicator', this.indicatorIds(row.project_id), id, index, '指标');
    });
  }

  /** Moves an indicator to another second-level category of the document's tree. */
  setIndicatorCategory(id: number, level2Code: string): void {
    this.edit('更改指标类别', () => {
      this.requireLevel2(level2Code);
      // The clerk has placed it: the category an import printed for it no longer stands.
      this.mustChange(
        this.sql(
          `UPDATE indicator SET level2_code = ?,
             printed_category = CASE WHEN level2_code = ? THEN printed_category END
           WHERE id = ?`,
        ).run(level2Code, level2Code, id),
        '指标',
      );
    });
  }

  /**
   * 更换指标体系: the document's tree becomes `target` (a built-in id or a tree), each indicator
   * moved by `mapping` (from every used second-level code to one of the target's); one undo
   * step, which restores the old tree and every category. Returns what moved.
   */
  changeTree(target: string | CategoryTree, mapping: TreeMapping): TreeChangePlan {
    const tree = resolveTree(target);
    try {
      return this.edit(treeChangeLabel(tree), () =>
        writeTreeChange(this.db, this.snapshot(), tree, mapping),
      );
    } finally {
      this.treeIndex = new TreeIndex(this.readTree());
    }
  }

  deleteIndicator(id: number): void {
    this.edit('删除绩效指标', () => {
      const row = this.indicatorRow(id);
      this.sql('DELETE FROM indicator WHERE id = ?').run(id);
      this.renumber('indicator', this.indicatorIds(row.project_id));
    });
  }

  // ---- copy ----------------------------------------------------------------------------

  /**
   * 粘贴项目: a copy of project `id`, every field and indicator, into unit `toUnitId` at
   * `index` (its end when omitted), named `…（副本）` (`…（副本2）` when taken anywhere in the
   * document). 已核对 marks stay with the original: the copy has not been reviewed. One edit and
   * one undo step; returns the copy's id.
   */
  copyProject(id: number, toUnitId: number, index?: number): number {
    return this.edit('粘贴项目', () => {
      const source = this.sql('SELECT name FROM project WHERE id = ?', { pluck: true }).get(id) as
        string | undefined;
      if (source === undefined) throw gone('项目');
      this.mustExist('unit', toUnitId, '资金使用单位');
      const taken = this.sql('SELECT name FROM project', { pluck: true }).all() as string[];
      const name = checkText(copyName(source, taken), '项目名称');
      const before = this.amountsOf([toUnitId]);
      const ids = this.projectIds(toUnitId);
      const at = clampIndex(index ?? ids.length, ids.length);
      const copy = insertProjectCopy(this.db, id, toUnitId, ids.length, name);
      ids.splice(at, 0, copy);
      this.renumber('project', ids);
      this.indicatorIds(id).forEach((indicator, i) =>
        insertIndicatorCopy(this.db, indicator, copy, i),
      );
      this.refuseTotalsOverLimit(before);
      return copy;
    });
  }

  /**
   * 粘贴绩效指标: copies of indicators `ids` (any projects of this document, in the order
   * given), every field, into project `toProjectId` at `index` (its end when omitted), in the
   * same categories. One edit and one undo step; returns the copies' ids.
   */
  copyIndicators(ids: readonly number[], toProjectId: number, index?: number): number[] {
    return this.edit('粘贴绩效指标', () => {
      this.mustExist('project', toProjectId, '项目');
      const sources = [...new Set(ids)];
      if (sources.length === 0) throw new UserError('没有要粘贴的绩效指标');
      for (const id of sources) this.indicatorRow(id);
      const list = this.indicatorIds(toProjectId);
      const at = clampIndex(index ?? list.length, list.length);
      const copies = sources.map((id, i) =>
        insertIndicatorCopy(this.db, id, toProjectId, list.length + i),
      );
      list.splice(at, 0, ...copies);
      this.renumber('indicator', list);
      return copies;
    });
  }

  /**
   * Indicators given with their content (from last year's table), appended to project
   * `projectId` in their categories, as one edit and one undo step labelled `label`. Refused
   * whole, naming them, when this document's tree lacks a category (the same code and name).
   */
  pasteIndicators(
    projectId: number,
    indicators: readonly (NewIndicator & { readonly level2Name: string })[],
    label: string,
  ): number[] {
    const missing = indicators.filter(
      (i) => this.treeIndex.resolve(i.level2Code)?.level2.name !== i.level2Name,
    );
    if (missing.length > 0) throw missingCategories(missing);
    return this.edit(label, () => {
      this.mustExist('project', projectId, '项目');
      return indicators.map(({ level2Name: _name, ...fields }) =>
        this.addIndicator(projectId, fields),
      );
    });
  }

  // ---- 审核 ------------------------------------------------------------------------------

  /**
   * Marks a finding 已核对 (replacing an earlier mark of the same finding), or removes the mark
   * when `checked` is false. Which finding, and its subject, the caller has established from the
   * checks (see EditorSession.setFindingChecked); the model keeps what it is given.
   */
  setReviewMark(mark: ReviewMark, checked: boolean): void {
    this.edit(checked ? '标记已核对' : '取消已核对', () => {
      const l = mark.location;
      const place = [l.unitId ?? null, l.projectId ?? null, l.indicatorId ?? null, l.field ?? null];
      this.sql(
        `DELETE FROM review_mark WHERE rule_id = ? AND unit_id IS ? AND project_id IS ?
           AND indicator_id IS ? AND field IS ?`,
      ).run(mark.ruleId, ...place);
      if (!checked) return;
      if (!/^\d{4}-\d{2}-\d{2}$/u.test(mark.checkedOn)) {
        throw new UserError(`核对日期“${mark.checkedOn}”不是 YYYY-MM-DD 格式`);
      }
      this.sql(
        `INSERT INTO review_mark (rule_id, unit_id, project_id, indicator_id, field, subject, checked_on)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(mark.ruleId, ...place, mark.subject, mark.checkedOn);
    });
  }

  // ---- reading -----------------------------------------------------------------------------

  /**
   * The whole document as plain data, with every total derived. Never throws on what the file
   * holds: values another tool wrote that this program would not have are reported in
   * `defects` (see db/read-document.ts).
   */
  snapshot(): DocumentData {
    const data = readDocument(this.db, this.treeIndex);
    this.unitTotals?.remember(data.units);
    return data;
  }

  /**
   * The parts of the document this connection changed since the last call (edits, undo, redo),
   * read as snapshot() would read them; undefined for a document opened without a history
   * (read-only), which never changes from here, and when the tree changed (the caller reads the
   * whole document).
   */
  takeChanges(): DocumentChanges | undefined {
    if (this.mode !== 'edit') return undefined;
    const touched = this.changeLog!.take();
    // Another tree changes every indicator's category and printed order: the whole document.
    if (touched.tree) return undefined;
    return readChanges(this.db, this.treeIndex, touched, this.unitTotals!);
  }

  /** Starts the record of changes afresh (before an operation whose changes are wanted). */
  forgetChanges(): void {
    if (this.changeLog) this.unitTotals!.markStale(this.changeLog.take().units);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private requireLevel2(code: string): void {
    if (typeof code !== 'string' || !this.treeIndex.resolve(code)) {
      const valid = this.treeIndex.tree.level1
        .flatMap((l1) => l1.level2.map((l2) => `${l2.code}-${l2.name}`))
        .join('、');
      throw new UserError(
        `指标类别“${String(code)}”不是本表指标体系中的二级指标（可选：${valid}）`,
      );
    }
  }

  private indicatorRow(id: number): IndicatorRow {
    const row = this.sql('SELECT * FROM indicator WHERE id = ?').get(id) as
      IndicatorRow | undefined;
    if (!row) throw gone('指标');
    return row;
  }

  private count(table: 'unit'): number {
    return Number(this.sql(`SELECT count(*) FROM ${table}`, { pluck: true }).get());
  }

  private mustExist(table: 'unit' | 'project', id: number, what: string): void {
    // A deleted row and an id that never existed read the same to the clerk.
    if (!this.sql(`SELECT 1 FROM ${table} WHERE id = ?`).get(id)) throw gone(what);
  }

  private mustChange(result: Database.RunResult, what: string): void {
    if (result.changes === 0) throw gone(what);
  }

  private orderedIds(sql: string, ...params: number[]): number[] {
    return this.sql(sql, { pluck: true }).all(...params) as number[];
  }

  private projectIds(unitId: number): number[] {
    return this.orderedIds(
      'SELECT id FROM project WHERE unit_id = ? ORDER BY position, id',
      unitId,
    );
  }

  private indicatorIds(projectId: number): number[] {
    return this.orderedIds(
      'SELECT id FROM indicator WHERE project_id = ? ORDER BY position, id',
      projectId,
    );
  }

  private reorder(
    table: 'unit' | 'project' | 'indicator',
    ids: number[],
    id: number,
    index: number,
    what: string,
  ): void {
    const from = ids.indexOf(id);
    if (from < 0) throw gone(what);
    ids.splice(from, 1);
    ids.splice(clampIndex(index, ids.length), 0, id);
    this.renumber(table, ids);
  }

  private renumber(table: 'unit' | 'project' | 'indicator', ids: readonly number[]): void {
    const stmt = this.sql(`UPDATE ${table} SET position = ? WHERE id = ? AND position != ?`);
    ids.forEach((id, i) => stmt.run(i, id, i));
  }
}

/**
 * An edit names a row that is not there: in the editor that means another page or window deleted
 * it meanwhile (ids are never shown to the clerk, so the message does not name one).
 */
function gone(what: string): UserError {
  return new UserError(`该${what}已不存在（可能已在其他窗口中删除），这次修改未保存`, {
    code: 'gone',
  });
}

/** Pasted indicators whose category this document's tree does not have, named. */
function missingCategories(
  missing: readonly { level2Code: string; level2Name: string; name?: string }[],
): UserError {
  const categories = [...new Set(missing.map((i) => `“${i.level2Code}-${i.level2Name}”`))];
  const names = missing
    .slice(0, 5)
    .map((i) => `“${i.name?.trim() || '未命名'}”`)
    .join('、');
  return new UserError(
    `本表的指标体系中没有${categories.join('、')}类别，指标${names}${missing.length > 5 ? `等 ${missing.length} 条` : ''}未复制；可先“更换指标体系”，或只选其他类别的指标`,
  );
}

function clampIndex(index: number, length: number): number {
  if (!Number.isInteger(index)) throw new UserError(`位置“${index}”无效`);
  return Math.max(0, Math.min(index, length));
}
