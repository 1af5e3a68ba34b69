import { printedIndicators } from './printed-order.ts';
import { TreeIndex, type CategoryRole, type CategoryTree } from './tree.ts';
import type { DocumentData, IndicatorData } from './types.ts';

/**
 * Changing a document's tree (更换指标体系): every second-level code the document uses is mapped
 * to a second-level code of the target tree, and the clerk sees, before anything is written,
 * every indicator whose printed category changes. Pure: the page previews with it as the clerk
 * chooses, and the store (db/tree-change.ts) refuses with the same rules before it writes.
 */

/** From a second-level code used in the document to a second-level code of the target tree. */
export type TreeMapping = Readonly<Record<string, string>>;

/**
 * Why a code was proposed: the target has the same code; else exactly one second-level
 * category of the same name; else the first-level category of the same role has exactly one
 * second-level category. Anything else is left for the clerk: never guessed.
 */
export type ProposalBasis = 'code' | 'name' | 'role';

export const PROPOSAL_BASIS_TEXT: Readonly<Record<ProposalBasis, string>> = {
  code: '代码相同',
  name: '名称相同',
  role: '一级类别相同且只有一个二级类别',
};

export interface CategoryRef {
  readonly level1: { readonly code: string; readonly name: string };
  readonly level2: { readonly code: string; readonly name: string };
}

/** One row of the mapping table: a category the document uses. */
export interface MappingRow {
  /** As the document prints it now. */
  readonly from: CategoryRef;
  /** How many indicators use it. */
  readonly count: number;
  readonly proposal: { readonly code: string; readonly basis: ProposalBasis } | null;
}

/** An indicator whose printed category changes. */
export interface TreeMove {
  readonly indicatorId: number;
  readonly unitName: string;
  readonly projectId: number;
  readonly projectName: string;
  readonly name: string;
  /** Printed number (1-based, within the project) before and after. */
  readonly number: number;
  readonly numberAfter: number;
  readonly from: CategoryRef;
  readonly to: CategoryRef;
  /** moved: to another second- or first-level code; renamed: same codes, other printed names. */
  readonly kind: 'moved' | 'renamed';
}

export interface TreeChangePlan {
  readonly target: CategoryTree;
  readonly rows: readonly MappingRow[];
  /** The mapping the plan was made with: every used code that has a target. */
  readonly mapping: TreeMapping;
  /** Why the change cannot be made as it is (Chinese, for the clerk); empty when it can. */
  readonly problems: readonly string[];
  /** Every indicator whose printed category changes, in document and printed order. */
  readonly moves: readonly TreeMove[];
}

export const categoryText = (c: { readonly code: string; readonly name: string }): string =>
  `${c.code}-${c.name}`;

export const refText = (c: CategoryRef): string =>
  `${categoryText(c.level1)}；${categoryText(c.level2)}`;

/** 经济效益 and 经济效益指标 name the same category: trees differ in that suffix only. */
function nameKey(name: string): string {
  return name.replace(/\s+/g, '').replace(/指标$/, '');
}

function refOf(i: IndicatorData): CategoryRef {
  return {
    level1: { code: i.level1.code, name: i.level1.name },
    level2: { code: i.level2.code, name: i.level2.name },
  };
}

function propose(
  target: CategoryTree,
  index: TreeIndex,
  from: CategoryRef,
  role: CategoryRole,
): MappingRow['proposal'] {
  if (index.resolve(from.level2.code)) return { code: from.level2.code, basis: 'code' };
  const all = target.level1.flatMap((l1) => l1.level2.map((l2) => ({ l1, l2 })));
  let named = all.filter((c) => nameKey(c.l2.name) === nameKey(from.level2.name));
  if (named.length > 1) named = named.filter((c) => c.l1.role === role);
  if (named.length === 1) return { code: named[0]!.l2.code, basis: 'name' };
  const sameRole = all.filter((c) => c.l1.role === role);
  if (sameRole.length === 1) return { code: sameRole[0]!.l2.code, basis: 'role' };
  return null;
}

