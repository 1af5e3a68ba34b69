import { describe, expect, it } from 'vitest';
import { applyChanges, type DocumentChanges } from '../../db/shared/changes.ts';
import type { DocumentData, ProjectData, UnitData } from '../../db/shared/types.ts';
import { document, project, sample, sum, totals, unit, wireCopy } from './doc-data.ts';

/*
 * The page patches its copy of the document with an edit's change set (db/shared/changes.ts).
 * Two things matter: the result is the document the host has (compared with one built from
 * scratch), and every unit and project the edit did not touch is the very object the page
 * already had, so React skips drawing it. The change sets here arrive as from the wire (fresh
 * objects), and the page's copy is frozen: applying must never change it.
 */

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

function page(): DocumentData {
  return deepFreeze(sample());
}

/** A change set for `data`: 合计 as the host would read it, nothing else unless given. */
function changes(data: DocumentData, part: Partial<DocumentChanges>): DocumentChanges {
  return wireCopy({
    totals: data.totals,
    units: [],
    projects: [],
    removedUnits: [],
    removedProjects: [],
    defects: [],
    ...part,
  });
}

const unitOf = (d: DocumentData, id: number) => d.units.find((u) => u.id === id)!;
const projectOf = (d: DocumentData, id: number) =>
  d.units.flatMap((u) => u.projects).find((p) => p.id === id)!;
const unitChange = (u: UnitData) => ({
  id: u.id,
  name: u.name,
  totals: u.totals,
  projectIds: u.projects.map((p) => p.id),
});
const projectChange = (p: ProjectData, unitId: number) => ({ ...p, unitId });

