import {
  formatValue,
  makeStructuredValue,
  sentenceValue,
  structuredIndicatorValue,
  structureIndicatorValue,
  type DecimalText,
  type IndicatorValue,
  type StructuredIndicatorValue,
} from '../../db/shared/indicator-value.ts';
import type { DocumentData, IndicatorData, ProjectData } from '../../db/shared/types.ts';

/**
 * The national fields of issue 10 (structured values, 权重, 实施期, 总体目标, 项目资金总额) on
 * a document built through the real store (build.ts). Until the store takes them, they are set on
 * the snapshot, which is plain data: the same objects the rules get from the program.
 */

/** A structured value from its three cells, as the editor's 符号/数值/单位 give them. */
export function structured(
  operator: string,
  value: string,
  unit: string,
  source: string | null = null,
): StructuredIndicatorValue {
  const made = makeStructuredValue({ operator, value, unit });
  if (!made.ok) throw new Error(made.message);
  return structuredIndicatorValue(made.value, source);
}

export const sentence = sentenceValue;

/** Both values with their printed forms; without `annual`, the annual value follows the cycle. */
export function values(cycle: IndicatorValue, annual?: IndicatorValue): Partial<IndicatorData> {
  const a = annual ?? cycle;
  return {
    cycle,
    annual: a,
    cycleValue: formatValue(cycle, 'merged'),
    annualValue: formatValue(a, 'merged'),
    annualFollowsCycle: annual === undefined,
  };
}

export function weight(text: string | null): Partial<IndicatorData> {
  return { weight: text as DecimalText | null };
}

type IndicatorPatch = (indicator: IndicatorData, k: number) => Partial<IndicatorData>;

function mapProjects(
  doc: DocumentData,
  f: (project: ProjectData, at: { unit: number; project: number }) => ProjectData,
): DocumentData {
  return {
    ...doc,
    units: doc.units.map((unit, u) => ({
      ...unit,
      projects: unit.projects.map((project, p) => f(project, { unit: u, project: p })),
    })),
  };
}

/** The first project (or the one at `at`) with `patch`. */
export function patchProject(
  doc: DocumentData,
  patch: Partial<ProjectData>,
  at: { unit: number; project: number } = { unit: 0, project: 0 },
): DocumentData {
  return mapProjects(doc, (project, where) =>
    where.unit === at.unit && where.project === at.project ? { ...project, ...patch } : project,
  );
}

/** Every indicator of every project, patched (k: its position in its project). */
export function patchIndicators(doc: DocumentData, patch: IndicatorPatch): DocumentData {
  return mapProjects(doc, (project) => ({
    ...project,
    indicators: project.indicators.map((i, k) => ({ ...i, ...patch(i, k) })),
  }));
}

/** The first project's indicator named `name`, patched. */
export function patchIndicator(
  doc: DocumentData,
  name: string,
  patch: Partial<IndicatorData>,
): DocumentData {
  let found = false;
  const patched = patchProject(doc, {
    indicators: doc.units[0]!.projects[0]!.indicators.map((i) => {
      if (i.name !== name) return i;
      found = true;
      return { ...i, ...patch };
    }),
  });
  if (!found) throw new Error(`no indicator named ${name}`);
  return patched;
}

/**
 * Every sentence that reads as one structured value made structured, as the conversion command
 * does (the annual value still following the cycle where it did): the fixture as a clerk would
 * have it after converting.
 */
export function structureAll(doc: DocumentData): DocumentData {
  return patchIndicators(doc, (i) => {
    const cycle = structureIndicatorValue(i.cycle).value;
    return values(
      cycle,
      i.annualFollowsCycle ? undefined : structureIndicatorValue(i.annual).value,
    );
  });
}
