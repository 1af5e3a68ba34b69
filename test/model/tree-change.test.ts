import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { dumpToString } from '../../db/interchange.ts';
import { builtInTree } from '../../db/built-in-trees.ts';
import { printedIndicators } from '../../db/shared/printed-order.ts';
import { wanCents } from '../amounts.ts';
import {
  mappingRows,
  planTreeChange,
  proposedMapping,
  type TreeChangePlan,
} from '../../db/shared/tree-change.ts';
import type { CategoryTree } from '../../db/shared/tree.ts';
import type { DocumentData, IndicatorData } from '../../db/shared/types.ts';
import { importToSnapshot } from '../import/build.ts';
import { HAS_PANYU, PANYU_FIXTURE, tempDir } from '../helpers.ts';

const MOF = builtInTree('mof-2021')!;
const indicators = (d: DocumentData): IndicatorData[] =>
  d.units.flatMap((u) => u.projects.flatMap((p) => p.indicators));
const state = (doc: TargetDocument) => dumpToString(doc.snapshot());

/** The file as SQLite sees it: intact, every foreign key and tree rule holding. */
function fileIsSound(file: string): void {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const stray = db
      .prepare(
        'SELECT count(*) FROM indicator WHERE level2_code NOT IN (SELECT code FROM category_level2)',
      )
      .pluck()
      .get();
    expect(stray).toBe(0);
  } finally {
    db.close();
  }
}

describe.skipIf(!HAS_PANYU)(
  '更换指标体系 on the published Panyu table (default → mof-2021)',
  () => {
    it('proposes, refuses what is unmapped, lists every moved indicator, and undoes to the byte', () => {
      const { file } = importToSnapshot(PANYU_FIXTURE);
      const doc = TargetDocument.open(file);
      const before = state(doc);
      const data = doc.snapshot();
      expect(data.tree.id).toBe('default');

      // The proposal: every code mof-2021 also has maps to itself; 14-成本指标, which mof-2021
      // does not have, is left for the clerk.
      const rows = mappingRows(data, MOF);
      const used = new Set(indicators(data).map((i) => i.level2.code));
      expect(rows.map((r) => r.from.level2.code).sort()).toEqual([...used].sort());
      expect(used.has('14')).toBe(true);
      for (const r of rows) {
        if (r.from.level2.code === '14') expect(r.proposal).toBeNull();
        else expect(r.proposal).toEqual({ code: r.from.level2.code, basis: 'code' });
      }
      expect(rows.reduce((n, r) => n + r.count, 0)).toBe(273);
      const proposed = proposedMapping(rows);

      // Unmapped, or mapped outside the target: refused, nothing written.
      expect(() => doc.changeTree('mof-2021', proposed)).toThrow(
        /14-成本指标”（\d+ 条指标）尚未选择“财预〔2021〕101号指标体系/,
      );
      expect(() => doc.changeTree('mof-2021', { ...proposed, '14': '14' })).toThrow(
        '对应的“14”不是“财预〔2021〕101号指标体系（成本指标为一级指标）”中的二级指标',
      );
      expect(state(doc)).toBe(before);
      expect(doc.historyState.undo).toBeUndefined();

      const mapping = { ...proposed, '14': '41' };
      const preview = planTreeChange(data, MOF, mapping);
      expect(preview.problems).toEqual([]);
      const plan: TreeChangePlan = doc.changeTree('mof-2021', mapping);
      expect(plan.moves).toEqual(preview.moves);

      // Every indicator whose printed category changes is listed, once, and no other.
      const after = doc.snapshot();
      expect(after.tree).toEqual(MOF);
      const old = new Map(indicators(data).map((i) => [i.id, i]));
      const listed = new Map(plan.moves.map((m) => [m.indicatorId, m]));
      expect(listed.size).toBe(plan.moves.length);
      let moved = 0;
      for (const i of indicators(after)) {
        const was = old.get(i.id)!;
        expect(i.level2.code).toBe(mapping[was.level2.code as keyof typeof mapping]);
        const printedBefore = `${was.level1.code}-${was.level1.name}；${was.level2.code}-${was.level2.name}`;
        const printedAfter = `${i.level1.code}-${i.level1.name}；${i.level2.code}-${i.level2.name}`;
        const move = listed.get(i.id);
        if (printedBefore === printedAfter) {
          expect(move).toBeUndefined();
          continue;
        }
        expect(move, `${i.name} is listed`).toBeDefined();
        expect(move!.kind).toBe(was.level2.code === '14' ? 'moved' : 'renamed');
        if (move!.kind === 'moved') moved++;
        expect(move!.to.level2).toEqual(i.level2);
        expect(move!.from.level2).toEqual(was.level2);
      }
      expect(moved).toBe(indicators(data).filter((i) => i.level2.code === '14').length);
      expect(moved).toBeGreaterThan(0);
      // Printed numbers: before as the table printed them, after in the new tree's order, where
      // 4-成本指标 comes last.
      for (const m of plan.moves) {
        const project = after.units.flatMap((u) => u.projects).find((p) => p.id === m.projectId)!;
        expect(printedIndicators(project)[m.numberAfter - 1]!.id).toBe(m.indicatorId);
        const projectBefore = data.units
          .flatMap((u) => u.projects)
          .find((p) => p.id === m.projectId)!;
        expect(printedIndicators(projectBefore)[m.number - 1]!.id).toBe(m.indicatorId);
      }

      // One undo step restores the old tree and every category; redo makes the change again.
      const changed = state(doc);
      expect(doc.historyState.undo).toBe(
        '更换指标体系为“财预〔2021〕101号指标体系（成本指标为一级指标）”',
      );
      doc.undo();
      expect(state(doc)).toBe(before);
      expect(doc.tree.tree.id).toBe('default');
      expect(doc.historyState.undo).toBeUndefined();
      doc.redo();
      expect(state(doc)).toBe(changed);
      doc.undo();
      doc.redo();
      expect(state(doc)).toBe(changed);
      doc.close();
      fileIsSound(file);

      // On disk, as reopened.
      const reopened = TargetDocument.open(file, { readonly: true });
      expect(state(reopened)).toBe(changed);
      reopened.close();
    });
  },
);

