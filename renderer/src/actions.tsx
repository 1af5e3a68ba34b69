import type {
  DocumentState,
  EditResult,
  Payload,
  StructureValuesResult,
} from '../../db/shared/api/contract.ts';
import type {
  ExportFormat,
  HostInfo,
  ImportedTable,
  NamedItem,
  OpenedState,
  OpenMode,
} from '../../db/shared/api/host-contract.ts';
import type { LockHolder } from '../../db/shared/errors.ts';
import type { YearReview } from '../../db/shared/year-review.ts';
import type { MoneyDisplay, MoneyUnit } from '../../db/shared/money.ts';
import type { StructurePlan } from '../../db/shared/structure-values.ts';
import type { DocumentData, IndicatorData, ProjectData, UnitData } from '../../db/shared/types.ts';
import { isElectron, type Command } from './api.ts';
import { layoutChoice } from './layout-choice.ts';
import { atom } from './atom.ts';
import { openFind } from './find.ts';
import { notesToShow, sourceNotes } from './from-previous.ts';
import type { LostText } from './doc-store.ts';
import { fieldId, focusWhenReady } from './focus.ts';
import { messageOf, store, type EditOutcome, type FieldGuard, type Selection } from './store.ts';
import { ui } from './ui.ts';
import { HostError, UNREACHABLE } from './wire.ts';

/**
 * What the clerk can do, as plain functions over the store: the toolbar, the menus, the tree,
 * the editor panels and the keyboard all call these, so each action behaves the same wherever
 * it starts. The host decides every rule; these only ask, then show the result.
 */

// ---- view state shared across components ---------------------------------------------------

export const findingsOpen = atom(false);

/**
 * 更多项目信息 (ProjectEditor.tsx): open or closed for every project alike, as the clerk last
 * set it; besides, open in a project while a finding points at one of its fields, unless the
 * clerk closed it over those very findings (`factsDismissed`: project and fields).
 */
export const factsOpen = atom(false);
export const factsDismissed = atom<string | null>(null);
/** The fields in 更多项目信息, by their names in the model (as findings name them). */
export const FACT_FIELDS: readonly string[] = [
  'periodStart',
  'periodEnd',
  'continuity',
  'recurrence',
  'category',
  'totalBudget',
  'carryOver',
];

/**
 * A short note in the status bar: what 撤销/重做 just did. Not a floating message: undo is
 * pressed many times in a row, and each animated message would cost the next key a frame.
 */
export const statusNote = atom<{ readonly text: string; readonly seq: number } | null>(null);
let noteSeq = 0;

function note(text: string): void {
  statusNote.set({ text, seq: ++noteSeq });
}
export const hostInfo = atom<HostInfo | null>(null);
/** The print layouts the host offers, the default first. */
export const layouts = atom<readonly NamedItem[]>([]);
/**
 * 打印格式 chosen in a read-only window: for its exports only, since the document cannot
 * remember it there. Held with its file, so another document starts from its own.
 */
export const readOnlyLayout = atom<{ readonly file: string; readonly id: string } | null>(null);
export type DialogKind = 'new' | 'open' | 'saveAs' | 'fromPrevious' | 'properties' | null;
export const dialog = atom<DialogKind>(null);
export const preview = atom<{ url: string; name: string } | null>(null);
/** 年份核对清单: open or not, and the last review the host returned (null while loading). */
export const reviewOpen = atom(false);
export const yearReview = atom<YearReview | null>(null);
/** 打开 found the file open in another program: who, and what the clerk may do instead. */
export const lockPrompt = atom<{ path: string; lock: LockHolder; message: string } | null>(null);
/** 更换指标体系 (TreeChangeDialog.tsx): open or not. */
export const treeChangeOpen = atom(false);
/** 结构化指标值: what the last run converted and left (StructureDrawer.tsx), or null: closed. */
export const structureReview = atom<StructureReview | null>(null);
export interface StructureReview {
  /** The project it ran on, or null for the whole document. */
  readonly projectId: number | null;
  readonly plan: StructurePlan;
  /** The undo label of the edit, so the drawer can offer to take it back while it is the last. */
  readonly label: string | undefined;
}
/** Text typed into something another window deleted, kept for the clerk to copy. */
export const lostTexts = atom<readonly LostText[]>([]);

