import { formatValue, type IndicatorValue } from '../../db/shared/indicator-value.ts';
import type { Cents } from '../../db/shared/money.ts';
import type {
  DocumentData,
  IndicatorData,
  ProjectData,
  UnitData,
  YearMonth,
} from '../../db/shared/types.ts';
import type { Feature, FieldFormats, ProjectField, Show, ValuePart } from '../layout/types.ts';
import { amountText, fillPattern } from './cells.ts';

/**
 * What the data-driven layouts (per-project forms, per-row tables) print of a document: the text
 * of each named field, and whether an optional part shows. One place for both, so a form and a
 * grid print a field alike.
 */

/** Whether some project of `projects` has the feature. */
export function hasFeature(feature: Feature, projects: readonly ProjectData[]): boolean {
  return projects.some(FEATURES[feature]);
}

const FEATURES: Readonly<Record<Feature, (p: ProjectData) => boolean>> = {
  nationalFields: (p) =>
    FEATURES.overallGoal(p) ||
    FEATURES.period(p) ||
    FEATURES.nature(p) ||
    p.totalBudget !== null ||
    p.carryOver !== 0,
  overallGoal: (p) => p.overallGoal.trim() !== '',
  period: (p) => p.period.start !== null || p.period.end !== null,
  nature: (p) => p.continuity !== null || p.recurrence !== null || p.category.trim() !== '',
  structuredValues: (p) =>
    p.indicators.some((i) => i.cycle.kind === 'structured' || i.annual.kind === 'structured'),
  weight: (p) => p.indicators.some((i) => i.weight !== null),
  basis: (p) => p.indicators.some((i) => i.basis.kind !== null || i.basis.text.trim() !== ''),
  explanation: (p) => p.indicators.some((i) => i.explanation.trim() !== ''),
  // The printed texts: what a reader of the table could tell apart.
  cycleDiffers: (p) => p.indicators.some((i) => i.cycleValue.trim() !== i.annualValue.trim()),
  specialAccountMoney: (p) => p.totals.specialAccount !== 0,
  otherMoney: (p) => p.totals.other !== 0,
};

/** The projects a `show` looks at: the whole document's, or the table's being printed. */
export interface ShowScope {
  readonly document: readonly ProjectData[];
  readonly table: readonly ProjectData[];
}

export function shows(show: Show | undefined, scope: ShowScope): boolean {
  if (show === undefined || show === 'always') return true;
  if (show === 'never') return false;
  const projects = scope[show.scope ?? 'document'];
  return 'when' in show ? hasFeature(show.when, projects) : !hasFeature(show.unless, projects);
}

export function allProjects(doc: DocumentData): ProjectData[] {
  return doc.units.flatMap((u) => u.projects);
}

/** The text a project's field prints as. */
export function projectFieldText(
  field: ProjectField,
  doc: DocumentData,
  unit: UnitData,
  project: ProjectData,
  formats: FieldFormats,
): string {
  const money = (a: Cents) => amountText(a, doc.money);
  switch (field) {
    case 'unit':
      return unit.name;
    case 'project':
      return project.name;
    case 'department':
      return doc.department;
    case 'nature':
      return [project.continuity, project.recurrence]
        .filter((x) => x !== null)
        .join(formats.natureSeparator);
    case 'category':
      return project.category.trim();
    case 'period':
      return periodText(project, formats);
    case 'totalBudget':
      return project.totalBudget === null ? '' : money(project.totalBudget);
    case 'total':
    case 'fiscal':
    case 'specialAccount':
    case 'other':
      return money(project.totals[field]);
    case 'carryOver':
      return money(project.carryOver);
    case 'overallGoal':
      return project.overallGoal.trim();
    case 'goal':
      return project.goal.trim();
  }
}

/** Amounts align right, as in the official table. */
export function isAmountField(field: string): boolean {
  return AMOUNT_FIELDS.has(field);
}
const AMOUNT_FIELDS: ReadonlySet<string> = new Set<ProjectField>([
  'totalBudget',
  'total',
  'fiscal',
  'specialAccount',
  'other',
  'carryOver',
]);

/** 实施期: `2025年01月—2027年12月`; a month not given stays empty, none at all prints nothing. */
function periodText(project: ProjectData, formats: FieldFormats): string {
  const { start, end } = project.period;
  if (start === null && end === null) return '';
  const month = (ym: YearMonth | null) =>
    ym === null ? '' : fillPattern(formats.month, { 年: ym.slice(0, 4), 月: ym.slice(5, 7) });
  return fillPattern(formats.periodRange, { 起: month(start), 止: month(end) });
}

/** 指标值设定依据: `计划标准：…`, or whichever of the kind and the words the indicator has. */
export function basisText(indicator: IndicatorData, formats: FieldFormats): string {
  const { kind, text } = indicator.basis;
  return [kind ?? '', text.trim()].filter((x) => x !== '').join(formats.basisSeparator);
}

/** A value whole (`≥95%`, a grade, a sentence) or one of its three parts. */
export function valueText(v: IndicatorValue, part: ValuePart | undefined): string {
  if (part === undefined) return formatValue(v, 'merged').trim();
  return formatValue(v, 'split')[part].trim();
}
