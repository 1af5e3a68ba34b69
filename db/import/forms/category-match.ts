import { builtInTrees } from '../../built-in-trees.ts';
import {
  DEFAULT_TREE_ID,
  TreeIndex,
  type CategoryRole,
  type CategoryTree,
  type ResolvedCategory,
} from '../../shared/tree.ts';

/**
 * First- and second-level category names as other regions print them, matched to a tree's codes.
 * Regions word the same category differently (社会效益 / 社会效益指标, 服务对象满意度 /
 * 社会公众或服务对象满意度指标), prefix it with a code (`1-产出指标`) or follow it with its score
 * (`成本指标(0-20)分`); a name is compared by its key, which drops all of that. The per-project
 * form reader and the one-row-per-indicator reader both use this, so a name means one category
 * whichever layout it came in.
 */

/** A score printed with a category: `(0-20)分` is a range, `(20分)` a fixed score. */
export interface ScoreRange {
  readonly min: string;
  readonly max: string;
}

export interface ScoreLabel {
  /** The category name without its score (and without stray spaces). */
  readonly name: string;
  /** The score range printed with it, if any (a fixed score is min = max). */
  readonly score: ScoreRange | null;
}

const SCORE_NUMBER = String.raw`\d+(?:\.\d+)?`;
/** `成本指标(0-20)分`, `产出指标（40-50分）`, `效益指标(20分)`, `满意度指标 10分`. */
const SCORE_LABEL = new RegExp(
  String.raw`^(.*?)\s*(?:[(（]\s*(${SCORE_NUMBER})\s*(?:分\s*)?(?:[-－—–~～至]\s*(${SCORE_NUMBER}))?\s*分?\s*[)）]\s*分?|(${SCORE_NUMBER})\s*分)$`,
  'u',
);

/** Longer than any category name with its code and score. */
const MAX_NAME = 40;

/** A printed category cell split into its name and the score printed with it. */
export function readScoreLabel(text: string): ScoreLabel {
  const t = text.normalize('NFKC').replace(/\s+/gu, '');
  // A long cell is no category name; and the pattern stays linear.
  const m = t.length > MAX_NAME ? null : SCORE_LABEL.exec(t);
  if (!m || m[1] === '') return { name: t, score: null };
  const min = m[2] ?? m[4]!;
  return { name: m[1]!, score: { min, max: m[3] ?? min } };
}

/**
 * Second-level names that mean one of the trees' categories under another wording. Keys are
 * already without `指标` and spaces (see categoryKey).
 */
const LEVEL2_SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['社会公众或服务对象满意度', '服务对象满意度'],
  ['社会公众满意度', '服务对象满意度'],
  ['服务对象满意', '服务对象满意度'],
  ['受益对象满意度', '服务对象满意度'],
  ['群众满意度', '服务对象满意度'],
  ['公众满意度', '服务对象满意度'],
  ['生态环境效益', '生态效益'],
  ['可持续发展影响', '可持续影响'],
  ['可持续性影响', '可持续影响'],
  ['生态成本', '生态环境成本'],
  ['满意度', '服务对象满意度'],
]);

/** First-level names by the role the trees give them (the checks reason about roles). */
const LEVEL1_ROLES: ReadonlyMap<string, CategoryRole> = new Map([
  ['产出', 'output'],
  ['效益', 'benefit'],
  ['满意度', 'satisfaction'],
  ['成本', 'cost'],
]);

/**
 * The name a category is compared by: width-normalised, without spaces, a leading code
 * (`1-`, `11-`, `一、`, `（一）`), a printed score, a trailing `指标`/`类指标`, and with the
 * synonyms above resolved. `社会效益指标` and `22-社会效益` have the same key.
 */
export function categoryKey(name: string): string {
  const t = baseKey(name);
  return LEVEL2_SYNONYMS.get(t) ?? t;
}

/** The key without synonyms: what a first-level name is compared by. */
function baseKey(name: string): string {
  let t = readScoreLabel(name).name;
  t = t.replace(
    /^(?:\d{1,4}\s*[-－.、．]|[一二三四五六七八九十]{1,2}\s*[、.．]|[(（][一二三四五六七八九十\d]{1,2}[)）])/u,
    '',
  );
  return t.replace(/类?指标$/u, '');
}

/** The role a printed first-level name stands for, if it names one. */
export function level1Role(name: string): CategoryRole | undefined {
  return LEVEL1_ROLES.get(baseKey(name));
}

export interface TreeChoice {
  readonly tree: CategoryTree;
  /** Why this tree, for an ImportNote (Chinese); null for the default tree taken by default. */
  readonly reason: string | null;
}

/**
 * The built-in tree a form's first-level names call for: 成本指标 printed as a first-level
 * category is the 财预〔2021〕101号 tree's mark (the default tree keeps 成本指标 as 14 under
 * 产出); anything else is the default tree.
 */
