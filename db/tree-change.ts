import type Database from 'better-sqlite3';
import { builtInTree } from './built-in-trees.ts';
import { UserError } from './shared/errors.ts';
import {
  planTreeChange,
  sameTree,
  type TreeChangePlan,
  type TreeMapping,
} from './shared/tree-change.ts';
import { treeSchema, type CategoryTree } from './shared/tree.ts';
import type { DocumentData } from './shared/types.ts';

/**
 * Writes a document's change of tree (更换指标体系) inside the caller's edit, so that it is one
 * transaction and one undo step. The rows are changed in an order that keeps the store's rules
 * true after every statement (an indicator's code is always in the tree, a second-level
 * category always under an existing first-level one), and each category row is either
 * inserted, updated or deleted, never two of these: undo replays the step's statements by rowid,
 * and a category row deleted and inserted again gets a new rowid.
 */

/** A built-in tree id (templates/trees), or a tree itself (read from a tree file). */
export function resolveTree(tree: string | CategoryTree): CategoryTree {
  if (typeof tree !== 'string') {
    const parsed = treeSchema.safeParse(tree);
    if (!parsed.success) throw new UserError(`指标体系无效：${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }
  const found = builtInTree(tree);
  if (!found) throw new UserError(`没有名为“${tree}”的指标体系`);
  return found;
}

/**
 * Changes the tree of the document `data` was read from to `target`, moving each indicator by
 * `mapping`. Refused, with nothing written, when a used code is unmapped or maps outside the
 * target, or when the target is the tree the document already has.
 */
export function writeTreeChange(
  db: Database.Database,
  data: DocumentData,
  target: CategoryTree,
  mapping: TreeMapping,
): TreeChangePlan {
  const plan = planTreeChange(data, target, mapping);
  if (plan.problems.length > 0) {
    throw new UserError(`不能更换指标体系：${plan.problems.join('；')}。指标体系未更换`);
  }
  const identity = Object.entries(plan.mapping).every(([from, to]) => from === to);
  if (identity && sameTree(data.tree, target)) {
    throw new UserError(`本表已在使用“${target.name}”，无需更换`);
  }

  const current = data.tree;
  const oldL1 = new Set(current.level1.map((c) => c.code));
  const oldL2 = new Set(current.level1.flatMap((c) => c.level2.map((l2) => l2.code)));
  const newL1 = new Set(target.level1.map((c) => c.code));
  const newL2 = new Set(target.level1.flatMap((c) => c.level2.map((l2) => l2.code)));

  // 1. The target's categories: kept codes updated in place, new ones inserted.
  const updateL1 = db.prepare(
    'UPDATE category_level1 SET name = ?, role = ?, position = ? WHERE code = ?',
  );
  const insertL1 = db.prepare(
    'INSERT INTO category_level1 (code, name, role, position) VALUES (?, ?, ?, ?)',
  );
  target.level1.forEach((c, i) => {
    if (oldL1.has(c.code)) updateL1.run(c.name, c.role, i, c.code);
    else insertL1.run(c.code, c.name, c.role, i);
  });
  const updateL2 = db.prepare(
    'UPDATE category_level2 SET level1_code = ?, name = ?, position = ? WHERE code = ?',
  );
  const insertL2 = db.prepare(
    'INSERT INTO category_level2 (code, level1_code, name, position) VALUES (?, ?, ?, ?)',
  );
  let position = 0;
  for (const c1 of target.level1) {
    for (const c2 of c1.level2) {
      if (oldL2.has(c2.code)) updateL2.run(c1.code, c2.name, position++, c2.code);
      else insertL2.run(c2.code, c1.code, c2.name, position++);
    }
  }

  // 2. The indicators, all in one statement: each row is mapped from its old code, so a chain
  // (11 → 12, 12 → 13) never maps a row twice.
  const moving = Object.fromEntries(Object.entries(plan.mapping).filter(([a, b]) => a !== b));
  if (Object.keys(moving).length > 0) {
    const json = JSON.stringify(moving);
    db.prepare(
      `UPDATE indicator SET level2_code = (SELECT value FROM json_each(@moving) WHERE key = level2_code)
        WHERE level2_code IN (SELECT key FROM json_each(@moving))`,
    ).run({ moving: json });
  }
  // Rows the document does not show (their project is gone: see read-document.ts) were not in
  // the mapping; the tree may not be taken from under them.
  const left = db
    .prepare(
      `SELECT DISTINCT level2_code FROM indicator
        WHERE level2_code NOT IN (SELECT value FROM json_each(?))`,
    )
    .pluck()
    .all(JSON.stringify([...newL2])) as unknown[];
  if (left.length > 0) {
    throw new UserError(
      `不能更换指标体系：文件中还有指标使用“${left.map(String).join('、')}”，该代码不在“${target.name}”中（文件被其他程序改动过）。指标体系未更换`,
    );
  }

  // 3. The old tree's categories that the target does not have.
  const deleteL2 = db.prepare('DELETE FROM category_level2 WHERE code = ?');
  for (const code of oldL2) if (!newL2.has(code)) deleteL2.run(code);
  const deleteL1 = db.prepare('DELETE FROM category_level1 WHERE code = ?');
  for (const code of oldL1) if (!newL1.has(code)) deleteL1.run(code);

  db.prepare('UPDATE document SET tree_id = ?, tree_name = ?, tree_source = ? WHERE id = 1').run(
    target.id,
    target.name,
    target.source ?? null,
  );
  return plan;
}

/** The undo label: 更换指标体系为“…”. */
export function treeChangeLabel(target: CategoryTree): string {
  return `更换指标体系为“${target.name}”`;
}
