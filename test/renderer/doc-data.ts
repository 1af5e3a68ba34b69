import { WAN2, wanCents } from '../amounts.ts';
import { builtInTree } from '../../db/built-in-trees.ts';
import { sentenceValue } from '../../db/shared/indicator-value.ts';
import { cents, type Cents } from '../../db/shared/money.ts';
import { TreeIndex, type CategoryTree } from '../../db/shared/tree.ts';
import type {
  DocumentData,
  IndicatorData,
  ProjectData,
  Totals,
  UnitData,
} from '../../db/shared/types.ts';

/**
 * Small documents for the page's pure logic, in the shape the host reads from a file
 * (db/read-document.ts): the shipped default tree, categories resolved through TreeIndex as the
 * reader resolves them, totals that add up. No SQLite: these tests are about what the page does
 * with the data.
 */

export const TREE: CategoryTree = builtInTree('default')!;
const INDEX = new TreeIndex(TREE);

/** Amounts given in hundredths of 万元 (see wanCents), 总计 derived. */
export function totals(fiscal = 0, specialAccount = 0, other = 0): Totals {
  return {
    fiscal: wanCents(fiscal),
    specialAccount: wanCents(specialAccount),
    other: wanCents(other),
    total: wanCents(fiscal + specialAccount + other),
  };
}

export function sum(list: readonly Totals[]): Totals {
  const add = (k: keyof Totals) => list.reduce((n, t) => n + t[k], 0) as Cents;
  return {
    fiscal: add('fiscal'),
    specialAccount: add('specialAccount'),
    other: add('other'),
    total: add('total'),
  };
}

/** An indicator of a second-level category: in the tree, or (a damaged file) not in it. */
export function indicator(
  id: number,
  level2Code: string,
  name = `指标${id}`,
  tree: CategoryTree = TREE,
): IndicatorData {
  const c = (tree === TREE ? INDEX : new TreeIndex(tree)).resolve(level2Code);
  const l1 = c?.level1 ?? tree.level1.find((l) => level2Code.startsWith(l.code))!;
  return {
    id,
    level1: c ? c.level1 : { code: l1.code, name: l1.name, role: l1.role },
    level2: c ? c.level2 : { code: level2Code, name: '（不在指标体系中）' },
    // As db/read-document.ts strayCategory: a category outside the tree sorts last.
    categoryOrder: c ? c.order : Number.MAX_SAFE_INTEGER,
    name,
    cycleValue: `${name}的值`,
    annualValue: `${name}的值`,
    annualFollowsCycle: true,
    cycle: sentenceValue(`${name}的值`),
    annual: sentenceValue(`${name}的值`),
    weight: null,
    basis: { kind: null, text: '' },
    explanation: '',
    polarity: null,
    previous: null,
    printedCategory: null,
  };
}

export function project(
  id: number,
  fiscal: number,
  indicators: readonly IndicatorData[] = [indicator(id * 100 + 1, '11')],
): ProjectData {
  return {
    id,
    name: `项目${id}`,
    totals: totals(fiscal),
    previous: null,
    goal: `项目${id}的绩效目标`,
    overallGoal: '',
    period: { start: null, end: null },
    continuity: null,
    recurrence: null,
    category: '',
    totalBudget: null,
    carryOver: cents(0),
    noServiceRecipients: false,
    amountDoubt: null,
    indicators,
  };
}

export function unit(id: number, projects: readonly ProjectData[]): UnitData {
  return { id, name: `单位${id}`, totals: sum(projects.map((p) => p.totals)), projects };
}

export function document(units: readonly UnitData[]): DocumentData {
  return {
    department: '示例部门',
    year: 2026,
    previousYear: null,
    title: '示例部门 2026年项目支出绩效目标表',
    titleIsDerived: true,
    money: WAN2,
    printLayout: null,
    tree: TREE,
    totals: sum(units.map((u) => u.totals)),
    units,
    defects: [],
    reviewMarks: [],
  };
}

/**
 * Units 1 (projects 11, 12), 2 (project 21) and 3 (project 31), each project with a few
 * indicators in several categories.
 */
export function sample(): DocumentData {
  return document([
    unit(1, [
      project(11, 1000, [indicator(1101, '11'), indicator(1102, '22'), indicator(1103, '31')]),
      project(12, 2050, [indicator(1201, '12'), indicator(1202, '21')]),
    ]),
    unit(2, [project(21, 300)]),
    unit(3, [project(31, 40, [indicator(3101, '13'), indicator(3102, '31')])]),
  ]);
}

/** A deep copy, as a reply that crossed the wire arrives: equal, but no object shared. */
export function wireCopy<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