function small(file: string, tree?: CategoryTree): TargetDocument {
  const doc = TargetDocument.createAndOpen(file, {
    department: '示例局',
    year: 2026,
    ...(tree ? { tree } : {}),
  });
  const unit = doc.addUnit('本级');
  const p = doc.addProject(unit, { name: '培训经费', fiscal: wanCents(100) });
  doc.addIndicator(p, { level2Code: '11', name: '培训期数', cycleValue: '12期' });
  doc.addIndicator(p, { level2Code: '12', name: '合格率', cycleValue: '100%' });
  doc.addIndicator(p, { level2Code: '14', name: '成本', cycleValue: '≤10万元' });
  doc.addIndicator(p, { level2Code: '31', name: '满意度', cycleValue: '≥90%' });
  return doc;
}

describe('更换指标体系', () => {
  it('maps each indicator from its old code once, even along a chain (11 → 12, 12 → 13)', () => {
    const doc = small(path.join(tempDir(), 't.jxmb'));
    const tree = doc.tree.tree;
    const plan = doc.changeTree(tree, { '11': '12', '12': '13', '14': '14', '31': '31' });
    const got = Object.fromEntries(indicators(doc.snapshot()).map((i) => [i.name, i.level2.code]));
    expect(got).toEqual({ 培训期数: '12', 合格率: '13', 成本: '14', 满意度: '31' });
    expect(plan.moves.map((m) => [m.name, m.kind])).toEqual([
      ['培训期数', 'moved'],
      ['合格率', 'moved'],
    ]);
    doc.close();
  });

  it('refuses the tree the document already has, and a tree that is not valid', () => {
    const doc = small(path.join(tempDir(), 't.jxmb'));
    const identity = { '11': '11', '12': '12', '14': '14', '31': '31' };
    expect(() => doc.changeTree('default', identity)).toThrow('无需更换');
    expect(() => doc.changeTree('no-such-tree', identity)).toThrow(
      '没有名为“no-such-tree”的指标体系',
    );
    const bad = { ...doc.tree.tree, level1: [{ ...doc.tree.tree.level1[0]!, level2: [] }] };
    expect(() => doc.changeTree(bad, identity)).toThrow('指标体系无效');
    expect(doc.historyState.undo).toBe('添加绩效指标');
    doc.close();
  });

  it('through the API: a preview query and an edit answering with the whole new document', () => {
    const file = path.join(tempDir(), 't.jxmb');
    small(file).close();
    const s = EditorSession.open(file);
    try {
      const preview = s.call('previewTreeChange', { tree: 'mof-2021' }) as TreeChangePlan;
      expect(preview.mapping).toEqual({ '11': '11', '12': '12', '31': '31' });
      expect(preview.problems).toEqual([
        '“14-成本指标”（1 条指标）尚未选择“财预〔2021〕101号指标体系（成本指标为一级指标）”中对应的二级指标',
      ]);
      const refused = () => s.call('changeTree', { tree: 'mof-2021', mapping: preview.mapping });
      expect(refused).toThrow('尚未选择');
      expect(() =>
        s.call('changeTree', { tree: 'mof-2021', mapping: { ...preview.mapping, '14': 'x' } }),
      ).toThrow('请求内容无效');

      const mapping = { ...preview.mapping, '14': '41' };
      const checked = s.call('previewTreeChange', { tree: 'mof-2021', mapping }) as TreeChangePlan;
      expect(checked.moves.map((m) => [m.name, m.number, m.numberAfter, m.kind])).toEqual([
        ['成本', 3, 4, 'moved'],
        ['满意度', 4, 3, 'renamed'],
      ]);
      const r = s.call('changeTree', { tree: 'mof-2021', mapping }) as {
        state?: { data: DocumentData };
      };
      expect(r.state?.data.tree.id).toBe('mof-2021');
      const cost = indicators(r.state!.data).find((i) => i.name === '成本')!;
      expect(cost.level1).toEqual({ code: '4', name: '成本指标', role: 'cost' });
      expect(cost.level2).toEqual({ code: '41', name: '经济成本指标' });

      const undone = s.call('undo', {}) as { state?: { data: DocumentData }; label?: string };
      expect(undone.label).toContain('更换指标体系');
      expect(undone.state?.data.tree.id).toBe('default');
      expect(indicators(undone.state!.data).find((i) => i.name === '成本')!.level2.code).toBe('14');
      // An ordinary edit afterwards answers with a change set again.
      const next = s.call('setDepartment', { department: '另一局' }) as { change?: unknown };
      expect(next.change).toBeDefined();
    } finally {
      s.close();
    }
    fileIsSound(file);
  });
});

