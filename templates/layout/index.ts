import { UserError } from '../../db/shared/errors.ts';
import { official } from './official.ts';
import { perProject } from './per-project.ts';
import { perRow } from './per-row.ts';
import type { Layout } from './types.ts';

export type { Layout, PerProjectLayout, PerRowLayout, SummaryLayout } from './types.ts';

/** Every print layout, the default first. */
export const LAYOUTS: readonly Layout[] = [official, perProject, perRow];

export const DEFAULT_LAYOUT = official;

export function layoutById(id: string): Layout {
  const found = LAYOUTS.find((l) => l.id === id);
  if (!found) {
    const valid = LAYOUTS.map((l) => `${l.id}（${l.name}）`).join('、');
    throw new UserError(`没有名为“${id}”的打印格式（可选：${valid}）`);
  }
  return found;
}
