import type { Place } from './check/finding.ts';
import { formatAmount, type Cents, type MoneyDisplay } from './money.ts';
import { printedIndicators } from './printed-order.ts';
import type { DocumentData, ProjectData, UnitData } from './types.ts';

/**
 * 查找和替换 over a whole document: the same code in the page (which searches its own copy as
 * the clerk types) and in the host (which recomputes the matches of a replacement from the
 * payload and never trusts positions sent by a page).
 *
 * Matching rules, one place for them:
 * - full-width and half-width ASCII are the same (`２０２５` finds `2025`, `＝` finds `=`, the
 *   ideographic space finds a space): clerks type both without noticing;
 * - Latin letters ignore case unless `matchCase`;
 * - `wholeField`: the field's whole text (spaces around it aside) is the query;
 * - amounts are searched as the editor shows them in the document's unit, without thousands
 *   separators (`38.41`, also `38.4` or `1,234.5` typed with a separator); an amount of 0 is
 *   not searched (every empty source would match). Amounts are found, never replaced.
 */

export interface FindOptions {
  readonly matchCase?: boolean | undefined;
  readonly wholeField?: boolean | undefined;
}

/** The fields find looks in, as the model names them (Location.field). */
export const FIND_FIELD_LABEL = {
  unitName: '资金使用单位名称',
  projectName: '项目名称',
  overallGoal: '项目总体目标',
  goal: '年度目标（绩效目标）',
  fiscal: '财政拨款',
  specialAccount: '财政专户拨款',
  other: '其他资金',
  totalBudget: '项目资金总额',
  carryOver: '上年结转',
  indicatorName: '三级指标',
  cycleValue: '实施周期指标值',
  annualValue: '年度指标值',
  basis: '指标值设定依据',
  explanation: '指标解释',
} as const;
export type FindFieldKind = keyof typeof FIND_FIELD_LABEL;

/** One field that holds the query, with where the query is in its text. */
export interface FindHit extends Place {
  /** `u3:name`, `p12:goal`, `i40:cycleValue`: the field, as a replacement names it. */
  readonly key: string;
  readonly kind: FindFieldKind;
  /** The field's text as searched (an amount as the editor shows it). */
  readonly text: string;
  /** Where the query is: [start, end) in `text`, left to right, never overlapping. */
  readonly ranges: readonly (readonly [number, number])[];
  /** False for amounts: text replacement never changes money. */
  readonly replaceable: boolean;
}

/** A searchable field of the document, before any query. */
interface FieldText extends Place {
  readonly key: string;
  readonly kind: FindFieldKind;
  readonly text: string;
  readonly amount: boolean;
  /** The text folded (full-width to half-width), and folded and lower-cased: made once. */
  folded?: string;
  lowered?: string;
}

const fieldsOf = new WeakMap<DocumentData, readonly FieldText[]>();

/**
 * A project's fields, kept with what they were made under: an edit gives the page a new document
 * whose untouched projects are the same objects (db/shared/changes.ts), so a search after an
 * edit lists (and folds) only the changed projects' fields again.
 */
interface ProjectFields {
  readonly unitId: number;
  readonly unitName: string;
  readonly money: string;
  readonly fields: readonly FieldText[];
}
const projectFieldsOf = new WeakMap<ProjectData, ProjectFields>();

/** Every searchable field, in document order (units, projects, indicators as printed). */
function documentFields(data: DocumentData): readonly FieldText[] {
  const cached = fieldsOf.get(data);
  if (cached) return cached;
  const out: FieldText[] = [];
  const money = `${data.money.unit}/${data.money.decimals}`;
  for (const unit of data.units) {
    out.push({
      unitName: unit.name,
      location: { unitId: unit.id, field: 'name' },
      key: `u${unit.id}:name`,
      kind: 'unitName',
      text: unit.name,
      amount: false,
    });
    for (const project of unit.projects) {
      let kept = projectFieldsOf.get(project);
      if (!kept || kept.unitId !== unit.id || kept.unitName !== unit.name || kept.money !== money) {
        kept = {
          unitId: unit.id,
          unitName: unit.name,
          money,
          fields: projectFields(unit, project, data.money),
        };
        projectFieldsOf.set(project, kept);
      }
      for (const f of kept.fields) out.push(f);
    }
  }
  fieldsOf.set(data, out);
  return out;
}

function projectFields(unit: UnitData, project: ProjectData, display: MoneyDisplay): FieldText[] {
  const out: FieldText[] = [];
  const projectPlace = { unitName: unit.name, projectName: project.name };
  const projectField = (kind: FindFieldKind, field: string, text: string, amount = false) =>
    out.push({
      ...projectPlace,
      location: { unitId: unit.id, projectId: project.id, field },
      key: `p${project.id}:${field}`,
      kind,
      text,
      amount,
    });
  const money = (field: 'fiscal' | 'specialAccount' | 'other' | 'totalBudget' | 'carryOver') => {
    const c: Cents | null =
      field === 'totalBudget'
        ? project.totalBudget
        : field === 'carryOver'
          ? project.carryOver
          : project.totals[field];
    if (c !== null && c !== 0) projectField(field, field, formatAmount(c, display), true);
  };
  projectField('projectName', 'name', project.name);
  projectField('overallGoal', 'overallGoal', project.overallGoal);
  projectField('goal', 'goal', project.goal);
  money('fiscal');
  money('specialAccount');
  money('other');
  money('totalBudget');
  money('carryOver');
  printedIndicators(project).forEach((indicator, i) => {
    const indicatorField = (kind: FindFieldKind, field: string, text: string) =>
      out.push({
        ...projectPlace,
        location: { unitId: unit.id, projectId: project.id, indicatorId: indicator.id, field },
        indicatorIndex: i + 1,
        indicatorName: indicator.name,
        key: `i${indicator.id}:${field}`,
        kind,
        text,
        amount: false,
      });
    indicatorField('indicatorName', 'name', indicator.name);
    indicatorField('cycleValue', 'cycleValue', indicator.cycleValue);
    // A linked annual value is the cycle value: found (and replaced) once, there.
    if (!indicator.annualFollowsCycle) {
      indicatorField('annualValue', 'annualValue', indicator.annualValue);
    }
    indicatorField('basis', 'basis', indicator.basis.text);
    indicatorField('explanation', 'explanation', indicator.explanation);
  });
  return out;
}