// ---- lookups -------------------------------------------------------------------------------

export function findUnit(data: DocumentData, id: number): UnitData | undefined {
  return data.units.find((u) => u.id === id);
}

export function findProject(
  data: DocumentData,
  id: number,
): { unit: UnitData; project: ProjectData; index: number } | undefined {
  for (const unit of data.units) {
    const index = unit.projects.findIndex((p) => p.id === id);
    if (index >= 0) return { unit, project: unit.projects[index]!, index };
  }
  return undefined;
}

export function findIndicator(data: DocumentData, id: number): IndicatorData | undefined {
  for (const unit of data.units) {
    for (const project of unit.projects) {
      const found = project.indicators.find((i) => i.id === id);
      if (found) return found;
    }
  }
  return undefined;
}

function data(): DocumentData | undefined {
  return store.doc?.data;
}

// ---- selection -----------------------------------------------------------------------------

export function select(selection: Selection): void {
  store.select(selection);
}

export function selectProject(id: number, field?: string, indicatorId?: number): void {
  store.select({ kind: 'project', id });
  if (indicatorId !== undefined) {
    focusWhenReady(fieldId.indicator(indicatorId, field ?? 'name'));
  } else if (field) {
    // A field in 更多项目信息 is shown first (the clerk may have closed it).
    if (FACT_FIELDS.includes(field)) factsDismissed.set(null);
    focusWhenReady(fieldId.project(id, field));
  }
}

// ---- undo / redo ---------------------------------------------------------------------------

/**
 * What an undo or redo changed, to show it: a project that changed or came back, else a unit.
 * Structural sharing keeps the identity of every untouched object, so a changed one is new.
 */
function changedTarget(prev: DocumentData, next: DocumentData): Selection {
  const prevProjects = new Map<number, ProjectData>();
  const prevUnits = new Map<number, UnitData>();
  for (const u of prev.units) {
    prevUnits.set(u.id, u);
    for (const p of u.projects) prevProjects.set(p.id, p);
  }
  for (const u of next.units) {
    for (const p of u.projects) {
      if (prevProjects.get(p.id) !== p) return { kind: 'project', id: p.id };
    }
  }
  for (const u of next.units) {
    const before = prevUnits.get(u.id);
    if (!before || before.name !== u.name || before.projects.length !== u.projects.length) {
      return { kind: 'unit', id: u.id };
    }
  }
  return null;
}

async function history(op: 'undo' | 'redo'): Promise<void> {
  store.flushDrafts();
  const before = data();
  const result = await store.edit(op, {});
  if (!result) return;
  const verb = op === 'undo' ? '撤销' : '重做';
  if (!result.label) {
    note(`没有可${verb}的操作`);
    return;
  }
  note(`已${verb}：${result.label}`);
  const after = store.doc?.data;
  if (before && after) {
    const target = changedTarget(before, after);
    if (target) store.select(target);
  }
}

export const undo = () => history('undo');
export const redo = () => history('redo');

// ---- document ------------------------------------------------------------------------------

// Text fields send through these with their guard (see useDraft); a refusal stays in the field.

export function setDepartment(department: string, guard?: FieldGuard): Promise<EditOutcome> {
  return store.send('setDepartment', { department }, guard);
}

export function setYear(year: number, guard?: FieldGuard): Promise<EditOutcome> {
  return store.send('setYear', { year }, guard);
}

// ---- units ---------------------------------------------------------------------------------

