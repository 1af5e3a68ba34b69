import type { ChangeSet, DocumentState } from '../../db/shared/api/contract.ts';
import { applyChanges } from '../../db/shared/changes.ts';
import type { EditorSession } from '../../db/api/session.ts';
import type { DocumentOperation } from '../../db/shared/api/operations.ts';
import { isUserError } from '../../db/shared/errors.ts';
import type { DocumentData } from '../../db/shared/types.ts';

/**
 * The edits the crash test makes, as the page makes them: an operation name and its payload,
 * run through EditorSession.call exactly as the Electron IPC handler and the browser-mode server
 * do (amounts as decimal strings, a client id, the version the page last saw). Plain JSON, so
 * the child can report each call before it runs and the parent can replay it on a shadow
 * session. Every call is one transaction of the store, or a refusal that changes nothing.
 */
export interface CrashCall {
  readonly op: DocumentOperation;
  readonly payload: Record<string, unknown>;
}

/** What a call gave back: the id of what it created, undo/redo's label, or the refusal. */
export type CrashOutcome =
  | { readonly ok: true; readonly id?: number; readonly label?: string }
  | { readonly ok: false; readonly error: string };

/** What the child writes to stdout, one JSON object per line. */
export type CrashReport =
  | { t: 'ready'; pid: number }
  | { t: 'op'; seq: number; call: CrashCall }
  | { t: 'ok'; seq: number; outcome: CrashOutcome };

/** The document every crash run starts from: made from last year's, so 替换年份 has work. */
export const CRASH_INIT = { department: '崩溃测试部', year: 2025, previousYear: 2024 } as const;

/**
 * Runs one call as the page would. A refusal (a UserError: an invalid amount, undo blocked) is
 * an outcome like any other, the same on the file and on the shadow; anything else is a bug.
 */
export function applyCall(
  session: EditorSession,
  call: CrashCall,
  client: string,
  baseVersion?: string,
): CrashOutcome {
  const meta = baseVersion === undefined ? { client } : { client, baseVersion };
  try {
    const result = session.call(call.op, call.payload, meta) as { id?: unknown; label?: unknown };
    return {
      ok: true,
      ...(typeof result?.id === 'number' ? { id: result.id } : {}),
      ...(typeof result?.label === 'string' ? { label: result.label } : {}),
    };
  } catch (e) {
    if (!isUserError(e)) throw e;
    return { ok: false, error: e.message };
  }
}

/**
 * applyCall, also giving the state the page shows next: an edit's reply patched into `shown`
 * as the page patches it (or the whole state, when the reply carries that).
 */
export function applyCallWithState(
  session: EditorSession,
  call: CrashCall,
  client: string,
  shown?: DocumentState,
): { outcome: CrashOutcome; state?: DocumentState } {
  try {
    const baseVersion = shown?.version;
    const meta = baseVersion === undefined ? { client } : { client, baseVersion };
    const result = session.call(call.op, call.payload, meta) as {
      id?: unknown;
      label?: unknown;
      state?: DocumentState;
      change?: ChangeSet;
    };
    let state = result?.state;
    if (result?.change && shown) {
      const c = result.change;
      if (c.from !== shown.version)
        throw new Error(`change set from ${c.from}, page at ${shown.version}`);
      const data = applyChanges(shown.data, c.changes);
      if (!data) throw new Error('change set does not fit the page’s copy');
      state = { ...shown, data, version: c.version, history: c.history };
    }
    return {
      outcome: {
        ok: true,
        ...(typeof result?.id === 'number' ? { id: result.id } : {}),
        ...(typeof result?.label === 'string' ? { label: result.label } : {}),
      },
      ...(state ? { state } : {}),
    };
  } catch (e) {
    if (!isUserError(e)) throw e;
    return { outcome: { ok: false, error: e.message } };
  }
}

/** mulberry32: a small seeded generator, so a failing round can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILLER = '绩效目标指标数量质量时效成本经济社会生态满意度完成率达到以上开展培训覆盖人次';

/** Amounts as a clerk types them into the page; a few are wrong and must be refused whole. */
const BAD_AMOUNTS = ['12.345', 'abc', '-3', '1e5', '999999999999'];

/**
 * Picks the next call from the document as the page shows it now. Sizes are kept bounded (a
 * few units, a few dozen projects, about a hundred indicators) so the edit rate stays steady.
 */
