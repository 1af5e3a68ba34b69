import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import type { DocumentState, EditResult } from '../../db/shared/api/contract.ts';
import { applyChanges } from '../../db/shared/changes.ts';
import {
  countMatches,
  findInDocument,
  foldWidth,
  planReplace,
  replaceRanges,
} from '../../db/shared/find.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { wanCents } from '../amounts.ts';
import { userErrorOf } from '../file/file-helpers.ts';
import { tempDir } from '../helpers.ts';

/** A small table with the kinds of text find must see: full-width, Latin, structured, amounts. */
function table(): string {
  const file = path.join(tempDir(), '2025.jxmb');
  TargetDocument.create(file, { department: '示例局', year: 2025, tree: 'mof-2021' }, {}, (doc) => {
    const u = doc.addUnit('培训中心');
    const p = doc.addProject(u, {
      name: '干部培训经费',
      goal: '完成２０２５年度干部培训，培训合格率达到95%。',
      overallGoal: '建成LED培训教室。',
      fiscal: wanCents(3841),
      carryOver: wanCents(120_000),
    });
    doc.addIndicator(p, { level2Code: '11', name: '培训人次', cycleValue: '≥300人次' });
    doc.addIndicator(p, {
      level2Code: '12',
      name: '培训合格率',
      cycle: { kind: 'structured', operator: '≥', value: '95', unit: '%' },
      explanation: '考核合格人数/参训人数',
    });
    doc.addIndicator(p, {
      level2Code: '22',
      name: 'led屏使用率',
      cycleValue: '明显提升',
      annualValue: '较上年有所提升',
      annualFollowsCycle: false,
      basis: { kind: '计划标准', text: '年度培训计划' },
    });
    const v = doc.addUnit('宣传中心');
    doc.addProject(v, { name: '宣传经费', goal: '开展宣传活动', other: wanCents(3841) });
  });
  return file;
}

const CLIENT = { client: 'page-1' };

function read(s: EditorSession): DocumentState {
  return s.call('getDocument', {}, CLIENT) as DocumentState;
}

function opened(): { s: EditorSession; data: DocumentData } {
  const s = EditorSession.open(table());
  return { s, data: read(s).data };
}

const places = (hits: ReturnType<typeof findInDocument>) =>
  hits.map((h) => `${h.kind}:${h.text.slice(h.ranges[0]![0], h.ranges[0]![1])}`);

