import type {
  DocumentData,
  DocumentHeader,
  ProjectData,
  ReviewMark,
  StoredDefect,
  Totals,
  UnitData,
} from './types.ts';

/**
 * What an edit, undo or redo changed in a document, instead of the whole document: the host
 * reads only these parts (db/read-document.ts readChanges) and the page patches its copy with
 * them (applyChanges), keeping every unit and project the edit did not touch as the same object.
 */

export interface DocumentChanges {
  /** Present when 部门名称, 预算年度 or 标题 changed. */
  readonly header?: DocumentHeader;
  /** 合计, always: every edit of an amount changes it. */
  readonly totals: Totals;
  /** The ids of all units in order, when units were added, removed or moved. */
  readonly unitOrder?: readonly number[];
  /** Changed units: their fields, totals and projects in order (by id). */
  readonly units: readonly UnitChange[];
  /** Changed projects, whole (with their indicators), each with the unit it is in. */
  readonly projects: readonly ProjectChange[];
  readonly removedUnits: readonly number[];
  readonly removedProjects: readonly number[];
  /** Values in the changed parts that could not be read as they are (see readDocument). */
  readonly defects: readonly StoredDefect[];
  /** All 已核对 marks, when any was added or removed. */
  readonly reviewMarks?: readonly ReviewMark[];
}

export interface UnitChange {
  readonly id: number;
  readonly name: string;
  readonly totals: Totals;
  readonly projectIds: readonly number[];
}

export interface ProjectChange extends ProjectData {
  readonly unitId: number;
}

/**
 * The document after `changes`, sharing every untouched part with `data`; undefined when the
 * changes do not fit the document (they were made on another version of it): the caller then
 * fetches the whole document.
 */
export function applyChanges(
  data: DocumentData,
  changes: DocumentChanges,
): DocumentData | undefined {
  const changedProjects = new Map<number, ProjectData>();
  for (const { unitId: _unit, ...p } of changes.projects) changedProjects.set(p.id, p);
  const changedUnits = new Map(changes.units.map((u) => [u.id, u]));
  const removedUnits = new Set(changes.removedUnits);
  const removedProjects = new Set(changes.removedProjects);

  let oldProjects: Map<number, ProjectData> | undefined;
  const projectById = (id: number, unit: UnitData | undefined): ProjectData | undefined => {
    const changed = changedProjects.get(id);
    if (changed) return changed;
    // Most often the project stayed in its unit: no need to index the whole document.
    const here = unit?.projects.find((p) => p.id === id);
    if (here) return here;
    if (!oldProjects) {
      oldProjects = new Map();
      for (const u of data.units) for (const p of u.projects) oldProjects.set(p.id, p);
    }
    return oldProjects.get(id);
  };

  const oldUnits = new Map(data.units.map((u) => [u.id, u]));
  const order =
    changes.unitOrder ?? data.units.map((u) => u.id).filter((id) => !removedUnits.has(id));
  const units: UnitData[] = [];
  const placed = new Set<number>();
  for (const id of order) {
    const change = changedUnits.get(id);
    const old = oldUnits.get(id);
    if (change) {
      const projects: ProjectData[] = [];
      for (const pid of change.projectIds) {
        const p = projectById(pid, old);
        if (!p) return undefined;
        placed.add(pid);
        projects.push(p);
      }
      units.push({ id, name: change.name, totals: change.totals, projects });
    } else if (old) {
      const patched = patchProjects(old, changedProjects, removedProjects);
      for (const p of patched.projects) placed.add(p.id);
      units.push(patched);
    } else {
      return undefined; // a unit the page never saw and the host did not send
    }
  }
  // Every changed project must have found its place: one that did not fits no unit shown here.
  for (const id of changedProjects.keys()) if (!placed.has(id)) return undefined;
  return {
    ...data,
    ...changes.header,
    totals: changes.totals,
    units: sameItems(units, data.units) ? data.units : units,
    reviewMarks: changes.reviewMarks ?? data.reviewMarks,
  };
}

/** A unit whose list of projects did not change, with its changed projects replaced. */
function patchProjects(
  unit: UnitData,
  changed: ReadonlyMap<number, ProjectData>,
  removed: ReadonlySet<number>,
): UnitData {
  let touched = false;
  const projects: ProjectData[] = [];
  for (const p of unit.projects) {
    if (removed.has(p.id)) {
      touched = true;
      continue;
    }
    const next = changed.get(p.id) ?? p;
    if (next !== p) touched = true;
    projects.push(next);
  }
  return touched ? { ...unit, projects } : unit;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