/** Adds a unit after the selected one (or at the end) and puts the cursor in its name. */
export async function addUnit(): Promise<void> {
  const d = data();
  if (!d) return;
  const sel = store.selection;
  let unitId: number | undefined;
  if (sel?.kind === 'unit') unitId = sel.id;
  if (sel?.kind === 'project') unitId = findProject(d, sel.id)?.unit.id;
  const at = unitId === undefined ? -1 : d.units.findIndex((u) => u.id === unitId);
  const result = await store.edit('addUnit', {
    name: '',
    ...(at >= 0 ? { index: at + 1 } : {}),
  });
  if (result?.id !== undefined) {
    store.select({ kind: 'unit', id: result.id });
    focusWhenReady(fieldId.unit(result.id));
  }
}

export function renameUnit(id: number, name: string, guard?: FieldGuard): Promise<EditOutcome> {
  return store.send('renameUnit', { id, name }, guard);
}

export async function moveUnit(id: number, delta: -1 | 1): Promise<void> {
  const d = data();
  if (!d) return;
  const at = d.units.findIndex((u) => u.id === id);
  const to = at + delta;
  if (at < 0 || to < 0 || to >= d.units.length) return;
  store.flushDrafts();
  await store.edit('moveUnit', { id, index: to });
}

export function deleteUnit(id: number): void {
  const unit = data() && findUnit(data()!, id);
  if (!unit) return;
  const name = unit.name.trim() || '（未命名资金使用单位）';
  const count = unit.projects.length;
  ui().modal.confirm({
    title: `删除资金使用单位“${name}”？`,
    content:
      (count > 0 ? `连同其下 ${count} 个项目及其全部指标一并删除。` : '') +
      '删除后可撤销（Ctrl+Z）。',
    okText: '删除',
    okButtonProps: { danger: true },
    cancelText: '取消',
    onOk: async () => {
      store.flushDrafts();
      const r = await store.edit('deleteUnit', { id });
      if (r) ui().message.success({ content: `已删除“${name}”，可按 Ctrl+Z 撤销`, key: 'deleted' });
    },
  });
}

// ---- projects ------------------------------------------------------------------------------

/**
 * Adds a project to a unit: after the selected project when it is in that unit, else at the
 * unit's end; selects it and puts the cursor in 项目名称.
 */
export async function addProject(unitId?: number): Promise<void> {
  const d = data();
  if (!d) return;
  const sel = store.selection;
  let index: number | undefined;
  if (unitId === undefined) {
    if (sel?.kind === 'unit') unitId = sel.id;
    else if (sel?.kind === 'project') {
      const found = findProject(d, sel.id);
      unitId = found?.unit.id;
      index = found ? found.index + 1 : undefined;
    } else if (d.units.length === 1) unitId = d.units[0]!.id;
  }
  if (unitId === undefined) {
    ui().message.info('请先在左侧选中一个资金使用单位，再添加项目');
    return;
  }
  store.flushDrafts();
  const result = await store.edit('addProject', {
    unitId,
    ...(index === undefined ? {} : { index }),
  });
  if (result?.id !== undefined) selectProject(result.id, 'name');
}

export function updateProject(
  id: number,
  fields: Omit<Payload<'updateProject'>, 'id'>,
  guard?: FieldGuard,
): Promise<EditOutcome> {
  return store.send('updateProject', { id, ...fields }, guard);
}

/** A project's field chosen, not typed (项目性质): after what is being typed; refusals as toasts. */
export async function editProject(
  id: number,
  fields: Omit<Payload<'updateProject'>, 'id'>,
): Promise<void> {
  store.flushDrafts();
  await store.edit('updateProject', { id, ...fields });
}

export async function moveProject(id: number, delta: -1 | 1): Promise<void> {
  const d = data();
  const found = d && findProject(d, id);
  if (!found) return;
  const to = found.index + delta;
  if (to < 0 || to >= found.unit.projects.length) return;
  store.flushDrafts();
  await store.edit('moveProject', { id, index: to });
}

/**
 * Drag and drop in the tree: a unit to position `index` among the units, a project to position
 * `index` of a unit (both counted as if the moved one were already taken out).
 */
export async function moveUnitTo(id: number, index: number): Promise<void> {
  store.flushDrafts();
  await store.edit('moveUnit', { id, index });
}

