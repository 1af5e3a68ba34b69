import type { CellRow } from '../cell-rows.ts';
import { removeExtractionSpaces } from '../cjk-spaces.ts';
import { describeWhere, ImportError, note, type ImportNote, listSome } from '../source-where.ts';
import { categoryKey } from './category-match.ts';
import {
  isLabelRow,
  PROJECT_ROLES,
  type PerRowHeader,
  type ProjectRole,
} from './per-row-header.ts';
import {
  clip,
  roleCell,
  roleWhere,
  ROLE_NAMES,
  type IndicatorRow,
  type ProjectAcc,
  type Walk,
} from './per-row-walk.ts';
import { rowText } from './per-row-title.ts';

/**
 * The national system's import shape, read back whole: a sheet of 年度 values and a sheet of
 * 实施周期 values of the same indicators (matched by 单位, 项目, 一级, 二级, 三级), and a sheet of
 * projects (amounts, 实施期, 性质, 类别, goals) matched to the indicators' projects by 单位 and
 * 项目名称, which also keeps the projects without indicators and the units without projects.
 */

/** The units and projects of a 项目 sheet, in its order. */
export type ProjectList = Map<string, ProjectAcc[]>;

export function readProjectSheet(
  rows: readonly CellRow[],
  header: PerRowHeader,
  sheetName: string,
  notes: ImportNote[],
): ProjectList {
  const units: ProjectList = new Map();
  const seen = new Map<string, ProjectAcc>();
  let unitName = '';
  for (let i = header.bodyStart; i < rows.length; i++) {
    const row = rows[i]!;
    if (isLabelRow(row)) continue;
    const get = (role: ProjectRole) => roleCell(row.cells, header, role);
    const unitText = removeExtractionSpaces(get('unit'));
    const name = removeExtractionSpaces(get('project'));
    if (unitText !== '') unitName = unitText;
    if (name === '') {
      if (unitText !== '') {
        // A unit with no project keeps its row, so that it is not lost.
        if (!units.has(unitText)) units.set(unitText, []);
        continue;
      }
      if (PROJECT_ROLES.some((r) => get(r) !== '')) {
        throw new ImportError(
          roleWhere(row.where, header, 'project'),
          `工作表“${sheetName}”此行有项目的内容，但没有项目名称`,
        );
      }
      notes.push(note('warning', row.where, `“${clip(rowText(row))}”不是项目表中的一行，已忽略`));
      continue;
    }
    const key = `${unitName}\u0000${name}`;
    const before = seen.get(key);
    if (before) {
      throw new ImportError(
        roleWhere(row.where, header, 'project'),
        `项目“${name}”（单位“${unitName}”）在工作表“${sheetName}”中出现两次（另见${describeWhere(before.where)}）`,
      );
    }
    const cells = Object.fromEntries(PROJECT_ROLES.map((r) => [r, get(r)])) as Record<
      ProjectRole,
      string
    >;
    const project: ProjectAcc = {
      name,
      unit: unitName,
      where: row.where,
      header,
      cells: { ...cells, unit: unitName, project: name },
      rows: [],
    };
    seen.set(key, project);
    const list = units.get(unitName) ?? [];
    list.push(project);
    units.set(unitName, list);
  }
  return units;
}

/** Project cells an indicator sheet may repeat: compared with the 项目 sheet's. */
const COMPARED: readonly ProjectRole[] = [
  'total',
  'fiscal',
  'specialAccount',
  'other',
  'goal',
  'overallGoal',
];

/**
 * The indicator sheets' projects placed into the 项目 sheet's: the 项目 sheet's cells are taken;
 * an indicator sheet's project the 项目 sheet lacks is kept (with a warning), so nothing is lost.
 */
