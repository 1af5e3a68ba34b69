import { printedIndicators } from '../printed-order.ts';
import type { CategoryRole } from '../tree.ts';
import type { DocumentData, IndicatorData, ProjectData, UnitData } from '../types.ts';
import type { Place } from './finding.ts';
import { sameValue } from './text.ts';

/**
 * Traversals of a document that hand each rule the thing to look at together with its place,
 * so every rule points at the same unit, project and printed indicator number.
 */

export interface UnitVisit {
  readonly unit: UnitData;
  /** 0-based position among the document's units. */
  readonly unitIndex: number;
  readonly place: Place;
}

export interface ProjectVisit extends UnitVisit {
  readonly project: ProjectData;
  /** 0-based position among the unit's projects. */
  readonly projectIndex: number;
}

export interface IndicatorVisit extends ProjectVisit {
  readonly indicator: IndicatorData;
  /** The indicator's printed number: 1-based, in category order. */
  readonly index: number;
}

function unitPlace(unit: UnitData): Place {
  return { location: { unitId: unit.id }, unitName: unit.name };
}

function projectPlace(unit: UnitData, project: ProjectData): Place {
  return {
    location: { unitId: unit.id, projectId: project.id },
    unitName: unit.name,
    projectName: project.name,
  };
}

function indicatorPlace(
  unit: UnitData,
  project: ProjectData,
  indicator: IndicatorData,
  index: number,
): Place {
  return {
    location: { unitId: unit.id, projectId: project.id, indicatorId: indicator.id },
    unitName: unit.name,
    projectName: project.name,
    indicatorIndex: index,
    indicatorName: indicator.name,
  };
}

export function visitUnits(doc: DocumentData): UnitVisit[] {
  return doc.units.map((unit, unitIndex) => ({ unit, unitIndex, place: unitPlace(unit) }));
}

export function visitProjects(doc: DocumentData): ProjectVisit[] {
  return doc.units.flatMap((unit, unitIndex) =>
    unit.projects.map((project, projectIndex) => ({
      unit,
      unitIndex,
      project,
      projectIndex,
      place: projectPlace(unit, project),
    })),
  );
}

export function visitIndicators(doc: DocumentData): IndicatorVisit[] {
  return visitProjects(doc).flatMap((p) => indicatorsOf(p));
}

function indicatorsOf(p: ProjectVisit): IndicatorVisit[] {
  return printedIndicators(p.project).map((indicator, i) => ({
    ...p,
    indicator,
    index: i + 1,
    place: indicatorPlace(p.unit, p.project, indicator, i + 1),
  }));
}

/** The same place, narrowed to one field (named as in the model, e.g. 'cycleValue'). */
export function atField(place: Place, field: string): Place {
  return { ...place, location: { ...place.location, field } };
}

export type TextKind =
  | 'unitName'
  | 'projectName'
  | 'goal'
  | 'overallGoal'
  | 'indicatorName'
  | 'cycleValue'
  | 'annualValue'
  | 'explanation';

export interface TextItem {
  readonly kind: TextKind;
  /** The official term for the field, as a message names it. */
  readonly label: string;
  readonly text: string;
  readonly place: Place;
}

export const ALL_TEXT: readonly TextKind[] = [
  'unitName',
  'projectName',
  'goal',
  'overallGoal',
  'indicatorName',
  'cycleValue',
  'annualValue',
  'explanation',
];
export const INDICATOR_VALUES: readonly TextKind[] = ['cycleValue', 'annualValue'];
/**
 * Texts a form may leave empty (项目总体目标, 指标解释): “无” or “/” there says “none”, as
 * clerks write it on paper forms, rather than standing in for text still to be written.
 */
export const OPTIONAL_TEXT: ReadonlySet<TextKind> = new Set(['overallGoal', 'explanation']);

/**
 * Every text field of the kinds asked for, in document order. An annual value that says the
 * same as the cycle value (268 of the 273 in the published fixture) is not a second text:
 * it comes once, labelled as both, so one slip is one finding and fixing the cycle value
 * (which the annual value follows) fixes it.
 */
export function visitTexts(doc: DocumentData, kinds: readonly TextKind[] = ALL_TEXT): TextItem[] {
  const want = new Set(kinds);
  const items: TextItem[] = [];
  const push = (kind: TextKind, label: string, text: string, place: Place, field: string) => {
    items.push({ kind, label, text, place: atField(place, field) });
  };
  const add: typeof push = (kind, ...rest) => {
    if (want.has(kind)) push(kind, ...rest);
  };
  const values = want.has('cycleValue') || want.has('annualValue');
  for (const unit of doc.units) {
    add('unitName', '资金使用单位名称', unit.name, unitPlace(unit), 'name');
    for (const project of unit.projects) {
      const place = projectPlace(unit, project);
      add('projectName', '项目名称', project.name, place, 'name');
      add('goal', '绩效目标', project.goal, place, 'goal');
      add('overallGoal', '项目总体目标', project.overallGoal, place, 'overallGoal');
      printedIndicators(project).forEach((indicator, i) => {
        const at = indicatorPlace(unit, project, indicator, i + 1);
        const { name, cycleValue, annualValue } = indicator;
        add('indicatorName', '三级指标名称', name, at, 'name');
        if (sameValue(cycleValue, annualValue)) {
          if (values)
            push('cycleValue', '实施周期指标值和年度指标值', cycleValue, at, 'cycleValue');
        } else {
          add('cycleValue', '实施周期指标值', cycleValue, at, 'cycleValue');
          add('annualValue', '年度指标值', annualValue, at, 'annualValue');
        }
        add('explanation', '指标解释', indicator.explanation, at, 'explanation');
      });
    }
  }
  return items;
}

/** The first-level categories of the document's tree that play this role. */
export function categoriesWithRole(doc: DocumentData, role: CategoryRole) {
  return doc.tree.level1.filter((c) => c.role === role);
}

export { printedIndicators };