describe('applyChanges: the page patches its copy by id', () => {
  it('replaces an edited project and keeps every other unit and project as the same object', () => {
    const before = page();
    const renamed = { ...projectOf(before, 12), name: '新名称' };
    const after = applyChanges(before, changes(before, { projects: [projectChange(renamed, 1)] }))!;

    expect(after).toEqual(
      document([unit(1, [projectOf(before, 11), renamed]), unitOf(before, 2), unitOf(before, 3)]),
    );
    expect(after.units[0]).not.toBe(before.units[0]);
    expect(after.units[0]!.projects[0]).toBe(projectOf(before, 11));
    expect(after.units[0]!.projects[1]!.name).toBe('新名称');
    expect(after.units[1]).toBe(before.units[1]);
    expect(after.units[2]).toBe(before.units[2]);
    expect(after.tree).toBe(before.tree);
  });

  it('a changed unit (new totals) keeps its untouched projects as the same objects', () => {
    const before = page();
    const more = { ...projectOf(before, 12), totals: totals(9999) };
    const expectedUnit = unit(1, [projectOf(before, 11), more]);
    const expected = document([expectedUnit, unitOf(before, 2), unitOf(before, 3)]);
    const after = applyChanges(
      before,
      changes(expected, {
        units: [unitChange(expectedUnit)],
        projects: [projectChange(more, 1)],
      }),
    )!;

    expect(after).toEqual(expected);
    expect(after.totals).toEqual(sum([totals(1000 + 9999), totals(300), totals(40)]));
    expect(after.units[0]!.projects[0]).toBe(projectOf(before, 11));
    expect(after.units[1]).toBe(before.units[1]);
    expect(after.units[2]).toBe(before.units[2]);
  });

  it('moves a project between units: the moved project is the object the page had', () => {
    const before = page();
    const p12 = projectOf(before, 12);
    const from = unit(1, [projectOf(before, 11)]);
    const to = unit(2, [projectOf(before, 21), p12]);
    const expected = document([from, to, unitOf(before, 3)]);
    // The host sends the two units' new lists; the project itself did not change.
    const after = applyChanges(
      before,
      changes(expected, { units: [unitChange(from), unitChange(to)] }),
    )!;

    expect(after).toEqual(expected);
    expect(after.units[0]!.projects).toHaveLength(1);
    expect(after.units[1]!.projects[1]).toBe(p12);
    expect(after.units[1]!.projects[0]).toBe(projectOf(before, 21));
    expect(after.units[2]).toBe(before.units[2]);
  });

  it('a project moved and edited at once comes from the change set', () => {
    const before = page();
    const moved = { ...projectOf(before, 21), goal: '改过的目标' };
    const target = unit(3, [moved, projectOf(before, 31)]);
    const emptied = unit(2, []);
    const expected = document([unitOf(before, 1), emptied, target]);
    const after = applyChanges(
      before,
      changes(expected, {
        units: [unitChange(emptied), unitChange(target)],
        projects: [projectChange(moved, 3)],
      }),
    )!;

    expect(after).toEqual(expected);
    expect(after.units[2]!.projects[0]!.goal).toBe('改过的目标');
    expect(after.units[2]!.projects[1]).toBe(projectOf(before, 31));
    expect(after.units[0]).toBe(before.units[0]);
  });

  it('drops a removed project, whether or not its unit is in the change set', () => {
    const before = page();
    // Unit not sent: the project is removed from the page's own list.
    const a = applyChanges(before, changes(before, { removedProjects: [11] }))!;
    expect(a.units[0]!.projects.map((p) => p.id)).toEqual([12]);
    expect(a.units[0]!.projects[0]).toBe(projectOf(before, 12));
    expect(a.units[1]).toBe(before.units[1]);

    // Unit sent with its new list (what the host does, with the unit's new totals).
    const left = unit(1, [projectOf(before, 12)]);
    const expected = document([left, unitOf(before, 2), unitOf(before, 3)]);
    const b = applyChanges(
      before,
      changes(expected, { units: [unitChange(left)], removedProjects: [11] }),
    )!;
    expect(b).toEqual(expected);
    expect(b.units[0]!.projects[0]).toBe(projectOf(before, 12));
  });

  it('adds, removes and reorders units as unitOrder says; the others stay the same objects', () => {
    const before = page();
    const added = unit(4, []);
    const expected = document([unitOf(before, 3), added, unitOf(before, 1)]);
    const after = applyChanges(
      before,
      changes(expected, {
        unitOrder: [3, 4, 1],
        units: [unitChange(added)],
        removedUnits: [2],
      }),
    )!;

    expect(after).toEqual(expected);
    expect(after.units.map((u) => u.id)).toEqual([3, 4, 1]);
    expect(after.units[0]).toBe(before.units[2]);
    expect(after.units[2]).toBe(before.units[0]);
  });

  it('moves a unit: a new list of the same unit objects', () => {
    const before = page();
    const after = applyChanges(before, changes(before, { unitOrder: [2, 3, 1] }))!;
    expect(after.units.map((u) => u.id)).toEqual([2, 3, 1]);
    expect(after.units).not.toBe(before.units);
    expect(after.units[0]).toBe(before.units[1]);
    expect(after.units[1]).toBe(before.units[2]);
    expect(after.units[2]).toBe(before.units[0]);
  });

  it('removes a unit named only in removedUnits (no unitOrder)', () => {
    const before = page();
    const after = applyChanges(before, changes(before, { removedUnits: [1] }))!;
    expect(after.units.map((u) => u.id)).toEqual([2, 3]);
    expect(after.units[0]).toBe(before.units[1]);
  });

  it('keeps the list of units itself when no unit changed', () => {
    const before = page();
    const after = applyChanges(before, changes(before, { totals: totals(1) }))!;
    expect(after.units).toBe(before.units);
    expect(after.totals).toEqual(totals(1));
  });

  it('takes a new header (部门名称, 预算年度, 标题) and keeps the units', () => {
    const before = page();
    const header = {
      department: '另一部门',
      year: 2027,
      previousYear: 2026,
      title: '另一部门 2027年项目支出绩效目标表',
      titleIsDerived: false,
      money: { unit: '元', decimals: 2 } as const,
      printLayout: 'per-project',
    };
    const after = applyChanges(before, changes(before, { header }))!;
    expect(after).toMatchObject(header);
    expect(after).toEqual({ ...before, ...header });
    expect(after.units).toBe(before.units);
    expect(after.tree).toBe(before.tree);
  });

  it('refuses a change set that does not fit the page’s copy (made on another version)', () => {
    const before = page();
    // A unit lists a project the page never saw and the host did not send.
    expect(
      applyChanges(
        before,
        changes(before, {
          units: [{ id: 1, name: '单位1', totals: totals(1), projectIds: [11, 99] }],
        }),
      ),
    ).toBeUndefined();
    // The order names a unit the page never saw and the host did not send.
    expect(applyChanges(before, changes(before, { unitOrder: [1, 2, 3, 9] }))).toBeUndefined();
    // Sent along, both are fine.
    const p99 = project(99, 1);
    expect(
      applyChanges(
        before,
        changes(before, {
          unitOrder: [1, 2, 3, 9],
          units: [{ ...unitChange(unit(9, [p99])) }],
          projects: [projectChange(p99, 9)],
        }),
      )!.units[3]!.projects[0],
    ).toEqual(p99);
  });
});
