import type {
  IndicatorFields,
  NewIndicator,
  ProjectFields,
  TargetDocument,
} from '../../db/document.ts';
import { cents } from '../../db/money.ts';
import type { DocumentData } from '../../db/types.ts';
import { INDICATOR_DIRECTIONS } from '../../db/types.ts';

/**
 * The edits the crash test performs, as plain JSON so the child can report each one before it
 * runs and the parent can replay it on a shadow document. Every op is exactly one transaction
 * of the model (some on purpose span several model calls, like a paste of several indicators).
 */
export type CrashOp =
  | { kind: 'addUnit'; name: string; index: number }
  | { kind: 'renameUnit'; id: number; name: string }
  | { kind: 'moveUnit'; id: number; index: number }
  | { kind: 'deleteUnit'; id: number }
  | { kind: 'addProject'; unitId: number; fields: ProjectFields; index: number }
  | { kind: 'updateProject'; id: number; fields: ProjectFields }
  | { kind: 'moveProject'; id: number; index: number; unitId: number }
  | { kind: 'deleteProject'; id: number }
  | { kind: 'addIndicators'; projectId: number; indicators: NewIndicator[] }
  | { kind: 'updateIndicator'; id: number; fields: IndicatorFields }
  | { kind: 'moveIndicator'; id: number; index: number }
  | { kind: 'setIndicatorCategory'; id: number; level2Code: string }
  | { kind: 'deleteIndicator'; id: number }
  | { kind: 'setHeader'; department: string; year: number; title: string | null };

/** What the child writes to stdout, one JSON object per line. */
export type CrashReport =
  { t: 'ready' } | { t: 'op'; seq: number; op: CrashOp } | { t: 'ok'; seq: number; ids: number[] };