export function nextCall(
  data: DocumentData,
  history: { undo?: string; redo?: string },
  rand: () => number,
  tag: string,
): CrashCall {
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  // Unique texts, so a value that went missing can never be mistaken for a later one; some
  // mention last year, which 替换年份 then changes. A long text (a goal or a value pasted from
  // elsewhere) spans several pages: with a spilling child, such an edit writes into the file
  // before it commits, leaving a hot journal if killed.
  const text = (prefix: string, long = false) => {
    let s = `${prefix}${tag}${rand() < 0.2 ? `于${data.year - 1}年` : ''}`;
    const n = long && rand() < 0.25 ? 1000 + int(3000) : int(120);
    for (let i = 0; i < n; i++) s += FILLER[int(FILLER.length)];
    return s;
  };
  const amount = () => {
    const r = rand();
    if (r < 0.05) return pick(BAD_AMOUNTS);
    if (r < 0.1) return '';
    const c = int(100_000_000);
    return rand() < 0.5 ? String(Math.floor(c / 100)) : (c / 100).toFixed(2);
  };

  const units = data.units;
  const projects = units.flatMap((u) => u.projects.map((p) => ({ ...p, unitId: u.id })));
  const indicators = projects.flatMap((p) =>
    p.indicators.map((i) => ({ ...i, projectId: p.id, siblings: p.indicators.length })),
  );
  const codes = data.tree.level1.flatMap((l1) => l1.level2.map((l2) => l2.code));
  const U = units.length;
  const P = projects.length;
  const I = indicators.length;

  const weights: [DocumentOperation, number][] = [
    ['addUnit', U < 2 ? 10 : U < 6 ? 1 : 0],
    ['renameUnit', U > 0 ? 1 : 0],
    ['moveUnit', U > 1 ? 1 : 0],
    ['deleteUnit', U > 3 ? 0.3 : 0],
    ['addProject', U > 0 ? (P < 25 ? 4 : 0.5) : 0],
    ['updateProject', P > 0 ? 6 : 0],
    ['moveProject', P > 0 ? 2 : 0],
    ['deleteProject', P > 0 ? (P > 15 ? 1.5 : 0.3) : 0],
    ['addIndicator', P > 0 ? (I < 120 ? 5 : 1) : 0],
    ['updateIndicator', I > 0 ? 8 : 0],
    ['moveIndicator', I > 0 ? 2 : 0],
    ['setIndicatorCategory', I > 0 ? 1 : 0],
    ['deleteIndicator', I > 0 ? (I > 100 ? 4 : 1.5) : 0],
    ['undo', history.undo ? 3 : 0.2],
    ['redo', history.redo ? 2 : 0.1],
    ['replaceYears', 0.3],
    ['structureValues', I > 0 ? 0.3 : 0],
    ['setDepartment', 0.2],
    ['setTitle', 0.2],
    ['setYear', 0.05],
    ['checkDocument', 0.2],
  ];
  let r = rand() * weights.reduce((s, [, w]) => s + w, 0);
  let op: DocumentOperation = 'checkDocument';
  for (const [k, w] of weights) {
    if (r < w) {
      op = k;
      break;
    }
    r -= w;
  }
  const call = (payload: Record<string, unknown>): CrashCall => ({ op, payload });

  switch (op) {
    case 'addUnit':
      return call({ name: text('单位'), index: int(U + 1) });
    case 'renameUnit':
      return call({ id: pick(units).id, name: text('单位') });
    case 'moveUnit':
      return call({ id: pick(units).id, index: int(U) });
    case 'deleteUnit':
      return call({ id: pick(units).id });
    case 'addProject': {
      const unit = pick(units);
      return call({ unitId: unit.id, index: int(unit.projects.length + 1), name: text('项目') });
    }
    case 'updateProject': {
      // What leaving a field sends: one field, or (a paste) a few at once.
      const payload: Record<string, unknown> = { id: pick(projects).id };
      if (rand() < 0.3) payload.name = text('项目');
      if (rand() < 0.5) payload.fiscal = amount();
      if (rand() < 0.3) payload.specialAccount = amount();
      if (rand() < 0.3) payload.other = amount();
      if (rand() < 0.4) payload.goal = text('目标', true);
      if (rand() < 0.15) payload.overallGoal = text('总体目标', true);
      if (rand() < 0.1) payload.periodStart = `202${int(4)}-0${1 + int(9)}`;
      if (rand() < 0.1) payload.periodEnd = rand() < 0.2 ? null : `202${3 + int(4)}-1${int(3)}`;
      if (rand() < 0.1) payload.continuity = pick(['新增', '延续', null]);
      if (rand() < 0.1) payload.totalBudget = rand() < 0.2 ? null : amount();
      if (rand() < 0.1) payload.carryOver = amount();
      return call(payload);
    }
    case 'moveProject': {
      const project = pick(projects);
      const unit = rand() < 0.3 ? pick(units) : units.find((u) => u.id === project.unitId)!;
      return call({ id: project.id, unitId: unit.id, index: int(unit.projects.length + 1) });
    }
    case 'deleteProject':
      return call({ id: pick(projects).id });
    case 'addIndicator': {
      const project = pick(projects);
      return call({
        projectId: project.id,
        level2Code: pick(codes),
        index: int(project.indicators.length + 1),
      });
    }
    case 'updateIndicator': {
      const payload: Record<string, unknown> = { id: pick(indicators).id };
      const which = rand();
      if (which < 0.4) payload.cycleValue = text('周期', true);
      else if (which < 0.6) payload.annualValue = text('年度', true);
      else if (which < 0.7) payload.annualFollowsCycle = true;
      else if (which < 0.8) payload.name = text('指标');
      else if (which < 0.85)
        payload.cycle = {
          kind: 'structured',
          operator: pick(['>=', '≥', '＜', '=', '定性', '约']),
          value: rand() < 0.8 ? String(int(1000)) : text('值'),
          unit: pick(['%', '人', '', '（次）']),
        };
      else if (which < 0.9)
        Object.assign(payload, {
          weight: rand() < 0.9 ? String(int(110)) : null,
          basis: { kind: pick(['计划标准', '行业标准', null]), text: text('依据') },
          explanation: text('解释', true),
          polarity: pick(['正向', '反向', null]),
        });
      else Object.assign(payload, { name: text('指标'), cycleValue: text('周期', true) });
      return call(payload);
    }
    case 'moveIndicator': {
      const target = pick(indicators);
      return call({ id: target.id, index: int(target.siblings) });
    }
    case 'setIndicatorCategory':
      return call({ id: pick(indicators).id, level2Code: pick(codes) });
    case 'deleteIndicator':
      return call({ id: pick(indicators).id });
    case 'replaceYears':
      return call({ keys: 'all' });
    case 'structureValues':
      return call(rand() < 0.5 ? {} : { projectId: pick(projects).id });
    case 'setDepartment':
      return call({ department: text('部门') });
    case 'setTitle':
      return call({ title: rand() < 0.5 ? null : text('标题') });
    case 'setYear':
      return call({ year: rand() < 0.8 ? data.year : 2024 + int(4) });
    default:
      return call({});
  }
}
