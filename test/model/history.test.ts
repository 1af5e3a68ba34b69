import { wanCents } from '../amounts.ts';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { dumpToString } from '../../db/interchange.ts';
import { tempDir } from '../helpers.ts';

function fresh(): TargetDocument {
  const doc = TargetDocument.createAndOpen(path.join(tempDir(), '表.jxmb'), {
    department: '示例部门',
    year: 2025,
  });
  const a = doc.addUnit('本级');
  const b = doc.addUnit('中心');
  const p1 = doc.addProject(a, { name: '培训经费', fiscal: wanCents(3841), goal: '培训。' });
  doc.addProject(a, { name: '宣传经费', other: wanCents(100) });
  doc.addProject(b, { name: '设备购置', specialAccount: wanCents(500) });
  doc.addIndicator(p1, { level2Code: '11', name: '培训期数', cycleValue: '12期' });
  doc.addIndicator(p1, { level2Code: '22', name: '效果', cycleValue: '覆盖率100%' });
  doc.addIndicator(p1, {
    level2Code: '31',
    name: '满意度',
    cycleValue: '≥90%',
    annualValue: '≥85%',
  });
  return doc;
}

const state = (doc: TargetDocument) => dumpToString(doc.snapshot());
const ids = (doc: TargetDocument) => {
  const d = doc.snapshot();
  // The project with indicators, wherever earlier edits have moved it.
  const projects = d.units.flatMap((u) => u.projects);
  const project = projects.find((p) => p.indicators.length > 0) ?? projects[0];
  return {
    unit: d.units[0]!.id,
    other: d.units.at(-1)!.id,
    project: project?.id ?? -1,
    ind: project?.indicators[0]?.id ?? -1,
    ind3: project?.indicators.at(-1)?.id ?? -1,
  };
};

type Edit = [string, (doc: TargetDocument) => void];
const EDITS: Edit[] = [
  ['修改部门名称', (d) => d.setDepartment('另一部门')],
  ['修改预算年度', (d) => d.setYear(2026)],
  ['修改标题', (d) => d.setTitle('自定义标题')],
  ['添加资金使用单位', (d) => d.addUnit('新单位', 0)],
  ['重命名资金使用单位', (d) => d.renameUnit(ids(d).unit, '改名')],
  ['移动资金使用单位', (d) => d.moveUnit(ids(d).unit, 1)],
  ['删除资金使用单位', (d) => d.deleteUnit(ids(d).unit)],
  ['添加项目', (d) => d.addProject(ids(d).unit, { name: '新项目', fiscal: wanCents(1) }, 1)],
  ['修改项目', (d) => d.updateProject(ids(d).project, { fiscal: wanCents(1), goal: '' })],
  ['移动项目', (d) => d.moveProject(ids(d).project, 0, ids(d).other)],
  ['删除项目', (d) => d.deleteProject(ids(d).project)],
  ['添加绩效指标', (d) => d.addIndicator(ids(d).project, { level2Code: '12', name: '合格率' }, 1)],
  ['修改绩效指标', (d) => d.updateIndicator(ids(d).ind, { cycleValue: '13期' })],
  ['修改绩效指标', (d) => d.updateIndicator(ids(d).ind3, { annualFollowsCycle: true })],
  ['移动绩效指标', (d) => d.moveIndicator(ids(d).ind, 2)],
  ['更改指标类别', (d) => d.setIndicatorCategory(ids(d).ind, '13')],
  [
    '更换指标体系为“财预〔2021〕101号指标体系（成本指标为一级指标）”',
    // Every code the fresh document (and the edits above) can use, 14 to 41.
    (d) =>
      d.changeTree('mof-2021', {
        ...Object.fromEntries(['11', '12', '13', '21', '22', '23', '24', '31'].map((c) => [c, c])),
        '14': '41',
      }),
  ],
  ['删除绩效指标', (d) => d.deleteIndicator(ids(d).ind)],
];

describe('undo and redo', () => {
  it.each(EDITS)('%s is undone and redone exactly', (label, edit) => {
    const doc = fresh();
    const before = state(doc);
    edit(doc);
    const after = state(doc);
    expect(after).not.toBe(before);
    expect(doc.historyState.undo).toBe(label);
    expect(doc.undo()).toBe(label);
    expect(state(doc)).toBe(before);
    expect(doc.historyState.redo).toBe(label);
    expect(doc.redo()).toBe(label);
    expect(state(doc)).toBe(after);
    // And back again: a redone step can be undone.
    doc.undo();
    expect(state(doc)).toBe(before);
    doc.close();
  });

  it('walks a whole session back to the start and forward to the end', () => {
    const doc = fresh();
    const states = [state(doc)];
    // Deletions last, so every edit still finds what it works on.
    const ordered = [
      ...EDITS.filter(([l]) => !l.startsWith('删除')),
      ...EDITS.filter(([l]) => l.startsWith('删除')).reverse(),
    ];
    for (const [, edit] of ordered) {
      edit(doc);
      states.push(state(doc));
    }
    for (let i = states.length - 2; i >= 0; i--) {
      doc.undo();
      expect(state(doc)).toBe(states[i]);
    }
    for (let i = 1; i < states.length; i++) {
      doc.redo();
      expect(state(doc)).toBe(states[i]);
    }
    doc.close();
  });

  it('a new edit clears redo; a failed edit is no step; history is not in the file', () => {
    const doc = fresh();
    const file = doc.filePath;
    doc.setYear(2030);
    doc.undo();
    doc.setDepartment('新');
    expect(doc.historyState.redo).toBeUndefined();
    const before = state(doc);
    expect(() => doc.setYear(1)).toThrow('预算年度');
    expect(state(doc)).toBe(before);
    expect(doc.historyState.undo).toBe('修改部门名称');
    doc.close();
    const reopened = TargetDocument.open(file);
    expect(reopened.historyState).toEqual({});
    expect(reopened.undo()).toBeUndefined();
    reopened.close();
  });

  it('survives in the file: an undone edit is saved as undone', () => {
    const doc = fresh();
    const before = state(doc);
    doc.deleteUnit(ids(doc).unit);
    doc.undo();
    doc.close();
    const reopened = TargetDocument.open(doc.filePath, { readonly: true });
    expect(state(reopened)).toBe(before);
    reopened.close();
  });
});
