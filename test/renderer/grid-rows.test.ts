import { describe, expect, it } from 'vitest';
import type { DecimalText } from '../../db/shared/indicator-value.ts';
import {
  EMPTY_QUERY,
  foldText,
  GRID_COLUMNS,
  gridRows,
  queryRows,
  type GridQuery,
} from '../../renderer/src/grid-rows.ts';
import { document, indicator, project, unit } from './doc-data.ts';

/*
 * The table view's rows (renderer/src/grid-rows.ts): every indicator in the order the form and
 * the print show them, with its unit and project; filters by each column's text (full-width and
 * case folded), one unit's rows, sorting that is stable and puts empty cells last.
 */

const doc = document([
  unit(1, [
    project(10, 5, [
      { ...indicator(3, '31', '满意度'), weight: '10' as DecimalText },
      { ...indicator(1, '11', '培训人次'), weight: '20' as DecimalText },
      indicator(2, '12', 'ＡＢＣ合格率'),
    ]),
  ]),
  unit(2, [project(20, 5, [{ ...indicator(4, '11', '宣传场次'), weight: '5' as DecimalText }])]),
]);

const names = (q: Partial<GridQuery>) =>
  queryRows(gridRows(doc), { ...EMPTY_QUERY, ...q }).map((r) => r.indicator.name);

describe('the table view’s rows', () => {
  it('lists every indicator unit by unit, project by project, in printed (category) order', () => {
    const rows = gridRows(doc);
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(rows[3]).toMatchObject({ unitName: '单位2', projectName: '项目20', order: 3 });
    // The same rows for the same document: switching views does not build them again.
    expect(gridRows(doc)).toBe(rows);
    expect(queryRows(rows, EMPTY_QUERY)).toBe(rows);
  });

  it('filters by a column’s text, full-width and upper case folded, and by unit', () => {
    expect(names({ filters: { name: 'abc' } })).toEqual(['ＡＢＣ合格率']);
    expect(foldText('ＡＢＣ１２３')).toBe('abc123');
    expect(names({ filters: { level2: '数量' } })).toEqual(['培训人次', '宣传场次']);
    expect(names({ unitId: 2 })).toEqual(['宣传场次']);
    expect(names({ unitId: 1, filters: { level2: '数量' } })).toEqual(['培训人次']);
    expect(names({ filters: { name: '  ' } })).toHaveLength(4);
  });

  it('sorts numbers as numbers, keeps empty cells last either way, and ties in document order', () => {
    expect(names({ sort: { key: 'weight', order: 'ascend' } })).toEqual([
      '宣传场次',
      '满意度',
      '培训人次',
      'ＡＢＣ合格率',
    ]);
    expect(names({ sort: { key: 'weight', order: 'descend' } })).toEqual([
      '培训人次',
      '满意度',
      '宣传场次',
      'ＡＢＣ合格率',
    ]);
    expect(names({ sort: { key: 'unit', order: 'descend' } })).toEqual([
      '宣传场次',
      '培训人次',
      'ＡＢＣ合格率',
      '满意度',
    ]);
  });

  it('has the national fields among its columns, each with a Chinese title', () => {
    expect(GRID_COLUMNS.map((c) => c.title)).toEqual([
      '资金使用单位',
      '项目名称',
      '一级指标',
      '二级指标',
      '三级指标',
      '实施周期指标值',
      '年度指标值',
      '指标性质',
      '计量单位',
      '权重',
      '依据类别',
      '指标值设定依据',
      '指标解释',
      '指标方向',
    ]);
  });
});