/** The categories `data` uses, in the order of its current tree, each with its proposal. */
export function mappingRows(data: DocumentData, target: CategoryTree): MappingRow[] {
  const index = new TreeIndex(target);
  const used = new Map<
    string,
    { ref: CategoryRef; role: CategoryRole; order: number; n: number }
  >();
  for (const u of data.units) {
    for (const p of u.projects) {
      for (const i of p.indicators) {
        const seen = used.get(i.level2.code);
        if (seen) seen.n++;
        else
          used.set(i.level2.code, {
            ref: refOf(i),
            role: i.level1.role,
            order: i.categoryOrder,
            n: 1,
          });
      }
    }
  }
  return [...used.values()]
    .sort((a, b) => a.order - b.order || a.ref.level2.code.localeCompare(b.ref.level2.code))
    .map((u) => ({ from: u.ref, count: u.n, proposal: propose(target, index, u.ref, u.role) }));
}

/** The proposals as a mapping (codes without one are absent). */
export function proposedMapping(rows: readonly MappingRow[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const r of rows) if (r.proposal) mapping[r.from.level2.code] = r.proposal.code;
  return mapping;
}

/**
 * What changing `data`'s tree to `target` with `mapping` would do. Only the codes the document
 * uses count; each must be mapped, to a second-level code of the target.
 */
export function planTreeChange(
  data: DocumentData,
  target: CategoryTree,
  mapping: TreeMapping,
): TreeChangePlan {
  const index = new TreeIndex(target);
  const rows = mappingRows(data, target);
  const problems: string[] = [];
  const effective: Record<string, string> = {};
  for (const r of rows) {
    const code = r.from.level2.code;
    const to = Object.hasOwn(mapping, code) ? mapping[code] : undefined;
    const what = `“${categoryText(r.from.level2)}”（${r.count} 条指标）`;
    if (to === undefined || to === '') {
      problems.push(`${what}尚未选择“${target.name}”中对应的二级指标`);
    } else if (!index.resolve(to)) {
      problems.push(`${what}对应的“${to}”不是“${target.name}”中的二级指标`);
    } else {
      effective[code] = to;
    }
  }

  const moves: TreeMove[] = [];
  if (problems.length === 0) {
    for (const u of data.units) {
      for (const p of u.projects) {
        const before = printedIndicators(p);
        const after = [...p.indicators].sort(
          (a, b) =>
            index.resolve(effective[a.level2.code]!)!.order -
            index.resolve(effective[b.level2.code]!)!.order,
        );
        const numberAfter = new Map(after.map((i, n) => [i.id, n + 1]));
        before.forEach((i, n) => {
          const c = index.resolve(effective[i.level2.code]!)!;
          const from = refOf(i);
          const to: CategoryRef = {
            level1: { code: c.level1.code, name: c.level1.name },
            level2: c.level2,
          };
          const moved = from.level1.code !== to.level1.code || from.level2.code !== to.level2.code;
          if (!moved && refText(from) === refText(to)) return;
          moves.push({
            indicatorId: i.id,
            unitName: u.name,
            projectId: p.id,
            projectName: p.name,
            name: i.name,
            number: n + 1,
            numberAfter: numberAfter.get(i.id)!,
            from,
            to,
            kind: moved ? 'moved' : 'renamed',
          });
        });
      }
    }
  }
  return { target, rows, mapping: effective, problems, moves };
}

/** The same tree: nothing to change. */
export function sameTree(a: CategoryTree, b: CategoryTree): boolean {
  const key = (t: CategoryTree) =>
    JSON.stringify([
      t.id,
      t.name,
      t.source ?? null,
      t.level1.map((l1) => [l1.code, l1.name, l1.role, l1.level2.map((l2) => [l2.code, l2.name])]),
    ]);
  return key(a) === key(b);
}
