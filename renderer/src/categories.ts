import type { CategoryTree } from '../../db/shared/tree.ts';
import { printedIndicators } from '../../db/shared/printed-order.ts';
import type { IndicatorData, ProjectData } from '../../db/shared/types.ts';

/**
 * The document's category tree (指标体系) as the editor shows it: indicators grouped
 * 一级 → 二级 in the tree's order, numbered as the printed table numbers them. The tree comes
 * with the document; nothing here knows any category by its code.
 */

export const label = (c: { code: string; name: string }) => `${c.code}-${c.name}`;

export interface IndicatorRowInfo {
  readonly indicator: IndicatorData;
  /** The printed number: 1-based, in category order. */
  readonly number: number;
  readonly first: boolean;
  readonly last: boolean;
}

export interface Level2Group {
  readonly code: string;
  readonly name: string;
  readonly rows: IndicatorRowInfo[];
}

export interface Level1Group {
  readonly code: string;
  readonly name: string;
  readonly role: string;
  /** Second-level categories of the tree (all, for adding). */
  readonly level2: readonly { code: string; name: string }[];
  /** Those that hold indicators, in tree order. */
  readonly groups: Level2Group[];
  readonly count: number;
}

/** Groups a project's indicators by the tree; categories outside it come last, as they are. */
export function groupIndicators(project: ProjectData, tree: CategoryTree): Level1Group[] {
  const printed = printedIndicators(project);
  const byLevel2 = new Map<string, IndicatorRowInfo[]>();
  printed.forEach((indicator, i) => {
    const rows = byLevel2.get(indicator.level2.code) ?? [];
    rows.push({ indicator, number: i + 1, first: false, last: false });
    byLevel2.set(indicator.level2.code, rows);
  });
  for (const rows of byLevel2.values()) {
    rows[0] = { ...rows[0]!, first: true };
    rows[rows.length - 1] = { ...rows[rows.length - 1]!, last: true };
  }

  const seen = new Set<string>();
  const result: Level1Group[] = tree.level1.map((l1) => {
    const groups: Level2Group[] = [];
    for (const l2 of l1.level2) {
      seen.add(l2.code);
      const rows = byLevel2.get(l2.code);
      if (rows) groups.push({ code: l2.code, name: l2.name, rows });
    }
    return {
      code: l1.code,
      name: l1.name,
      role: l1.role,
      level2: l1.level2,
      groups,
      count: groups.reduce((n, g) => n + g.rows.length, 0),
    };
  });

  // Indicators whose category the tree does not have (a damaged or foreign file): still shown.
  const strays = printed.filter((i) => !seen.has(i.level2.code));
  if (strays.length) {
    const groups = new Map<string, Level2Group>();
    for (const i of strays) {
      const g = groups.get(i.level2.code) ?? {
        code: i.level2.code,
        name: i.level2.name,
        rows: byLevel2.get(i.level2.code) ?? [],
      };
      groups.set(i.level2.code, g);
    }
    result.push({
      code: '',
      name: '不在指标体系中的类别',
      role: '',
      level2: [],
      groups: [...groups.values()],
      count: strays.length,
    });
  }
  return result;
}

/** Menu items of every second-level category, grouped by first level (for antd Menu). */
export function categoryMenuItems(tree: CategoryTree, current?: string) {
  return tree.level1.map((l1) => ({
    type: 'group' as const,
    key: `g${l1.code}`,
    label: label(l1),
    children: l1.level2.map((l2) => ({
      key: l2.code,
      label: label(l2),
      disabled: l2.code === current,
    })),
  }));
}
