import { describe, expect, it } from 'vitest';
import { emptyName } from '../../db/shared/check/rules/empty-name.ts';
import {
  buildDocument,
  firstProject,
  goodIndicatorsWith,
  goodProject,
  oneProject,
  run,
} from './build.ts';

describe('empty-name', () => {
  it('flags a blank 资金使用单位 name', () => {
    const doc = buildDocument({ units: [{ name: '  ', projects: [goodProject()] }] });
    expect(run(emptyName, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'empty-name',
        severity: 'error',
        location: { unitId: doc.units[0]!.id, field: 'name' },
        message: expect.stringContaining('第 1 个资金使用单位的名称为空'),
      }),
    ]);
  });

  it('flags a blank 项目名称', () => {
    const doc = oneProject({ name: '' });
    expect(run(emptyName, doc)).toEqual([
      expect.objectContaining({
        location: { unitId: doc.units[0]!.id, projectId: firstProject(doc).id, field: 'name' },
        message: expect.stringContaining('项目名称为空'),
      }),
    ]);
  });

  it('flags a 三级指标名称 of full-width spaces, by its printed number', () => {
    const doc = oneProject({ indicators: goodIndicatorsWith(2, { name: '\u3000\u3000' }) });
    const indicator = firstProject(doc).indicators[2]!;
    expect(run(emptyName, doc)).toEqual([
      expect.objectContaining({
        location: expect.objectContaining({ indicatorId: indicator.id, field: 'name' }),
        indicatorIndex: 3,
        message: expect.stringContaining('三级指标名称为空'),
      }),
    ]);
  });

  it('says nothing when every name is filled in', () => {
    expect(run(emptyName, oneProject())).toEqual([]);
  });
});