const WIDE = /[\uFF01-\uFF5E\u3000]/gu;

/**
 * Full-width ASCII to half-width, one UTF-16 unit for one, so positions in the folded text are
 * positions in the field's text.
 */
export function foldWidth(text: string): string {
  return text.replace(WIDE, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** Lower case, keeping every position (a letter whose lower case is longer is kept as is). */
function lower(text: string): string {
  const l = text.toLowerCase();
  return l.length === text.length ? l : text.replace(/[A-Z]/gu, (c) => c.toLowerCase());
}

/** The text a query is matched against, made once per field and kind of match. */
function prepared(f: FieldText, matchCase: boolean): string {
  f.folded ??= foldWidth(f.text);
  if (matchCase) return f.folded;
  f.lowered ??= lower(f.folded);
  return f.lowered;
}

/** The query as matched: folded like the fields, lower-cased unless matchCase. */
function preparedQuery(query: string, matchCase: boolean): string {
  const folded = foldWidth(query);
  return matchCase ? folded : lower(folded);
}

/** Where `needle` (already prepared) is in `hay` (prepared the same way). */
function rangesIn(hay: string, needle: string, wholeField: boolean): (readonly [number, number])[] {
  if (needle === '') return [];
  if (wholeField) {
    const start = hay.length - hay.trimStart().length;
    const inner = hay.trim();
    return inner === needle.trim() ? [[start, start + inner.length]] : [];
  }
  const out: (readonly [number, number])[] = [];
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + needle.length)) {
    out.push([at, at + needle.length]);
  }
  return out;
}

/** An amount query: the thousands separators a clerk may type are not in the searched text. */
function amountQuery(needle: string): string {
  return needle.replace(/[,，]/gu, '');
}

/** Every field holding `query`, in document order. An empty query finds nothing. */
export function findInDocument(
  data: DocumentData,
  query: string,
  options: FindOptions = {},
): FindHit[] {
  const matchCase = options.matchCase === true;
  const wholeField = options.wholeField === true;
  const needle = preparedQuery(query, matchCase);
  if (needle.trim() === '') return [];
  const moneyNeedle = amountQuery(needle);
  const hits: FindHit[] = [];
  for (const f of documentFields(data)) {
    if (f.text === '') continue;
    const ranges = rangesIn(prepared(f, matchCase), f.amount ? moneyNeedle : needle, wholeField);
    if (ranges.length === 0) continue;
    const { folded: _f, lowered: _l, amount, ...rest } = f;
    hits.push({ ...rest, ranges, replaceable: !amount });
  }
  return hits;
}

/**
 * Lists and folds every field ahead of the first query (the page does it when the panel opens
 * and after each edit, while the clerk has not typed yet), so typing only scans.
 */
export function prepareFind(data: DocumentData): void {
  for (const f of documentFields(data)) prepared(f, false);
}

/** The total number of places found (a field may hold the query several times). */
export function countMatches(hits: readonly FindHit[]): number {
  return hits.reduce((n, h) => n + h.ranges.length, 0);
}

/** `text` with each of `ranges` replaced by `replacement`, exactly as typed. */
export function replaceRanges(
  text: string,
  ranges: readonly (readonly [number, number])[],
  replacement: string,
): string {
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    out += text.slice(at, start) + replacement;
    at = end;
  }
  return out + text.slice(at);
}

/** What a replacement asks: the query, its replacement and which fields (all: every one). */
export interface ReplaceRequest {
  readonly find: string;
  readonly replace: string;
  readonly options?: FindOptions | undefined;
  /** Field keys (FindHit.key) to replace in, or every field that holds the query. */
  readonly keys?: readonly string[] | undefined;
}

/** One field's new text. */
export interface TextReplacement {
  readonly hit: FindHit;
  readonly next: string;
}

/**
 * The replacements a request makes in `data`: every replaceable field found (within `keys` when
 * given), with its new text. Amounts are left out: they are found, never replaced by text.
 */
export function planReplace(data: DocumentData, request: ReplaceRequest): TextReplacement[] {
  const keys = request.keys === undefined ? undefined : new Set(request.keys);
  return findInDocument(data, request.find, request.options)
    .filter((h) => h.replaceable && (keys === undefined || keys.has(h.key)))
    .map((hit) => ({ hit, next: replaceRanges(hit.text, hit.ranges, request.replace) }))
    .filter((r) => r.next !== r.hit.text);
}

/** The undo label of a replacement (撤销“替换…”), its texts shortened. */
export function replaceLabel(find: string, replace: string): string {
  const short = (s: string) => (s.length > 12 ? `${s.slice(0, 12)}…` : s);
  return `替换“${short(find)}”为“${short(replace)}”`;
}