export async function moveProjectTo(id: number, unitId: number, index: number): Promise<void> {
  store.flushDrafts();
  await store.edit('moveProject', { id, unitId, index });
}

/** Moves a project to the end of another unit. */
export async function moveProjectToUnit(id: number, unitId: number): Promise<void> {
  const unit = data() && findUnit(data()!, unitId);
  if (!unit) return;
  store.flushDrafts();
  const r = await store.edit('moveProject', { id, unitId, index: unit.projects.length });
  if (r) ui().message.success(`已移至“${unit.name.trim() || '（未命名资金使用单位）'}”`);
}

export function deleteProject(id: number): void {
  const found = data() && findProject(data()!, id);
  if (!found) return;
  const name = found.project.name.trim() || '（未命名项目）';
  ui().modal.confirm({
    title: `删除项目“${name}”？`,
    content: `连同其 ${found.project.indicators.length} 条绩效指标一并删除。删除后可撤销（Ctrl+Z）。`,
    okText: '删除',
    okButtonProps: { danger: true },
    cancelText: '取消',
    onOk: async () => {
      store.flushDrafts();
      const r = await store.edit('deleteProject', { id });
      if (r) ui().message.success({ content: `已删除“${name}”，可按 Ctrl+Z 撤销`, key: 'deleted' });
    },
  });
}

// ---- indicators ----------------------------------------------------------------------------

/** Adds an indicator of a second-level category, at `index` of the project's list or last. */
export async function addIndicator(
  projectId: number,
  level2Code: string,
  index?: number,
): Promise<void> {
  store.flushDrafts();
  const result = await store.edit('addIndicator', {
    projectId,
    level2Code,
    ...(index === undefined ? {} : { index }),
  });
  if (result?.id !== undefined) focusWhenReady(fieldId.indicator(result.id, 'name'));
}

/** Enter in an indicator's field: a new indicator of the same category right after it. */
export function addIndicatorAfter(projectId: number, indicatorId: number): void {
  const found = data() && findProject(data()!, projectId);
  if (!found) return;
  const at = found.project.indicators.findIndex((i) => i.id === indicatorId);
  const indicator = found.project.indicators[at];
  if (!indicator) return;
  void addIndicator(projectId, indicator.level2.code, at + 1);
}

export function updateIndicator(
  id: number,
  fields: Omit<Payload<'updateIndicator'>, 'id'>,
  guard?: FieldGuard,
): Promise<EditOutcome> {
  return store.send('updateIndicator', { id, ...fields }, guard);
}

/** An indicator's field chosen, not typed (依据, 方向): refusals as toasts. */
export async function editIndicator(
  id: number,
  fields: Omit<Payload<'updateIndicator'>, 'id'>,
): Promise<EditResult | undefined> {
  store.flushDrafts();
  return store.edit('updateIndicator', { id, ...fields });
}

/** The annual value follows the cycle value again (a click, not typing: refusals as toasts). */
export function relinkIndicator(id: number): Promise<EditResult | undefined> {
  return store.edit('updateIndicator', { id, annualFollowsCycle: true });
}

/**
 * Moves an indicator before the previous (−1) or after the next (+1) indicator of its own
 * category: the list is printed by category, so only the order within one counts.
 */
export async function moveIndicator(
  projectId: number,
  indicatorId: number,
  delta: -1 | 1,
): Promise<void> {
  const found = data() && findProject(data()!, projectId);
  if (!found) return;
  const list = found.project.indicators;
  const from = list.findIndex((i) => i.id === indicatorId);
  const me = list[from];
  if (!me) return;
  let to = from + delta;
  while (to >= 0 && to < list.length && list[to]!.level2.code !== me.level2.code) to += delta;
  if (to < 0 || to >= list.length) return;
  store.flushDrafts();
  await store.edit('moveIndicator', { id: indicatorId, index: to });
  focusWhenReady(fieldId.indicator(indicatorId, 'name'));
}

