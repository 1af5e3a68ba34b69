import { describe, expect, it } from 'vitest';
import { placeholder } from '../../db/shared/check/rules/placeholder.ts';
import { buildDocument, firstProject, goodProject, oneProject, run } from './build.ts';

/** Whole-cell placeholders seen in drafts: each must be caught on its own. */
const PLACEHOLDERS = [
  '*',
  '***',
  '_',
  '- -',
  'XX',
  'xx',
  '××',
  '无',
  '不涉及',
  '/',
  '——',
  '…',
  '……',
];

describe('placeholder', () => {
  it.each(PLACEHOLDERS)('flags a 实施周期指标值 that is only “%s”', (mark) => {
    const doc = oneProject({
      indicators: [{ code: '11', name: '举办公务员专题培训班', cycle: mark }],
    });
    const indicator = firstProject(doc).indicators[0]!;
    expect(run(placeholder, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'placeholder',
        severity: 'error',
        location: expect.objectContaining({ indicatorId: indicator.id, field: 'cycleValue' }),
        message: expect.stringContaining('只有占位符'),
      }),
    ]);
  });

  it('flags placeholder names and goals', () => {
    const doc = buildDocument({
      units: [{ name: 'XX', projects: [goodProject({ name: '/', goal: '无' })] }],
    });
    const fields = run(placeholder, doc).map((f) => [
      f.location.projectId === undefined,
      f.location.field,
    ]);
    expect(fields).toEqual([
      [true, 'name'],
      [false, 'name'],
      [false, 'goal'],
    ]);
  });

  it('flags a template mark left inside a value', () => {
    const doc = oneProject({
      indicators: [{ code: '11', name: '培训期数', cycle: '举办XX期公务员专题培训班' }],
    });
    expect(run(placeholder, doc)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('未填写的占位符“XX”') }),
    ]);
  });

  it('leaves real text containing dashes, 无 or an X alone', () => {
    const doc = oneProject({
      goal: '1—12月按时完成培训，全年无安全事故。',
      indicators: [
        { code: '11', name: '举办X光机操作培训', cycle: '举办1期X光机操作培训' },
        { code: '12', name: '培训事故', cycle: '无安全事故' },
        { code: '22', name: '参训人次', cycle: '2.4万人次' },
        { code: '31', name: '参训学员满意度', cycle: '≥90%' },
      ],
    });
    expect(run(placeholder, doc)).toEqual([]);
  });
});
