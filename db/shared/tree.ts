import { z } from 'zod';

/**
 * The indicator tree (指标体系) is data: built-in trees live in templates/trees/*.json (read by
 * db/built-in-trees.ts) and a document keeps its own copy, so it opens the same on a machine
 * with other templates.
 */

/** What a first-level category is for; the checks reason about roles, never about codes. */
export const CATEGORY_ROLES = ['output', 'benefit', 'satisfaction', 'cost'] as const;
export type CategoryRole = (typeof CATEGORY_ROLES)[number];

const level2Schema = z.object({
  code: z.string().regex(/^\d{2,4}$/),
  name: z.string().min(1),
});
const level1Schema = z.object({
  code: z.string().regex(/^\d{1,3}$/),
  name: z.string().min(1),
  role: z.enum(CATEGORY_ROLES),
  level2: z.array(level2Schema).min(1),
});
export const treeSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    source: z.string().optional(),
    level1: z.array(level1Schema).min(1),
  })
  .superRefine((tree, ctx) => {
    const seen = new Set<string>();
    for (const l1 of tree.level1) {
      if (seen.has(l1.code)) ctx.addIssue({ code: 'custom', message: `一级代码 ${l1.code} 重复` });
      seen.add(l1.code);
      for (const l2 of l1.level2) {
        // A second-level code starts with its parent's code: that is how the published
        // notation ties 11-数量指标 to 1-产出指标, and how a reader checks the pair.
        if (!l2.code.startsWith(l1.code)) {
          ctx.addIssue({
            code: 'custom',
            message: `二级代码 ${l2.code} 不以一级代码 ${l1.code} 开头`,
          });
        }
        if (seen.has(l2.code)) ctx.addIssue({ code: 'custom', message: `代码 ${l2.code} 重复` });
        seen.add(l2.code);
      }
    }
  });

export type CategoryTree = z.infer<typeof treeSchema>;
export type Level1Category = CategoryTree['level1'][number];
export type Level2Category = Level1Category['level2'][number];

export interface ResolvedCategory {
  level1: { code: string; name: string; role: CategoryRole };
  level2: { code: string; name: string };
  /** Position of the second-level category in the tree: the printed sort order. */
  order: number;
}

/** Lookups over one tree; build once per document. */
export class TreeIndex {
  private readonly byLevel2 = new Map<string, ResolvedCategory>();

  constructor(readonly tree: CategoryTree) {
    let order = 0;
    for (const l1 of tree.level1) {
      for (const l2 of l1.level2) {
        this.byLevel2.set(l2.code, {
          level1: { code: l1.code, name: l1.name, role: l1.role },
          level2: { code: l2.code, name: l2.name },
          order: order++,
        });
      }
    }
  }

  resolve(level2Code: string): ResolvedCategory | undefined {
    return this.byLevel2.get(level2Code);
  }

  level1(code: string): Level1Category | undefined {
    return this.tree.level1.find((l1) => l1.code === code);
  }

  /** The second-level category with this name under this first-level code, if any. */
  findLevel2ByName(level1Code: string, name: string): ResolvedCategory | undefined {
    const l2 = this.level1(level1Code)?.level2.find((c) => c.name === name);
    return l2 ? this.resolve(l2.code) : undefined;
  }
}

export const DEFAULT_TREE_ID = 'default';