export async function setIndicatorCategory(id: number, level2Code: string): Promise<void> {
  store.flushDrafts();
  const r = await store.edit('setIndicatorCategory', { id, level2Code });
  if (r) focusWhenReady(fieldId.indicator(id, 'name'));
}

export async function deleteIndicator(indicator: IndicatorData): Promise<void> {
  store.flushDrafts();
  const r = await store.edit('deleteIndicator', { id: indicator.id });
  if (!r) return;
  const name = indicator.name.trim() || '（未命名指标）';
  ui().message.success({ content: `已删除指标“${name}”，可按 Ctrl+Z 撤销`, key: 'deleted' });
}

/**
 * 结构化指标值: turns every sentence that is unambiguously one structured value into it, in one
 * project or the whole document, as one edit (Ctrl+Z takes all of it back), then lists each
 * conversion and each sentence left, with why, for review.
 */
export async function structureValues(projectId?: number): Promise<void> {
  if (!store.doc) return;
  if (store.lockLost ?? store.doc.readOnly) {
    ui().message.info('本文档为只读，不能修改指标值');
    return;
  }
  store.flushDrafts();
  const outcome = await store.send('structureValues', projectId === undefined ? {} : { projectId });
  if (!outcome.ok) {
    ui().message.error(outcome.message);
    return;
  }
  const result = outcome.result as StructureValuesResult | undefined;
  if (!result) return;
  // An annual value that follows its cycle value went with it: counted once, as listed.
  const converted = result.plan.conversions.filter(
    (c) => !(c.field === 'annualValue' && c.followsCycle),
  ).length;
  structureReview.set({
    projectId: projectId ?? null,
    plan: result.plan,
    label: store.doc?.history.undo,
  });
  ui().message.success({
    content:
      converted > 0
        ? `已将 ${converted} 个指标值转为结构化，可按 Ctrl+Z 撤销`
        : '没有可以直接转为结构化的指标值',
    key: 'structure',
  });
}

// ---- checks --------------------------------------------------------------------------------

export async function runCheck(): Promise<void> {
  store.flushDrafts();
  findingsOpen.set(true);
  const findings = await store.check();
  if (findings && findings.length === 0) ui().message.success('审核完成：未发现问题');
}

// ---- files, export, print ------------------------------------------------------------------

/** Finishes every edit in progress: before export, print, or switching documents. */
async function settle(): Promise<void> {
  store.flushDrafts();
  await store.settled();
}

/**
 * A host call whose refusal is shown as a message; `shown` lets the caller show it in its own
 * place instead (a form's field): it answers true when it did.
 */
async function hostCall<T>(
  fn: Parameters<typeof store.call<T>>[0],
  shown?: (message: string) => boolean,
): Promise<T | undefined> {
  try {
    return await store.call(fn);
  } catch (e) {
    const message = messageOf(e);
    if (!shown?.(message)) ui().message.error(message);
    return undefined;
  }
}

/** Export, print, open…: not while the host is unreachable (they would wait behind retries). */
function reachable(): boolean {
  if (store.connected) return true;
  ui().message.error(UNREACHABLE);
  return false;
}

/** Before another document replaces this one: nothing typed is given up without asking. */
async function mayLeaveDocument(): Promise<boolean> {
  if (!store.doc) return true;
  if (!reachable()) return false;
  return store.mayLeave('document');
}

/** Shows another document (opened or new); null when the clerk cancelled. */
export async function showDocument(
  doc: Promise<DocumentState | null | undefined>,
  sameDocument = false,
): Promise<boolean> {
  const next = await doc;
  if (!next) return false;
  if (!sameDocument) {
    reviewOpen.set(false);
    yearReview.set(null);
  }
  store.setDocument(next, sameDocument);
  return true;
}

export async function newDocument(p: {
  department: string;
  year: number;
  tree: string;
  money?: MoneyDisplay;
  path?: string;
}): Promise<boolean> {
  if (!(await mayLeaveDocument())) return false;
  await settle();
  const shown = await showDocument(hostCall((api) => api.newDocument(p)));
  if (shown) dialog.set(null);
  return shown;
}