describe('the matcher', () => {
  it('folds full-width ASCII one unit for one, so positions stay those of the text', () => {
    expect(foldWidth('２０２５年＝ＡＢｃ　１')).toBe('2025年=ABc 1');
    expect(foldWidth('完成２０２５').length).toBe('完成２０２５'.length);
    expect(
      replaceRanges(
        'abcabc',
        [
          [0, 1],
          [3, 4],
        ],
        'XY',
      ),
    ).toBe('XYbcXYbc');
  });

  it('finds a word in names, goals, indicator names, values and explanations, in document order', () => {
    const { s, data } = opened();
    try {
      const hits = findInDocument(data, '培训');
      expect(hits.map((h) => h.kind)).toEqual([
        'unitName',
        'projectName',
        'overallGoal',
        'goal',
        'indicatorName',
        'indicatorName',
        'basis',
      ]);
      // Two places in the goal: both listed, left to right.
      const goal = hits.find((h) => h.kind === 'goal')!;
      expect(goal.ranges.length).toBe(2);
      expect(countMatches(hits)).toBe(8);
      // The place as the findings panel shows it: the printed number of the indicator.
      const second = hits.filter((h) => h.kind === 'indicatorName')[1]!;
      expect(second.indicatorIndex).toBe(2);
      expect(second.projectName).toBe('干部培训经费');
      expect(second.location.field).toBe('name');
      expect(second.key).toBe(`i${second.location.indicatorId}:name`);
    } finally {
      s.close();
    }
  });

  it('ignores full-width/half-width differences and Latin case, unless asked', () => {
    const { s, data } = opened();
    try {
      // The goal was typed with full-width digits.
      expect(places(findInDocument(data, '2025年'))).toEqual(['goal:２０２５年']);
      expect(places(findInDocument(data, '２０２５'))).toEqual(['goal:２０２５']);
      expect(places(findInDocument(data, 'LED'))).toEqual(['overallGoal:LED', 'indicatorName:led']);
      expect(places(findInDocument(data, 'LED', { matchCase: true }))).toEqual(['overallGoal:LED']);
      // A structured value is searched as printed, its operator folded too.
      expect(places(findInDocument(data, '≥95%'))).toEqual(['cycleValue:≥95%']);
      // An unlinked annual value is its own field; a linked one is not listed twice.
      expect(places(findInDocument(data, '提升'))).toEqual(['cycleValue:提升', 'annualValue:提升']);
      expect(findInDocument(data, '人次').filter((h) => h.kind === 'annualValue')).toEqual([]);
    } finally {
      s.close();
    }
  });

  it('finds amounts as typed in the document unit, but never offers to replace them', () => {
    const { s, data } = opened();
    try {
      const hits = findInDocument(data, '38.41');
      expect(hits.map((h) => `${h.kind}:${h.text}`)).toEqual(['fiscal:38.41', 'other:38.41']);
      expect(hits.every((h) => !h.replaceable)).toBe(true);
      expect(places(findInDocument(data, '1,200'))).toEqual(['carryOver:1200']);
      expect(places(findInDocument(data, '１２００．００'))).toEqual(['carryOver:1200.00']);
      expect(planReplace(data, { find: '38.41', replace: '40' })).toEqual([]);
    } finally {
      s.close();
    }
  });

  it('matches a whole field only when asked, and finds nothing for an empty query', () => {
    const { s, data } = opened();
    try {
      expect(places(findInDocument(data, '培训人次', { wholeField: true }))).toEqual([
        'indicatorName:培训人次',
      ]);
      expect(findInDocument(data, '培训', { wholeField: true })).toEqual([]);
      expect(findInDocument(data, '')).toEqual([]);
      expect(findInDocument(data, '   ')).toEqual([]);
    } finally {
      s.close();
    }
  });
});

describe("searching the page's copy after edits", () => {
  it('lists again only what changed, and never shows a stale place', () => {
    const { s, data } = opened();
    try {
      const version = read(s).version;
      expect(findInDocument(data, '干部')[0]!.unitName).toBe('培训中心');
      const unit = data.units[0]!;
      const r = s.call(
        'renameUnit',
        { id: unit.id, name: '学习中心' },
        { ...CLIENT, baseVersion: version },
      ) as EditResult;
      const next = applyChanges(data, r.change!.changes)!;
      // The page's copy keeps the untouched project: its fields are not listed again…
      expect(next.units[0]!.projects[0]).toBe(unit.projects[0]);
      // …but the place shown is the unit's new name.
      const hit = findInDocument(next, '干部').find((h) => h.kind === 'projectName')!;
      expect(hit.unitName).toBe('学习中心');
      // A changed indicator is found as it is now.
      const indicator = next.units[0]!.projects[0]!.indicators[0]!;
      const r2 = s.call(
        'updateIndicator',
        { id: indicator.id, name: '受训人次' },
        { ...CLIENT, baseVersion: r.change!.version },
      ) as EditResult;
      const after = applyChanges(next, r2.change!.changes)!;
      expect(findInDocument(after, '受训').map((h) => h.kind)).toEqual(['indicatorName']);
      expect(findInDocument(after, '培训人次')).toEqual([]);
      expect(after).toEqual(read(s).data);
    } finally {
      s.close();
    }
  });
});

