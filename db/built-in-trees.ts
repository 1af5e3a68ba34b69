import { readFileSync, readdirSync } from 'node:fs';
import { treeSchema, type CategoryTree } from './shared/tree.ts';

/** The category trees shipped with the program (templates/trees/*.json). */

const TREES_DIR = new URL('../templates/trees/', import.meta.url);

/** The trees shipped in templates/trees, by id. */
export function builtInTrees(): CategoryTree[] {
  return readdirSync(TREES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => treeSchema.parse(JSON.parse(readFileSync(new URL(f, TREES_DIR), 'utf8'))));
}

export function builtInTree(id: string): CategoryTree | undefined {
  return builtInTrees().find((t) => t.id === id);
}
