import { describe, expect, it } from 'vitest';
import { builtInTree } from '../../db/built-in-trees.ts';
import { printedIndicators } from '../../db/shared/printed-order.ts';
import type { IndicatorData } from '../../db/shared/types.ts';
import { categoryMenuItems, groupIndicators, label } from '../../renderer/src/categories.ts';
import { TREE, indicator, project } from './doc-data.ts';

/*
 * The editor groups a project's indicators by the document's category tree and numbers them as
 * the printed table does (renderer/src/categories.ts). The number a clerk sees must be the one
 * the exporters print and the checks name (db/shared/printed-order.ts), whatever order the clerk
 * added the indicators in.
 */

/** The clerk's order: categories mixed, as they were added. */
const MIXED = [
  indicator(1, '31', '满意度'),
  indicator(2, '11', '数量甲'),
  indicator(3, '22', '社会效益'),
  indicator(4, '11', '数量乙'),
  indicator(5, '12', '质量'),
  indicator(6, '11', '数量丙'),
];

const rowsOf = (groups: ReturnType<typeof groupIndicators>) =>
  groups.flatMap((g) => g.groups.flatMap((l2) => l2.rows));

describe('categories: indicators grouped by the tree, numbered as printed', () => {
  it('groups first and second levels in the tree’s order, each level-1 with its whole level-2 list', () => {
    const groups = groupIndicators(project(1, 0, MIXED), TREE);

    expect(groups.map((g) => [g.code, g.name, g.role, g.count])).toEqual([
      ['1', '产出指标', 'output', 4],
      ['2', '效益指标', 'benefit', 1],
      ['3', '满意度指标', 'satisfaction', 1],
    ]);
    expect(groups[0]!.groups.map((g) => [g.code, g.rows.map((r) => r.indicator.name)])).toEqual([
      ['11', ['数量甲', '数量乙', '数量丙']],
      ['12', ['质量']],
    ]);
    // Only categories holding indicators are groups; all of the tree's are offered for adding.
    expect(groups[1]!.groups.map((g) => g.code)).toEqual(['22']);
    groups.forEach((g, i) => expect(g.level2).toEqual(TREE.level1[i]!.level2));
  });

  it('numbers each row as the printed table does (printedIndicators), 1 to n down the page', () => {
    const p = project(1, 0, MIXED);
    const rows = rowsOf(groupIndicators(p, TREE));
    const printed = printedIndicators(p);

    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6]);
    rows.forEach((r) => expect(r.indicator).toBe(printed[r.number - 1]));
    expect(rows.map((r) => r.indicator.id)).toEqual([2, 4, 6, 5, 3, 1]);
  });

  it('marks the first and last row of each second-level group', () => {
    const rows = rowsOf(groupIndicators(project(1, 0, MIXED), TREE));
    expect(rows.map((r) => [r.indicator.id, r.first, r.last])).toEqual([
      [2, true, false],
      [4, false, false],
      [6, false, true],
      [5, true, true],
      [3, true, true],
      [1, true, true],
    ]);
  });

  it('keeps every level-1 category of the tree, with no rows, for a project without indicators', () => {
    const groups = groupIndicators(project(1, 0, []), TREE);
    expect(groups.map((g) => [g.code, g.count, g.groups.length])).toEqual([
      ['1', 0, 0],
      ['2', 0, 0],
      ['3', 0, 0],
    ]);
  });

  it('shows indicators whose category is not in the tree last, numbered after the others', () => {
    const strays: IndicatorData[] = [indicator(7, '19', '外来甲'), indicator(8, '29', '外来乙')];
    const p = project(1, 0, [strays[0]!, ...MIXED, strays[1]!]);
    const groups = groupIndicators(p, TREE);
    const last = groups[groups.length - 1]!;

    expect(groups.map((g) => g.code)).toEqual(['1', '2', '3', '']);
    expect(last.name).toBe('不在指标体系中的类别');
    expect(last.count).toBe(2);
    expect(last.level2).toEqual([]); // nothing to add there
    expect(last.groups.map((g) => [g.code, g.rows.map((r) => [r.indicator.id, r.number])])).toEqual(
      [
        ['19', [[7, 7]]],
        ['29', [[8, 8]]],
      ],
    );
    const printed = printedIndicators(p);
    rowsOf(groups).forEach((r) => expect(r.indicator).toBe(printed[r.number - 1]));
  });

  it('follows the document’s own tree, not a built-in one', () => {
    // The MOF 2021 tree has a 成本指标 first-level category the default tree lacks.
    const mof = builtInTree('mof-2021')!;
    const p = project(1, 0, [indicator(1, '41', '经济成本', mof), indicator(2, '11', '数量', mof)]);
    const groups = groupIndicators(p, mof);
    expect(groups.map((g) => [g.code, g.role, g.count])).toEqual([
      ['1', 'output', 1],
      ['2', 'benefit', 0],
      ['3', 'satisfaction', 0],
      ['4', 'cost', 1],
    ]);
    expect(rowsOf(groups).map((r) => [r.indicator.name, r.number])).toEqual([
      ['数量', 1],
      ['经济成本', 2],
    ]);
    // Under the default tree, 41 is a category it does not have: shown last, as a stray.
    const underDefault = groupIndicators(p, TREE);
    expect(underDefault.map((g) => g.code)).toEqual(['1', '2', '3', '']);
  });

  it('offers every second-level category in the menu, the current one disabled', () => {
    const items = categoryMenuItems(TREE, '12');
    expect(items.map((g) => g.label)).toEqual(TREE.level1.map(label));
    expect(items[0]!.children.map((c) => [c.key, c.label, c.disabled])).toEqual([
      ['11', '11-数量指标', false],
      ['12', '12-质量指标', true],
      ['13', '13-时效指标', false],
      ['14', '14-成本指标', false],
    ]);
  });
});