/**
 * 由上年文件新建: next year's table from last year's file; the year review opens once it is shown,
 * and the notes of reading a text or PDF (from-previous.ts) with it. Electron asks for the source
 * (and where to save) when `source` is not given. `refused`: see hostCall (the form shows a
 * refusal about the money unit beside its question).
 */
export async function newFromPrevious(
  p: { source?: string; year?: number; keepAmounts: boolean; path?: string; unit?: MoneyUnit },
  refused?: (message: string) => boolean,
): Promise<boolean> {
  if (!(await mayLeaveDocument())) return false;
  await settle();
  const made = await withReading(() => hostCall((api) => api.newFromPrevious(p), refused));
  const shown = await showDocument(Promise.resolve(made));
  if (shown) {
    dialog.set(null);
    ui().message.success(`已由上年文件新建“${store.doc?.fileName ?? ''}”，请逐条核对年份`);
    sourceNotes.set(notesToShow(made?.notes ?? [], null));
    await openYearReview();
  }
  return shown;
}

/** How often the page asks which table is being read, and for how long. */
const READING_POLL_MS = 500;

/**
 * Runs a call that may read a table (打开 of a table, 由上年文件新建): while the host reads it (a
 * large workbook or PDF takes seconds), the page says which file and for how long, with 取消,
 * which stops waiting for it (the call then answers null, and nothing is written). Asked beside
 * the call, like export progress; nothing shows while Electron's file dialog is open.
 */
async function withReading<T>(run: () => Promise<T>): Promise<T> {
  const key = 'reading';
  let shown = false;
  let done = false;
  const cancel = () => {
    void store.api.cancelImport({}).catch(() => false);
    ui().message.destroy(key);
    ui().message.info('已取消读取，未新建文档');
  };
  const poll = async () => {
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, READING_POLL_MS));
      if (done) break;
      const p = await store.api.importProgress({}).catch(() => null);
      if (!p || done) continue;
      shown = true;
      ui().message.loading({
        key,
        duration: 0,
        content: (
          <span className="reading-progress" role="status">
            正在读取“{p.name}”…（{p.seconds} 秒）
            <a className="reading-cancel" role="button" tabIndex={0} onClick={cancel}>
              取消
            </a>
          </span>
        ),
      });
    }
  };
  void poll();
  try {
    return await run();
  } finally {
    done = true;
    if (shown) ui().message.destroy(key);
  }
}

/**
 * A document another window's 打开 or 由上年文件新建 made from a table, shown in this window (the
 * desktop app opens it in a new one): what reading the table noted, and the year review.
 */
export function showArrival(table: ImportedTable): void {
  ui().message.success(
    table.nextYear
      ? `已由上年文件“${table.source}”新建本表，请逐条核对年份`
      : `已将表格“${table.source}”导入为本文档；表格本身未作改动`,
  );
  sourceNotes.set(notesToShow(table.notes, table.nextYear ? null : table.source));
  if (table.nextYear) void openYearReview();
}

/** Opens the 年份核对清单 and fetches the review of the document as it now is. */
export async function openYearReview(): Promise<void> {
  reviewOpen.set(true);
  await refreshYearReview();
}

export async function refreshYearReview(): Promise<void> {
  await settle();
  const review = await hostCall((api) => api.yearReview({}));
  yearReview.set(review ?? null);
}

/** Replaces last year by this year in the entries given (or all), then reviews again. */
export async function replaceYears(keys: string[] | 'all'): Promise<void> {
  const count = () => yearReview.get()?.items.filter((i) => i.kind === 'source-year').length ?? 0;
  const before = count();
  store.flushDrafts();
  const result = await store.edit('replaceYears', { keys });
  await refreshYearReview();
  if (!result) return;
  const review = yearReview.get();
  const replaced = before - count();
  ui().message.success({
    content:
      replaced > 0 && review
        ? `已将 ${replaced} 处 ${review.sourceYear} 年改为 ${review.year} 年，可按 Ctrl+Z 撤销`
        : '没有需要替换的年份',
    key: 'replaceYears',
  });
}

