import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { categoryContradictsPrint } from '../../db/shared/check/rules/category-contradicts-print.ts';
import { TargetDocument } from '../../db/document.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { tempDir } from '../helpers.ts';
import { DEPARTMENT, GOOD_INDICATORS, run, UNIT } from './build.ts';

/** The fixture's misprint: `2-效益指标；31-服务对象满意度`, filed by its 二级 under 满意度. */
const PRINTED = '2-效益指标；31-服务对象满意度';

/** The good project with a 群众满意度 indicator as the import leaves it, then `edit`. */
function imported(edit: (doc: TargetDocument, id: number) => void = () => {}): DocumentData {
  const doc = TargetDocument.createAndOpen(path.join(tempDir(), 'printed.jxmb'), {
    department: DEPARTMENT,
    year: 2024,
    tree: 'default',
  });
  try {
    const unit = doc.addUnit(UNIT);
    const project = doc.addProject(unit, { name: '镇(街)党建工作指导员工资补助经费' });
    for (const i of GOOD_INDICATORS.slice(0, 3)) {
      doc.addIndicator(project, { level2Code: i.code, name: i.name!, cycleValue: i.cycle! });
    }
    const id = doc.addIndicator(project, {
      level2Code: '31',
      name: '群众满意度',
      cycleValue: '大于等于90%',
      printedCategory: PRINTED,
    });
    edit(doc, id);
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

describe('category-contradicts-print', () => {
  it('warns that the printed category was refiled, until the clerk confirms it', () => {
    const doc = imported();
    const indicator = doc.units[0]!.projects[0]!.indicators.find((i) => i.name === '群众满意度')!;
    expect(run(categoryContradictsPrint, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'category-contradicts-print',
        severity: 'warning',
        location: expect.objectContaining({ indicatorId: indicator.id, field: 'category' }),
        message: expect.stringContaining(
          '印为“2-效益指标；31-服务对象满意度”，与指标体系不符（31-服务对象满意度 属于 3-满意度指标），' +
            '已按二级指标归入“满意度指标-服务对象满意度”',
        ),
      }),
    ]);
  });

  it('says nothing once the clerk has chosen the category, or of an indicator printed right', () => {
    expect(
      run(
        categoryContradictsPrint,
        imported((doc, id) => doc.setIndicatorCategory(id, '22')),
      ),
    ).toEqual([]);
    expect(
      run(
        categoryContradictsPrint,
        imported((doc, id) => doc.updateIndicator(id, { printedCategory: null })),
      ),
    ).toEqual([]);
  });
});
