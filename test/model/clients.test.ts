import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentState, EditResult } from '../../db/shared/api/contract.ts';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { isUserError, type UserError } from '../../db/shared/errors.ts';
import { tempDir } from '../helpers.ts';

/**
 * Several pages (or windows) on one open document: each has its own undo history, every answer
 * carries the document's version, and an edit made from an out-of-date view is refused.
 */

function open(): EditorSession {
  const file = path.join(tempDir(), '表.jxmb');
  TargetDocument.create(file, { department: '区委组织部', year: 2025 }, {}, (doc) => {
    const unit = doc.addUnit('本级');
    doc.addProject(unit, { name: '培训' });
  });
  return EditorSession.open(file);
}

function refusal(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (isUserError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const A = { client: 'page-a' };
const B = { client: 'page-b' };

describe('undo belongs to the page that made the edit', () => {
  it('undo never reverts another page’s edit; it is refused while another edit came after', () => {
    const s = open();
    try {
      const project = s.state().data.units[0]!.projects[0]!.id;
      s.call('updateProject', { id: project, goal: 'A 的目标' }, A);
      const afterB = s.call('updateProject', { id: project, other: '5' }, B) as EditResult;
      // B's own history shows its edit; A's does not offer an undo it could not do.
      expect(afterB.change?.history.undo).toBe('修改项目');
      expect((s.call('getDocument', {}, A) as DocumentState).history).toEqual({});

      const e = refusal(() => s.call('undo', {}, A));
      expect(e.code).toBe('undoBlocked');
      expect(e.message).toContain('其他窗口');
      let p = s.state().data.units[0]!.projects[0]!;
      expect([p.goal, p.totals.other]).toEqual(['A 的目标', 5_000_000]);

      // B undoes its own edit; now A's is the newest and A may undo it.
      s.call('undo', {}, B);
      expect((s.call('getVersion', {}, A) as { history: object }).history).toEqual({
        undo: '修改项目',
      });
      s.call('undo', {}, A);
      p = s.state().data.units[0]!.projects[0]!;
      expect([p.goal, p.totals.other]).toEqual(['', 0]);
      // Redo is A's too.
      expect(refusal(() => s.call('redo', {}, B)).code).toBe('undoBlocked');
      s.call('redo', {}, A);
      expect(s.state().data.units[0]!.projects[0]!.goal).toBe('A 的目标');
    } finally {
      s.close();
    }
  });

  it('a page with nothing of its own to undo gets nothing undone', () => {
    const s = open();
    try {
      s.call('setDepartment', { department: '改' }, A);
      const r = s.call('undo', {}, { client: 'page-c' }) as EditResult;
      expect(r.label).toBeUndefined();
      expect(s.state().data.department).toBe('改');
    } finally {
      s.close();
    }
  });
});

describe('versions', () => {
  it('every edit changes the version; an edit from an out-of-date view is refused, nothing written', () => {
    const s = open();
    try {
      const v0 = s.version;
      expect((s.call('getVersion', {}, A) as { version: string }).version).toBe(v0);
      const r = s.call('setDepartment', { department: '一' }, { ...A, baseVersion: v0 });
      const v1 = s.version;
      expect((r as EditResult).change?.version ?? (r as EditResult).state?.version).toBe(v1);
      expect(v1).not.toBe(v0);
      // B still believes v0.
      const e = refusal(() =>
        s.call('setDepartment', { department: '二' }, { ...B, baseVersion: v0 }),
      );
      expect(e.code).toBe('stale');
      expect(s.state().data.department).toBe('一');
      // Queries are never refused for staleness.
      expect(() => s.call('getDocument', {}, { ...B, baseVersion: v0 })).not.toThrow();
      // After refreshing, B's edit goes through.
      s.call('setDepartment', { department: '二' }, { ...B, baseVersion: v1 });
      expect(s.state().data.department).toBe('二');
    } finally {
      s.close();
    }
  });

  it('two runs of the program never share a version', () => {
    const s = open();
    const file = s.doc.filePath;
    const v = s.version;
    s.close();
    const again = EditorSession.open(file);
    expect(again.version).not.toBe(v);
    again.close();
  });

  it('an edit to a deleted project says so without an internal id (code gone)', () => {
    const s = open();
    try {
      const project = s.state().data.units[0]!.projects[0]!.id;
      s.call('deleteProject', { id: project }, A);
      const e = refusal(() => s.call('updateProject', { id: project, goal: '打的字' }, B));
      expect(e.code).toBe('gone');
      expect(e.message).toBe('该项目已不存在（可能已在其他窗口中删除），这次修改未保存');
    } finally {
      s.close();
    }
  });

  it('a payload that is not an object, or a malformed caller, is refused before the store', () => {
    const s = open();
    try {
      for (const bad of [null, undefined, [], 'x', 3]) {
        expect(refusal(() => s.call('setDepartment', bad, A)).message).toContain('请求内容无效');
      }
      expect(refusal(() => s.call('getDocument', {}, { client: 'a b' })).message).toContain(
        '调用者信息',
      );
      expect(s.state().data.department).toBe('区委组织部');
    } finally {
      s.close();
    }
  });
});
