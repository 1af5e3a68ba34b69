import { describe, expect, it } from 'vitest';
import { builtInTree } from '../../db/built-in-trees.ts';
import {
  areLevel2Names,
  categoryKey,
  chooseTreeForNames,
  matchCategory,
  readScoreLabel,
} from '../../db/import/forms/category-match.ts';
import { TreeIndex } from '../../db/shared/tree.ts';

const defaultIndex = new TreeIndex(builtInTree('default')!);
const mofIndex = new TreeIndex(builtInTree('mof-2021')!);

function code(index: TreeIndex, level1: string | null, level2: string): string {
  const m = matchCategory(index, level1, level2);
  if (!m.ok) throw new Error(m.message);
  return m.category.level2.code;
}

describe('category names of other regions', () => {
  it('reads a score printed with a first-level name', () => {
    expect(readScoreLabel('成本指标(0-20)分')).toEqual({
      name: '成本指标',
      score: { min: '0', max: '20' },
    });
    expect(readScoreLabel('产出指标（40-50分）')).toEqual({
      name: '产出指标',
      score: { min: '40', max: '50' },
    });
    expect(readScoreLabel('效益指标(20分)')).toEqual({
      name: '效益指标',
      score: { min: '20', max: '20' },
    });
    expect(readScoreLabel('数量指标')).toEqual({ name: '数量指标', score: null });
  });

  it('compares names by key: codes, 指标 and synonyms dropped', () => {
    expect(categoryKey('社会效益指标')).toBe('社会效益');
    expect(categoryKey('22-社会效益')).toBe('社会效益');
    expect(categoryKey('社会公众或服务对象满意度指标')).toBe('服务对象满意度');
    expect(categoryKey('服务对象满意度指标')).toBe('服务对象满意度');
  });

  it('matches the default tree', () => {
    expect(code(defaultIndex, '效益指标', '社会效益指标')).toBe('22');
    expect(code(defaultIndex, '满意度指标', '社会公众或服务对象满意度指标')).toBe('31');
    expect(code(defaultIndex, '产出指标', '成本指标')).toBe('14');
    expect(code(defaultIndex, null, '数量指标')).toBe('11');
    expect(code(defaultIndex, null, '成本指标')).toBe('14');
  });

  it('matches the 2021 tree, cost first-level', () => {
    expect(code(mofIndex, '成本指标(0-20)分', '经济成本指标')).toBe('41');
    expect(code(mofIndex, '成本指标', '生态环境成本指标')).toBe('43');
    expect(code(mofIndex, '效益指标', '社会效益')).toBe('22');
  });

  it('warns when a second level sits under another first level', () => {
    const m = matchCategory(defaultIndex, '效益指标', '服务对象满意度');
    expect(m.ok && m.category.level2.code).toBe('31');
    expect(m.ok && m.warning).toContain('属于 3-满意度指标');
  });

  it('refuses an unknown name, listing the tree', () => {
    const m = matchCategory(defaultIndex, '产出指标', '数量指');
    expect(m.ok).toBe(false);
    expect(!m.ok && m.message).toContain('数量指标');
  });

  it('picks the 2021 tree when 成本指标 is a first level', () => {
    expect(chooseTreeForNames(['成本指标(0-20)分', '产出指标']).tree.id).toBe('mof-2021');
    expect(chooseTreeForNames(['成本指标(0-20)分']).reason).toContain('成本指标');
    expect(chooseTreeForNames(['产出指标', '效益指标']).tree.id).toBe('default');
    expect(chooseTreeForNames(['产出指标']).reason).toBeNull();
  });

  it('tells second-level names in a first column', () => {
    expect(areLevel2Names(['数量指标', '质量指标', '成本指标'])).toBe(true);
    expect(areLevel2Names(['产出指标', '效益指标'])).toBe(false);
    expect(areLevel2Names(['成本指标'])).toBe(false);
  });
});
