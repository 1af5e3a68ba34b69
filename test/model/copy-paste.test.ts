import { wanCents } from '../amounts.ts';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { dumpToString } from '../../db/interchange.ts';
import type { DocumentState, EditResult } from '../../db/shared/api/contract.ts';
import { copyName } from '../../db/shared/copying.ts';
import type { DocumentData, ProjectData } from '../../db/shared/types.ts';
import { userErrorOf } from '../file/file-helpers.ts';

const refusal = (fn: () => unknown) => userErrorOf(fn).message;
import { tempDir } from '../helpers.ts';

/*
 * 粘贴项目 / 粘贴绩效指标 on a real document file, through the session the hosts run: what is
 * copied (every field, no 已核对 mark), the names, one undo step, and the refusals.
 */

let open: EditorSession[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

const A = { client: 'page-a' };

function session(): EditorSession {
  const file = path.join(tempDir(), '表.jxmb');
  const doc = TargetDocument.createAndOpen(file, { department: '示例部门', year: 2025 });
  const a = doc.addUnit('本级');
  doc.addUnit('中心');
  const p = doc.addProject(a, {
    name: '培训经费',
    fiscal: wanCents(3841),
    specialAccount: wanCents(12),
    goal: '全年培训12期。\n覆盖全部社区。',
    overallGoal: '三年内完成',
    periodStart: '2025-01',
    periodEnd: '2027-12',
    continuity: '延续',
    recurrence: '经常性',
    category: '特定目标类',
    totalBudget: wanCents(9000),
    carryOver: wanCents(3),
    noServiceRecipients: false,
  });
  doc.addProject(a, { name: '宣传经费', other: wanCents(100) });
  doc.addIndicator(p, { level2Code: '11', name: '培训期数', cycleValue: '12期', weight: '10' });
  doc.addIndicator(p, {
    level2Code: '12',
    name: '合格率',
    cycle: { kind: 'structured', operator: '≥', value: '95', unit: '%' },
    basis: { kind: '计划标准', text: '年度计划' },
    explanation: '合格人数/参训人数',
    polarity: '正向',
  });
  doc.addIndicator(p, {
    level2Code: '31',
    name: '满意度',
    cycleValue: '≥90%',
    annualValue: '≥85%',
  });
  doc.close();
  const s = EditorSession.open(file);
  open.push(s);
  return s;
}

function state(s: EditorSession): DocumentData {
  return (s.call('getDocument', {}, A) as DocumentState).data;
}

function edit(s: EditorSession, op: string, payload: object): EditResult {
  return s.call(op, payload, A) as EditResult;
}

function project(d: DocumentData, name: string): ProjectData {
  const found = d.units.flatMap((u) => u.projects).find((p) => p.name === name);
  if (!found) throw new Error(`no project ${name}`);
  return found;
}

/** A project as a copy should repeat it: everything but its identity and name. */
function content(p: ProjectData) {
  const { id: _id, name: _name, indicators, ...rest } = p;
  return { ...rest, indicators: indicators.map(({ id: _i, ...ind }) => ind) };
}

describe('copy names', () => {
  it('adds （副本）, then numbers on from the original name', () => {
    expect(copyName('培训经费', ['培训经费'])).toBe('培训经费（副本）');
    expect(copyName('培训经费', ['培训经费', '培训经费（副本）'])).toBe('培训经费（副本2）');
    expect(
      copyName('培训经费（副本）', ['培训经费', '培训经费（副本）', '培训经费（副本2）']),
    ).toBe('培训经费（副本3）');
    expect(copyName('  ', [])).toBe('（副本）');
  });
});

describe('粘贴项目', () => {
  it('copies every field and indicator into another unit, named （副本）, as one undo step', () => {
    const s = session();
    const before = state(s);
    const source = project(before, '培训经费');
    const other = before.units[1]!;
    const r = edit(s, 'copyProject', { id: source.id, toUnitId: other.id });
    expect(r.change, 'answers with a change set').toBeDefined();
    const after = state(s);
    const copy = project(after, '培训经费（副本）');
    expect(copy.id).toBe(r.id);
    expect(after.units[1]!.projects.map((p) => p.name)).toEqual(['培训经费（副本）']);
    expect(content(copy)).toEqual(content(source));
    expect(copy.indicators.map((i) => i.id)).not.toEqual(source.indicators.map((i) => i.id));
    // The unit's and the document's totals count the copy.
    expect(after.units[1]!.totals.total).toBe(source.totals.total);
    expect(after.totals.total).toBe(before.totals.total + source.totals.total);

    expect(s.historyFor(A.client).undo).toBe('粘贴项目');
    expect((edit(s, 'undo', {}) as EditResult).label).toBe('粘贴项目');
    expect(dumpToString(state(s))).toBe(dumpToString(before));
    edit(s, 'redo', {});
    expect(content(project(state(s), '培训经费（副本）'))).toEqual(content(source));
  });

  it('numbers further copies and places one at the index given', () => {
    const s = session();
    const d = state(s);
    const source = project(d, '培训经费');
    const unit = d.units[0]!.id;
    edit(s, 'copyProject', { id: source.id, toUnitId: unit, index: 1 });
    edit(s, 'copyProject', { id: source.id, toUnitId: unit, index: 0 });
    const copy = project(state(s), '培训经费（副本）');
    edit(s, 'copyProject', { id: copy.id, toUnitId: unit });
    expect(state(s).units[0]!.projects.map((p) => p.name)).toEqual([
      '培训经费（副本2）',
      '培训经费',
      '培训经费（副本）',
      '宣传经费',
      '培训经费（副本3）',
    ]);
  });

  it('leaves the original’s 已核对 marks behind', () => {
    const s = session();
    const source = project(state(s), '宣传经费');
    // 宣传经费 has no indicators: the checks report it, and the clerk marks it 已核对.
    const finding = (s.call('checkDocument', {}, A) as { ruleId: string; location: object }[]).find(
      (f) => (f.location as { projectId?: number }).projectId === source.id,
    );
    expect(finding).toBeDefined();
    edit(s, 'setFindingChecked', {
      ruleId: finding!.ruleId,
      location: finding!.location,
      checked: true,
    });
    expect(state(s).reviewMarks).toHaveLength(1);
    edit(s, 'copyProject', { id: source.id, toUnitId: state(s).units[1]!.id });
    const marks = state(s).reviewMarks;
    expect(marks).toHaveLength(1);
    expect(marks[0]!.location.projectId).toBe(source.id);
  });

  it('refuses, saying why, and changes nothing', () => {
    const s = session();
    const d = state(s);
    const source = project(d, '培训经费');
    const before = dumpToString(d);
    expect(refusal(() => edit(s, 'copyProject', { id: 99999, toUnitId: d.units[0]!.id }))).toMatch(
      /该项目已不存在/,
    );
    expect(refusal(() => edit(s, 'copyProject', { id: source.id, toUnitId: 99999 }))).toMatch(
      /该资金使用单位已不存在/,
    );
    expect(
      refusal(() => edit(s, 'copyProject', { id: source.id, toUnitId: d.units[0]!.id, name: 'x' })),
    ).toBeTruthy();
    // A copy that would take 合计 past the maximum amount.
    edit(s, 'updateProject', { id: source.id, fiscal: '600000000' });
    const near = dumpToString(state(s));
    expect(
      refusal(() => edit(s, 'copyProject', { id: source.id, toUnitId: d.units[1]!.id })),
    ).toMatch(/将超过上限/);
    expect(dumpToString(state(s))).toBe(near);
    edit(s, 'undo', {});
    expect(dumpToString(state(s))).toBe(before);
  });
});

describe('粘贴绩效指标', () => {
  it('copies several indicators into another project, same categories, one undo step', () => {
    const s = session();
    const d = state(s);
    const source = project(d, '培训经费');
    const target = project(d, '宣传经费');
    const picked = [source.indicators[2]!, source.indicators[0]!];
    const r = edit(s, 'copyIndicators', {
      ids: picked.map((i) => i.id),
      toProjectId: target.id,
    });
    const pasted = project(state(s), '宣传经费').indicators;
    expect(pasted.map((i) => i.id)).toContain(r.id);
    const strip = ({ id: _id, ...rest }: (typeof pasted)[number]) => rest;
    // In the order given (the page shows them by category anyway).
    expect(pasted.map(strip)).toEqual(picked.map(strip));
    expect(s.historyFor(A.client).undo).toBe('粘贴绩效指标');
    edit(s, 'undo', {});
    expect(dumpToString(state(s))).toBe(dumpToString(d));
  });

  it('pastes into the same project at the index given', () => {
    const s = session();
    const source = project(state(s), '培训经费');
    edit(s, 'copyIndicators', {
      ids: [source.indicators[0]!.id],
      toProjectId: source.id,
      index: 1,
    });
    const list = project(state(s), '培训经费').indicators;
    expect(list.map((i) => i.name)).toEqual(['培训期数', '培训期数', '合格率', '满意度']);
  });

  it('refuses what is gone or empty, and changes nothing', () => {
    const s = session();
    const d = state(s);
    const source = project(d, '培训经费');
    const before = dumpToString(d);
    expect(
      refusal(() =>
        edit(s, 'copyIndicators', {
          ids: [source.indicators[0]!.id, 99999],
          toProjectId: source.id,
        }),
      ),
    ).toMatch(/该指标已不存在/);
    expect(
      refusal(() =>
        edit(s, 'copyIndicators', { ids: [source.indicators[0]!.id], toProjectId: 99999 }),
      ),
    ).toMatch(/该项目已不存在/);
    expect(
      refusal(() => edit(s, 'copyIndicators', { ids: [], toProjectId: source.id })),
    ).toBeTruthy();
    expect(
      refusal(() =>
        edit(s, 'copyIndicators', {
          ids: Array.from({ length: 1001 }, (_, i) => i + 1),
          toProjectId: source.id,
        }),
      ),
    ).toBeTruthy();
    expect(dumpToString(state(s))).toBe(before);
  });
});