export function joinProjects(
  list: ProjectList,
  walk: Walk,
  sheetName: string,
  notes: ImportNote[],
): Map<string, ProjectAcc[]> {
  const units: Map<string, ProjectAcc[]> = new Map(
    [...list.entries()].map(([u, ps]) => [u, [...ps]]),
  );
  const missing: ProjectAcc[] = [];
  for (const [unit, projects] of walk.units) {
    for (const p of projects) {
      const match = findProject(units, unit, p.name);
      if (!match) {
        missing.push(p);
        const ps = units.get(unit) ?? [];
        ps.push(p);
        units.set(unit, ps);
        continue;
      }
      match.rows.push(...p.rows);
      for (const role of COMPARED) {
        const here = p.cells[role];
        if (here === '' || here === match.cells[role]) continue;
        notes.push(
          note(
            'warning',
            roleWhere(p.where, p.header, role),
            `项目“${p.name}”的“${ROLE_NAMES[role]}”为“${clip(here)}”，与工作表“${sheetName}”（${describeWhere(match.where)}）的“${clip(match.cells[role])}”不同；按工作表“${sheetName}”导入，请核对`,
          ),
        );
      }
    }
  }
  if (missing.length > 0) {
    notes.push(
      note(
        'warning',
        missing[0]!.where,
        `${missing.length} 个项目不在工作表“${sheetName}”中，按指标表中的内容导入（金额等项目信息以指标表为准）：${listSome(missing.map((p) => `“${p.name}”（${describeWhere(p.where)}）`))}`,
      ),
    );
  }
  return units;
}

/** The project of that name in that unit; an indicator sheet without units: in any one unit. */
function findProject(
  units: Map<string, ProjectAcc[]>,
  unit: string,
  name: string,
): ProjectAcc | undefined {
  const inUnit = units.get(unit)?.find((p) => p.name === name);
  if (inUnit || unit !== '') return inUnit;
  const all = [...units.values()].flat().filter((p) => p.name === name);
  return all.length === 1 ? all[0] : undefined;
}

function indicatorKey(unit: string, project: string, row: IndicatorRow): string {
  const norm = (t: string) => t.normalize('NFKC').replace(/\s+/gu, '');
  return [
    norm(unit),
    norm(project),
    categoryKey(row.level1),
    categoryKey(row.level2),
    norm(row.name),
  ].join('\u0000');
}

/**
 * The 实施周期 rows joined to their 年度 rows by 单位, 项目, 一级, 二级, 三级 (and, for a name
 * printed twice in a category, by its turn). A cycle row with no 年度 row is an indicator with
 * a 实施周期 value only; it is added to its project (said in a note).
 */
export function joinCycleRows(
  units: Map<string, ProjectAcc[]>,
  cycle: Walk,
  notes: ImportNote[],
): void {
  const annual = new Map<string, IndicatorRow[]>();
  for (const [unit, projects] of units) {
    for (const p of projects) {
      for (const r of p.rows) {
        const key = indicatorKey(unit, p.name, r);
        const list = annual.get(key) ?? [];
        list.push(r);
        annual.set(key, list);
      }
    }
  }
  const used = new Map<string, number>();
  const cycleOnly: IndicatorRow[] = [];
  for (const [unit, projects] of cycle.units) {
    for (const p of projects) {
      for (const r of p.rows) {
        const key = indicatorKey(unit, p.name, r);
        const turn = used.get(key) ?? 0;
        used.set(key, turn + 1);
        const match = annual.get(key)?.[turn];
        if (match) {
          match.cycle = { cells: r.cells, header: r.header };
          continue;
        }
        // Only a 实施周期 value: the row is the indicator, its 年度 value empty.
        const target =
          findProject(units, unit, p.name) ??
          (() => {
            const ps = units.get(unit) ?? [];
            const made: ProjectAcc = { ...p, rows: [] };
            ps.push(made);
            units.set(unit, ps);
            return made;
          })();
        target.rows.push({ ...r, cycle: { cells: r.cells, header: r.header }, cycleOnly: true });
        cycleOnly.push(r);
      }
    }
  }
  if (cycleOnly.length > 0) {
    notes.push(
      note(
        'warning',
        cycleOnly[0]!.where,
        `${cycleOnly.length} 个指标只有实施周期指标值（年度指标表中没有同一项目、同一类别、同名的指标），按年度指标值为空导入：${listSome(cycleOnly.map((r) => `“${r.name}”（${describeWhere(r.where)}）`))}`,
      ),
    );
  }
}