describe('the proposed mapping', () => {
  it('same code, else one category of the same name (指标 suffix aside), else the only one of the role; never a guess', () => {
    const doc = small(path.join(tempDir(), 't.jxmb'));
    const data = doc.snapshot();
    doc.close();
    // Codes renumbered: only names and roles can match.
    const other: CategoryTree = {
      id: 'renumbered',
      name: '重新编码的指标体系',
      level1: [
        {
          code: '5',
          name: '产出指标',
          role: 'output',
          level2: [
            { code: '51', name: '数量指标' },
            { code: '52', name: '质量' },
            { code: '53', name: '时效指标' },
          ],
        },
        {
          code: '6',
          name: '满意度',
          role: 'satisfaction',
          level2: [{ code: '61', name: '满意度' }],
        },
        {
          code: '7',
          name: '成本指标',
          role: 'cost',
          level2: [
            { code: '71', name: '经济成本指标' },
            { code: '72', name: '社会成本指标' },
          ],
        },
      ],
    };
    const rows = mappingRows(data, other);
    expect(rows.map((r) => [r.from.level2.code, r.proposal])).toEqual([
      ['11', { code: '51', basis: 'name' }],
      ['12', { code: '52', basis: 'name' }],
      // 成本指标 names a first-level category with two second-level ones: the clerk chooses.
      ['14', null],
      ['31', { code: '61', basis: 'role' }],
    ]);
    const plan = planTreeChange(data, other, proposedMapping(rows));
    expect(plan.problems).toEqual([
      '“14-成本指标”（1 条指标）尚未选择“重新编码的指标体系”中对应的二级指标',
    ]);
    expect(plan.moves).toEqual([]);
  });
});
