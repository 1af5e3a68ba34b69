import { wanCents } from '../amounts.ts';
import path from 'node:path';
import type { Finding, Rule } from '../../db/shared/check/finding.ts';
import { TargetDocument } from '../../db/document.ts';
import { type Cents } from '../../db/shared/money.ts';
import type { CategoryTree } from '../../db/shared/tree.ts';
import type { Amounts, DocumentData, IndicatorData, ProjectData } from '../../db/shared/types.ts';
import { tempDir } from '../helpers.ts';

/**
 * Builds real documents for the rule tests: every document goes through TargetDocument (file,
 * validation, totals, tree resolution) and the rules see its snapshot, exactly as in the
 * program.
 */

export interface IndicatorSpec {
  readonly code: string;
  readonly name?: string;
  readonly cycle?: string;
  /** Omitted: the annual value follows the cycle value, as for a new indicator. */
  readonly annual?: string;
}

export interface ProjectSpec {
  /** 上年金额, as in a table made from last year's. */
  readonly previous?: Amounts | null;
  readonly name?: string;
  readonly fiscal?: Cents;
  readonly specialAccount?: Cents;
  readonly other?: Cents;
  readonly goal?: string;
  readonly indicators?: readonly IndicatorSpec[];
}

export interface UnitSpec {
  readonly name?: string;
  readonly projects?: readonly ProjectSpec[];
}

export interface DocumentSpec {
  readonly department?: string;
  readonly year?: number;
  readonly tree?: string | CategoryTree;
  readonly units: readonly UnitSpec[];
}

export const DEPARTMENT = '中国共产党广州市番禺区委员会组织部';
export const UNIT = '区委组织部本级';

export function buildDocument(spec: DocumentSpec): DocumentData {
  const file = path.join(tempDir(), 'check.jxmb');
  const doc = TargetDocument.createAndOpen(file, {
    department: spec.department ?? DEPARTMENT,
    year: spec.year ?? 2024,
    tree: spec.tree ?? 'default',
  });
  try {
    doc.transaction(() => {
      for (const u of spec.units) {
        const unitId = doc.addUnit(u.name ?? UNIT);
        for (const { indicators = [], ...fields } of u.projects ?? []) {
          const projectId = doc.addProject(unitId, fields);
          for (const i of indicators) {
            const id = doc.addIndicator(projectId, {
              level2Code: i.code,
              name: i.name ?? '',
              cycleValue: i.cycle ?? '',
            });
            if (i.annual !== undefined) doc.updateIndicator(id, { annualValue: i.annual });
          }
        }
      }
    });
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

/** Indicators from the 2024 fixture's 培训经费, one of each role, all measurable. */
export const GOOD_INDICATORS: readonly IndicatorSpec[] = [
  { code: '11', name: '举办公务员专题培训班', cycle: '举办12期公务员专题培训班' },
  { code: '13', name: '公务员初任培训班', cycle: '按时举办公务员初任培训班，全区覆盖率100%' },
  {
    code: '22',
    name: '公务员专题培训班参训人次',
    cycle: '全年参与公务员专题培训班人次达到2.4万人次',
  },
  { code: '31', name: '参训学员满意度', cycle: '参训学员满意度≥90%' },
];

/** A project no rule has anything to say about. */
export function goodProject(overrides: ProjectSpec = {}): ProjectSpec {
  return {
    name: '培训经费',
    fiscal: wanCents(3841),
    goal: '举办公务员专题培训班12期，全年参训2.4万人次，参训学员满意度不低于90%。',
    indicators: GOOD_INDICATORS,
    ...overrides,
  };
}

/** GOOD_INDICATORS with the one at `index` (0-based) changed. */
export function goodIndicatorsWith(index: number, patch: Partial<IndicatorSpec>): IndicatorSpec[] {
  return GOOD_INDICATORS.map((i, k) => (k === index ? { ...i, ...patch } : i));
}

/** A document of one unit and one project: the good project with `overrides`. */
export function oneProject(
  overrides: ProjectSpec = {},
  doc: Omit<DocumentSpec, 'units'> = {},
): DocumentData {
  return buildDocument({ ...doc, units: [{ projects: [goodProject(overrides)] }] });
}

export function firstProject(doc: DocumentData): ProjectData {
  const project = doc.units[0]?.projects[0];
  if (!project) throw new Error('the document has no project');
  return project;
}

/** The indicator of the first project whose 三级指标名称 is `name`. */
export function indicatorNamed(doc: DocumentData, name: string): IndicatorData {
  const found = firstProject(doc).indicators.find((i) => i.name === name);
  if (!found) throw new Error(`no indicator named ${name}`);
  return found;
}

/** The findings of one rule, after checking the rule's own bookkeeping. */
export function run(rule: Rule, doc: DocumentData): Finding[] {
  const findings = rule.check(doc);
  for (const f of findings) {
    if (f.ruleId !== rule.id || f.severity !== rule.severity) {
      throw new Error(`${rule.id} reported a finding as ${f.ruleId}/${f.severity}`);
    }
  }
  return findings;
}