/**
 * Opens a document. A file another program has open ('locked') is not an error to toast: the
 * clerk is told who has it since when and offered 只读打开, 另存副本 and, for a holder that is
 * gone, 接管 (see LockDialog). A table (a workbook, CSV, PDF or text) is imported by the host
 * into a new document, which opens with the notes of reading it; `table` says its unit when it
 * states none and, in browser mode, where to save it. `refused`: see hostCall (the form shows a
 * refusal about the unit beside its question).
 */
export async function openDocument(
  path?: string,
  mode?: OpenMode,
  table: { unit?: MoneyUnit; target?: string } = {},
  refused?: (message: string) => boolean,
): Promise<boolean> {
  if (!(await mayLeaveDocument())) return false;
  await settle();
  let next: OpenedState | null;
  try {
    next = await withReading(() =>
      store.call((api) =>
        api.openDocument({ ...(path ? { path } : {}), ...(mode ? { mode } : {}), ...table }),
      ),
    );
  } catch (e) {
    if (e instanceof HostError && e.code === 'locked' && e.lock && path) {
      dialog.set(null);
      lockPrompt.set({ path, lock: e.lock, message: e.message });
    } else {
      const message = messageOf(e);
      if (!refused?.(message)) ui().message.error(message);
    }
    return false;
  }
  const shown = await showDocument(Promise.resolve(next));
  if (shown) {
    dialog.set(null);
    lockPrompt.set(null);
    const imported = next?.imported;
    if (imported) {
      ui().message.success(
        `已将表格“${imported.source}”导入为新文档“${store.doc?.fileName ?? ''}”；表格本身未作改动`,
      );
      sourceNotes.set(notesToShow(imported.notes, imported.source));
    }
  }
  return shown;
}

export async function saveAs(path?: string): Promise<boolean> {
  if (!reachable()) return false;
  await settle();
  const shown = await showDocument(
    hostCall((api) => api.saveAs(path ? { path } : {})),
    true,
  );
  if (shown) {
    dialog.set(null);
    ui().message.success(`已另存为“${store.doc?.fileName ?? ''}”，此后的修改保存在新文件中`);
  }
  return shown;
}

// ---- 打印格式 -----------------------------------------------------------------------------

function currentLayout(): string {
  const doc = store.doc;
  return layoutChoice(
    layouts.get(),
    doc?.filePath,
    doc?.data.printLayout ?? null,
    readOnlyLayout.get(),
  ).id;
}

/**
 * The clerk picks a layout: the document remembers it (one step of 撤销, like 金额单位), so the
 * next export, here, in another window or from the command line, prints in it. A read-only
 * window keeps it for its own exports only.
 */
export async function choosePrintLayout(id: string): Promise<void> {
  const doc = store.doc;
  if (!doc) return;
  if (store.lockLost ?? doc.readOnly) {
    readOnlyLayout.set({ file: doc.filePath, id });
    return;
  }
  await store.edit('setPrintLayout', { layout: id });
}

export async function exportDocument(format: ExportFormat): Promise<void> {
  if (!reachable()) return;
  await settle();
  const layout = currentLayout();
  const r = await withProgress('正在导出', () =>
    hostCall((api) => api.exportDocument({ format, layout })),
  );
  if (r) ui().message.success({ content: `已导出“${r.name}”`, key: 'export' });
}

/** How often the page asks how far an export is. */
const PROGRESS_POLL_MS = 300;

/**
 * Runs an export or preview call, showing how far the host's rendering is (a large table takes
 * seconds): the page asks the host beside the call, not through the queue the call waits in.
 * Nothing shows while Electron's save dialog is open: the host reports progress only once it
 * renders.
 */