export function chooseTreeForNames(
  level1Names: Iterable<string>,
  trees: readonly CategoryTree[] = builtInTrees(),
): TreeChoice {
  const fallback = trees.find((t) => t.id === DEFAULT_TREE_ID) ?? trees[0]!;
  for (const name of level1Names) {
    if (level1Role(name) !== 'cost') continue;
    const costTree = trees.find((t) => t.level1.some((l1) => l1.role === 'cost'));
    if (costTree) {
      return {
        tree: costTree,
        reason: `一级指标中有“${readScoreLabel(name).name}”（成本指标为一级指标），采用指标体系“${costTree.name}”`,
      };
    }
  }
  return { tree: fallback, reason: null };
}

export type CategoryMatch =
  | {
      readonly ok: true;
      readonly category: ResolvedCategory;
      /** Set when the match needed a guess the clerk should check (Chinese); else null. */
      readonly warning: string | null;
      /**
       * The category as printed, when the table filed it under a first level the tree does not
       * (kept on the indicator as printedCategory, for the check to report until confirmed).
       */
      readonly printed?: string;
    }
  | { readonly ok: false; readonly message: string };

/**
 * The tree's second-level category for a printed pair. The first level, when printed and known,
 * narrows the search; a second level found only under another first level is taken with a
 * warning (the second level is what the store keeps, as for the published notation). A name
 * that matches nothing, or more than one category, is refused with the tree's names listed.
 */
export function matchCategory(
  index: TreeIndex,
  level1: string | null,
  level2: string,
): CategoryMatch {
  const key2 = categoryKey(level2);
  const printed = level1
    ? `${readScoreLabel(level1).name} / ${readScoreLabel(level2).name}`
    : readScoreLabel(level2).name;
  const role = level1 ? level1Role(level1) : undefined;
  const all = allLevel2(index);
  const sameKey = all.filter((c) => categoryKey(c.level2.name) === key2);
  if (role !== undefined) {
    const under = sameKey.filter((c) => c.level1.role === role);
    if (under.length === 1) return { ok: true, category: under[0]!, warning: null };
    // 成本指标 printed as a first level while the tree keeps cost under 产出 (or the reverse:
    // 产出 / 成本指标 in a tree whose cost categories are first-level).
    if (under.length === 0 && sameKey.length === 0) {
      const cost = costFallback(all, role, key2);
      if (cost) {
        return {
          ok: true,
          category: cost,
          warning: `指标类别“${printed}”在指标体系“${index.tree.name}”中没有同名类别，归入 ${describe(cost)}，请核对`,
        };
      }
    }
  }
  if (sameKey.length === 1) {
    const c = sameKey[0]!;
    const contradicts = level1 !== null && role !== undefined && c.level1.role !== role;
    const warning = contradicts
      ? `指标类别印为“${printed}”，但“${c.level2.name}”在指标体系中属于 ${c.level1.code}-${c.level1.name}；已按二级指标归入 ${describe(c)}，请核对`
      : level1 && role === undefined
        ? `一级指标“${readScoreLabel(level1).name}”不在指标体系中；按二级指标归入 ${describe(c)}，请核对`
        : null;
    return contradicts
      ? { ok: true, category: c, warning, printed }
      : { ok: true, category: c, warning };
  }
  const names = all.map((c) => c.level2.name).join('、');
  if (sameKey.length > 1) {
    return {
      ok: false,
      message: `指标类别“${printed}”在指标体系“${index.tree.name}”中不止一个（${sameKey.map(describe).join('、')}），请在表中写明一级指标`,
    };
  }
  return {
    ok: false,
    message: `指标类别“${printed}”不在指标体系“${index.tree.name}”中（二级指标应为 ${names} 之一，可带“指标”二字）`,
  };
}

/** `41-经济成本指标` */
function describe(c: ResolvedCategory): string {
  return `${c.level2.code}-${c.level2.name}`;
}

function allLevel2(index: TreeIndex): ResolvedCategory[] {
  return index.tree.level1.flatMap((l1) => l1.level2.map((l2) => index.resolve(l2.code)!));
}

/**
 * Cost named one way in the form and the other way in the tree: a first-level 成本指标's
 * categories into the default tree's 成本指标 (under 产出), or 产出 / 成本指标 into the 2021
 * tree's 经济成本指标 (the cost of the project's own money, what a plain 成本指标 row measures).
 */
function costFallback(
  all: readonly ResolvedCategory[],
  role: CategoryRole,
  key2: string,
): ResolvedCategory | undefined {
  if (role === 'cost') return all.find((c) => categoryKey(c.level2.name) === '成本');
  if (role === 'output' && key2 === '成本') {
    return all.find((c) => c.level1.role === 'cost' && categoryKey(c.level2.name) === '经济成本');
  }
  return undefined;
}

/**
 * True when names printed in a form's first column are second-level names rather than
 * first-level ones (a table with no 一级 column: `数量指标 | 三级指标名称 | …`): every name is
 * some tree's second level, and some name is no tree's first level.
 */
export function areLevel2Names(
  names: readonly string[],
  trees: readonly CategoryTree[] = builtInTrees(),
): boolean {
  const level2Keys = new Set(
    trees.flatMap((t) => t.level1.flatMap((l1) => l1.level2.map((l2) => categoryKey(l2.name)))),
  );
  const present = names.filter((n) => n.trim() !== '');
  return (
    present.length > 0 &&
    present.every((n) => level2Keys.has(categoryKey(n))) &&
    present.some((n) => level1Role(n) === undefined)
  );
}