/** Applies one op as one transaction; returns the ids of the rows it added. */
export function applyOp(doc: TargetDocument, op: CrashOp): number[] {
  switch (op.kind) {
    case 'addUnit':
      return [doc.addUnit(op.name, op.index)];
    case 'renameUnit':
      doc.renameUnit(op.id, op.name);
      return [];
    case 'moveUnit':
      doc.moveUnit(op.id, op.index);
      return [];
    case 'deleteUnit':
      doc.deleteUnit(op.id);
      return [];
    case 'addProject':
      return [doc.addProject(op.unitId, op.fields, op.index)];
    case 'updateProject':
      doc.updateProject(op.id, op.fields);
      return [];
    case 'moveProject':
      doc.moveProject(op.id, op.index, op.unitId);
      return [];
    case 'deleteProject':
      doc.deleteProject(op.id);
      return [];
    case 'addIndicators':
      return doc.transaction(() => op.indicators.map((i) => doc.addIndicator(op.projectId, i)));
    case 'updateIndicator':
      doc.updateIndicator(op.id, op.fields);
      return [];
    case 'moveIndicator':
      doc.moveIndicator(op.id, op.index);
      return [];
    case 'setIndicatorCategory':
      doc.setIndicatorCategory(op.id, op.level2Code);
      return [];
    case 'deleteIndicator':
      doc.deleteIndicator(op.id);
      return [];
    case 'setHeader':
      doc.transaction(() => {
        doc.setDepartment(op.department);
        doc.setYear(op.year);
        doc.setTitle(op.title);
      });
      return [];
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

/**
 * Picks the next edit from the document as it is now. Sizes are kept bounded (a few units,
 * a few dozen projects, about a hundred indicators) so the edit rate stays steady over rounds.
 */
export function nextOp(data: DocumentData, rand: () => number, tag: string): CrashOp {
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  // Unique texts, so a value that went missing can never be mistaken for a later one.
  const text = (prefix: string) => {
    let s = `${prefix}${tag}`;
    const n = int(120);
    for (let i = 0; i < n; i++) s += FILLER[int(FILLER.length)];
    return s;
  };
  const amount = () => cents(int(100_000_000));

  const units = data.units;
  const projects = units.flatMap((u) => u.projects.map((p) => ({ ...p, unitId: u.id })));
  const indicators = projects.flatMap((p) =>
    p.indicators.map((i) => ({ ...i, projectId: p.id, siblings: p.indicators.length })),
  );
  const codes = data.tree.level1.flatMap((l1) => l1.level2.map((l2) => l2.code));
  const U = units.length;
  const P = projects.length;
  const I = indicators.length;

  const newIndicator = (): NewIndicator => ({
    level2Code: pick(codes),
    name: text('指标'),
    cycleValue: text('周期'),
    ...(rand() < 0.2 ? { annualValue: text('年度') } : {}),
  });

  const weights: [CrashOp['kind'], number][] = [
    ['addUnit', U < 2 ? 10 : U < 6 ? 1 : 0],
    ['renameUnit', U > 0 ? 1 : 0],
    ['moveUnit', U > 1 ? 1 : 0],
    ['deleteUnit', U > 3 ? 0.3 : 0],
    ['addProject', U > 0 ? (P < 25 ? 4 : 0.5) : 0],
    ['updateProject', P > 0 ? 4 : 0],
    ['moveProject', P > 0 ? 2 : 0],
    ['deleteProject', P > 0 ? (P > 15 ? 1.5 : 0.3) : 0],
    ['addIndicators', P > 0 ? (I < 120 ? 6 : 1) : 0],
    ['updateIndicator', I > 0 ? 8 : 0],
    ['moveIndicator', I > 0 ? 2 : 0],
    ['setIndicatorCategory', I > 0 ? 1 : 0],
    ['deleteIndicator', I > 0 ? (I > 100 ? 4 : 1.5) : 0],
    ['setHeader', 0.3],
  ];
  let r = rand() * weights.reduce((s, [, w]) => s + w, 0);
  let kind: CrashOp['kind'] = 'setHeader';
  for (const [k, w] of weights) {
    if (r < w) {
      kind = k;
      break;
    }
    r -= w;
  }

  switch (kind) {
    case 'addUnit':
      return { kind, name: text('单位'), index: int(U + 1) };
    case 'renameUnit':
      return { kind, id: pick(units).id, name: text('单位') };
    case 'moveUnit':
      return { kind, id: pick(units).id, index: int(U) };
    case 'deleteUnit':
      return { kind, id: pick(units).id };
    case 'addProject': {
      const unit = pick(units);
      return {
        kind,
        unitId: unit.id,
        index: int(unit.projects.length + 1),
        fields: {
          name: text('项目'),
          fiscal: amount(),
          specialAccount: rand() < 0.3 ? amount() : cents(0),
          other: rand() < 0.2 ? amount() : cents(0),
          goal: text('目标'),
        },
      };
    }
    case 'updateProject': {
      const fields: Record<string, unknown> = {};
      if (rand() < 0.5) fields.name = text('项目');
      if (rand() < 0.5) fields.fiscal = amount();
      if (rand() < 0.3) fields.specialAccount = amount();
      if (rand() < 0.3) fields.other = amount();
      if (rand() < 0.4) fields.goal = text('目标');
      return { kind, id: pick(projects).id, fields: fields as ProjectFields };
    }
    case 'moveProject': {
      const project = pick(projects);
      const unit = rand() < 0.3 ? pick(units) : units.find((u) => u.id === project.unitId)!;
      return { kind, id: project.id, unitId: unit.id, index: int(unit.projects.length + 1) };
    }
    case 'deleteProject':
      return { kind, id: pick(projects).id };
    case 'addIndicators': {
      // Mostly one indicator; sometimes a paste of several, which writes many pages at once.
      const n = rand() < 0.25 ? 3 + int(6) : 1;
      return {
        kind,
        projectId: pick(projects).id,
        indicators: Array.from({ length: n }, newIndicator),
      };
    }
    case 'updateIndicator': {
      const target = pick(indicators);
      const fields: Record<string, unknown> = {};
      const which = rand();
      if (which < 0.4) fields.cycleValue = text('周期');
      else if (which < 0.6) fields.annualValue = text('年度');
      else if (which < 0.7) fields.annualFollowsCycle = true;
      else if (which < 0.8) fields.name = text('指标');
      else {
        fields.direction = rand() < 0.2 ? null : pick(INDICATOR_DIRECTIONS);
        fields.measureUnit = rand() < 0.2 ? null : pick(['期', '人次', '%', '天']);
        fields.weight = rand() < 0.2 ? null : int(101);
        fields.basis = rand() < 0.2 ? null : text('依据');
      }
      return { kind, id: target.id, fields: fields as IndicatorFields };
    }
    case 'moveIndicator': {
      const target = pick(indicators);
      return { kind, id: target.id, index: int(target.siblings) };
    }
    case 'setIndicatorCategory':
      return { kind, id: pick(indicators).id, level2Code: pick(codes) };
    case 'deleteIndicator':
      return { kind, id: pick(indicators).id };
    case 'setHeader':
      return {
        kind,
        department: text('部门'),
        year: 2000 + int(100),
        title: rand() < 0.5 ? null : text('标题'),
      };
  }
}