async function withProgress<T>(what: string, run: () => Promise<T>): Promise<T> {
  const show = (fraction: number) =>
    ui().message.loading({
      content: `${what}… ${Math.floor(fraction * 100)}%`,
      key: 'export',
      duration: 0,
    });
  let shown = false;
  let done = false;
  const poll = async () => {
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, PROGRESS_POLL_MS));
      if (done) break;
      const p = await store.api.exportProgress({}).catch(() => null);
      if (p && !done) {
        show(p.fraction);
        shown = true;
      }
    }
  };
  void poll();
  try {
    return await run();
  } finally {
    done = true;
    if (shown) ui().message.destroy('export');
  }
}

export async function printPreview(): Promise<void> {
  if (!reachable()) return;
  await settle();
  const layout = currentLayout();
  await withProgress('正在生成打印预览', () => hostCall((api) => api.printPreview({ layout })));
}

/** 新建 / 打开 / 另存为 from the toolbar or the menu. */
export function startNew(): void {
  dialog.set('new');
}

export function startOpen(): void {
  if (isElectron()) void openDocument();
  else dialog.set('open');
}

/** 由上年文件新建 from the start page, the toolbar or the menu: the wizard. */
export function startNewFromPrevious(): void {
  dialog.set('fromPrevious');
}

/** 文档属性 (金额单位, 小数位数), from the document's fields. */
export function startDocumentProperties(): void {
  dialog.set('properties');
}

/**
 * Changes how the document's amounts are shown. Amounts typed and not yet saved are saved first,
 * in the unit they were typed in. Returns the store's refusal (naming an amount that would lose
 * digits), or null when it was changed.
 */
export async function setMoneyDisplay(money: MoneyDisplay): Promise<string | null> {
  store.flushDrafts();
  const outcome = await store.send('setMoneyDisplay', money);
  return outcome.ok ? null : outcome.message;
}

export function startSaveAs(): void {
  if (isElectron()) void saveAs();
  else dialog.set('saveAs');
}

/** 更换指标体系 from the header or the menu: not while the document is read-only. */
export function startChangeTree(): void {
  if (!store.doc) return;
  if (store.lockLost ?? store.doc.readOnly) {
    ui().message.info('本文档为只读，不能更换指标体系');
    return;
  }
  store.flushDrafts();
  treeChangeOpen.set(true);
}

let savedHintShown = false;

/** Ctrl+S: nothing to do, every change is already saved; say so once. */
export function saveShortcut(): void {
  store.flushDrafts();
  if (savedHintShown) return;
  savedHintShown = true;
  ui().message.info('本程序自动保存，无需手动保存：每次修改都已立即写入文件');
}

export function runCommand(command: Command): void {
  const open = store.doc !== null;
  switch (command) {
    case 'newDocument':
      return startNew();
    case 'openDocument':
      return startOpen();
    case 'newFromPrevious':
      return startNewFromPrevious();
    case 'saveAs':
      if (open) startSaveAs();
      return;
    case 'exportDocx':
      if (open) void exportDocument('docx');
      return;
    case 'exportPdf':
      if (open) void exportDocument('pdf');
      return;
    case 'exportXlsx':
      if (open) void exportDocument('xlsx');
      return;
    case 'exportReviewPdf':
      if (open) void exportDocument('review-pdf');
      return;
    case 'exportReviewXlsx':
      if (open) void exportDocument('review-xlsx');
      return;
    case 'printPreview':
      if (open) void printPreview();
      return;
    case 'undo':
      if (open) void undo();
      return;
    case 'redo':
      if (open) void redo();
      return;
    case 'check':
      if (open) void runCheck();
      return;
    case 'changeTree':
      if (open) startChangeTree();
      return;
    case 'structureValues':
      if (open) void structureValues();
      return;
    case 'documentProperties':
      if (open) startDocumentProperties();
      return;
    case 'find':
      if (open) openFind(false);
      return;
    case 'replace':
      if (open) openFind(true);
      return;
  }
}

// ---- small things (issue 14) ---------------------------------------------------------------

/** 标题: text, or null for the standard title derived from 部门名称 and 预算年度. */
export function setTitle(title: string | null, guard?: FieldGuard): Promise<EditOutcome> {
  return store.send('setTitle', { title }, guard);
}