describe('replaceText', () => {
  it('replaces in every field as one undo step, in the SQLite file, and undo restores all', () => {
    const file = table();
    let s = EditorSession.open(file);
    const before = read(s).data;
    const r = s.call(
      'replaceText',
      { find: '培训', replace: '教育' },
      { ...CLIENT, baseVersion: read(s).version },
    ) as EditResult;
    expect(r.change ?? r.state).toBeDefined();
    expect(read(s).history.undo).toBe('替换“培训”为“教育”');
    s.close();

    // In the file: reopened, every place changed, the amounts untouched.
    s = EditorSession.open(file);
    const after = read(s).data;
    expect(findInDocument(after, '培训')).toEqual([]);
    expect(countMatches(findInDocument(after, '教育'))).toBe(8);
    expect(after.units[0]!.name).toBe('教育中心');
    expect(after.units[0]!.projects[0]!.goal).toBe('完成２０２５年度干部教育，教育合格率达到95%。');
    expect(after.totals).toEqual(before.totals);
    s.close();

    // A fresh session has no history: undo in the session that made it, in one step.
    s = EditorSession.open(file);
    s.call('replaceText', { find: '教育', replace: '培训' }, CLIENT);
    expect(read(s).data).toEqual(before);
    s.call('undo', {}, CLIENT);
    expect(countMatches(findInDocument(read(s).data, '教育'))).toBe(8);
    s.call('undo', {}, CLIENT);
    expect(read(s).history.undo).toBeUndefined();
    s.close();
  });

  it('replaces inside a structured value and keeps it structured when it still reads as one', () => {
    const s = EditorSession.open(table());
    try {
      s.call('replaceText', { find: '95%', replace: '98%' }, CLIENT);
      const d = read(s).data;
      const rate = d.units[0]!.projects[0]!.indicators.find((i) => i.name === '培训合格率')!;
      expect(rate.cycle).toMatchObject({
        kind: 'structured',
        operator: '≥',
        value: '98',
        unit: '%',
      });
      expect(d.units[0]!.projects[0]!.goal).toContain('达到98%');
      s.call('replaceText', { find: '≥98%', replace: '全部合格' }, CLIENT);
      const again = read(s).data.units[0]!.projects[0]!.indicators.find(
        (i) => i.name === '培训合格率',
      )!;
      expect(again.cycle).toEqual({ kind: 'sentence', text: '全部合格' });
    } finally {
      s.close();
    }
  });

  it('replaces only in the fields named, recomputed by the host; nothing found is a message', () => {
    const s = EditorSession.open(table());
    try {
      const d = read(s).data;
      const name = findInDocument(d, '培训').find((h) => h.kind === 'projectName')!;
      s.call('replaceText', { find: '培训', replace: '学习', keys: [name.key] }, CLIENT);
      const after = read(s).data;
      expect(after.units[0]!.projects[0]!.name).toBe('干部学习经费');
      expect(after.units[0]!.name).toBe('培训中心');
      expect(
        userErrorOf(() => s.call('replaceText', { find: '不存在的词', replace: 'x' }, CLIENT))
          .message,
      ).toMatch(/没有找到可替换的“不存在的词”/u);
      expect(
        userErrorOf(() =>
          s.call('replaceText', { find: '培训', replace: 'x', keys: [name.key] }, CLIENT),
        ).message,
      ).toMatch(/已不在原处/u);
      // Amounts only: found, not replaced.
      expect(
        userErrorOf(() => s.call('replaceText', { find: '38.41', replace: '1' }, CLIENT)).message,
      ).toMatch(/金额不能用文字替换/u);
      // The payload is checked before anything is touched.
      expect(
        userErrorOf(() => s.call('replaceText', { find: '', replace: 'x' }, CLIENT)),
      ).toBeTruthy();
      expect(
        userErrorOf(() =>
          s.call('replaceText', { find: 'a', replace: 'x', keys: ['x1:name'] }, CLIENT),
        ),
      ).toBeTruthy();
    } finally {
      s.close();
    }
  });
});
