import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentState, EditResult, VersionInfo } from '../../db/shared/api/contract.ts';
import type { DocumentChanges } from '../../db/shared/changes.ts';
import type { DocumentData, ProjectData } from '../../db/shared/types.ts';
import {
  DocStore,
  NOTICE_OTHER_WRITER,
  type FieldHandle,
  type FieldStatus,
} from '../../renderer/src/doc-store.ts';
import { unwrap, type Api } from '../../renderer/src/wire.ts';
import { sample, wireCopy } from './doc-data.ts';

/*
 * The page's one queue of calls (renderer/src/doc-store.ts), against a fake host that answers
 * edits as the real one does since issue 9: with a change set made on the version it had
 * (`{ change: { from, version, history, changes } }`), refusing an edit whose base version is
 * not its own. The host can be slowed down call by call, to show what waits for what.
 * test/renderer/doc-store.test.ts covers retries, refusals and field guards with whole-state
 * replies; test/model/change-sets.test.ts the real host's change sets.
 */

interface Call {
  op: string;
  payload: unknown;
  base?: string;
}

class Deferred {
  resolve!: () => void;
  readonly promise = new Promise<void>((r) => (this.resolve = r));
}

class ChangeSetHost {
  data: DocumentData = sample();
  n = 1;
  /** Every call as it reached the host, before it ran. */
  readonly calls: Call[] = [];
  /** Calls that finished, in the order they did. */
  readonly done: string[] = [];
  private readonly undoStack: { data: DocumentData; project: number }[] = [];
  private hold: Deferred | undefined;
  /** When set, the host answers with this instead of an honest change set (a broken reply). */
  corrupt: ((c: DocumentChanges) => DocumentChanges) | undefined;

  get version(): string {
    return `v${this.n}`;
  }

  /** The next call that reaches the host runs only once the returned function is called. */
  holdNext(): () => void {
    const d = new Deferred();
    this.hold = d;
    return () => d.resolve();
  }

  state(): DocumentState {
    return wireCopy({
      data: this.data,
      history: this.history(),
      fileName: 'a.jxmb',
      filePath: '/tmp/a.jxmb',
      version: this.version,
      readOnly: null,
    });
  }

  project(id: number): ProjectData {
    return this.data.units.flatMap((u) => u.projects).find((p) => p.id === id)!;
  }

  /** Another window renames a project (the page is not told). */
  otherWindow(id: number, name: string): void {
    this.setProject(id, { name });
    this.n++;
  }

  private history() {
    return this.undoStack.length ? { undo: '修改项目' } : {};
  }

  private setProject(id: number, fields: Partial<ProjectData>): void {
    this.data = {
      ...this.data,
      units: this.data.units.map((u) => ({
        ...u,
        projects: u.projects.map((p) => (p.id === id ? { ...p, ...fields } : p)),
      })),
    };
  }

  /** What the page receives: the project that changed, made on version `from`. */
  private changeSet(from: string, projectId: number): EditResult {
    const unitId = this.data.units.find((u) => u.projects.some((p) => p.id === projectId))!.id;
    let changes: DocumentChanges = {
      totals: this.data.totals,
      units: [],
      projects: [{ ...this.project(projectId), unitId }],
      removedUnits: [],
      removedProjects: [],
      defects: [],
    };
    if (this.corrupt) changes = this.corrupt(changes);
    return wireCopy({
      change: { from, version: this.version, history: this.history(), changes },
    });
  }

  private async arrive(op: string, payload: unknown, meta?: { baseVersion?: string }) {
    this.calls.push({ op, payload, ...(meta?.baseVersion ? { base: meta.baseVersion } : {}) });
    const hold = this.hold;
    this.hold = undefined;
    if (hold) await hold.promise;
  }

  private edit<P>(op: string, run: (p: P) => number) {
    return async (payload: P, meta?: { baseVersion?: string }): Promise<EditResult> => {
      await this.arrive(op, payload, meta);
      if (meta?.baseVersion !== undefined && meta.baseVersion !== this.version) {
        return unwrap({
          ok: false,
          error: '文档已在其他窗口中修改，本页已刷新为最新内容；请确认后重新输入',
          userError: true,
          code: 'stale',
        });
      }
      const from = this.version;
      const projectId = run(payload);
      this.n++;
      this.done.push(op);
      return this.changeSet(from, projectId);
    };
  }

  api(): Api {
    const api = {
      getDocument: async () => {
        await this.arrive('getDocument', {});
        this.done.push('getDocument');
        return this.state();
      },
      getVersion: async (): Promise<VersionInfo> => {
        await this.arrive('getVersion', {});
        return { version: this.version, readOnly: null, history: this.history() };
      },
      updateProject: this.edit<{ id: number; name?: string; goal?: string }>(
        'updateProject',
        (p) => {
          this.undoStack.push({ data: this.data, project: p.id });
          this.setProject(p.id, {
            ...(p.name === undefined ? {} : { name: p.name }),
            ...(p.goal === undefined ? {} : { goal: p.goal }),
          });
          return p.id;
        },
      ),
      undo: this.edit<object>('undo', () => {
        const step = this.undoStack.pop()!;
        this.data = step.data;
        return step.project;
      }),
      exportDocument: async () => {
        await this.arrive('exportDocument', {});
        this.done.push('exportDocument');
        return { name: 'a.pdf' };
      },
    };
    return api as unknown as Api;
  }
}

let stores: DocStore[] = [];
afterEach(() => {
  for (const s of stores) s.dispose();
  stores = [];
});

function setup() {
  const host = new ChangeSetHost();
  const store = new DocStore(host.api(), { retryDelays: [5], checkDelay: 60_000 });
  stores.push(store);
  const notices: string[] = [];
  const errors: string[] = [];
  store.onNotice = (m) => notices.push(m);
  store.onError = (m) => errors.push(m);
  store.setDocument(host.state());
  return { host, store, notices, errors };
}

const nameIn = (store: DocStore, id: number) =>
  store.doc!.data.units.flatMap((u) => u.projects).find((p) => p.id === id)?.name;

/** Lets every pending promise callback run (the host is in-process). */
const ticks = async (n = 20) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

/**
 * A field as useDraft makes it: flush() hands the store its text as an edit (and stops being
 * tracked, the edit now counts until answered), unless its text is a problem, which is kept.
 */
function field(store: DocStore, projectId: number, text: string, status: FieldStatus) {
  const sent: string[] = [];
  const handle: FieldHandle = {
    flush() {
      store.trackField(handle, null);
      sent.push(text);
      void store.send('updateProject', { id: projectId, name: text });
    },
    discard() {
      store.trackField(handle, null);
    },
  };
  store.trackField(handle, status);
  return { handle, sent };
}

describe('the page’s queue, with change-set replies', () => {
  it('patches its copy from a change set: untouched units stay the same objects', async () => {
    const { host, store } = setup();
    const before = store.doc!;
    const r = await store.send('updateProject', { id: 12, name: '改名' });

    expect(r.ok && r.result?.change?.from).toBe('v1');
    expect(store.doc!.version).toBe('v2');
    expect(store.doc!.history).toEqual({ undo: '修改项目' });
    expect(nameIn(store, 12)).toBe('改名');
    expect(store.doc!.data.units[1]).toBe(before.data.units[1]);
    expect(store.doc!.data.units[0]!.projects[0]).toBe(before.data.units[0]!.projects[0]);
    expect(host.calls.map((c) => c.op)).toEqual(['updateProject']); // no fetch
  });

  it('sends the second edit only once the first, slow, one is answered, with the new version', async () => {
    const { host, store } = setup();
    const release = host.holdNext();
    const first = store.send('updateProject', { id: 11, name: '第一' });
    const second = store.send('updateProject', { id: 11, name: '第二' });
    await ticks();
    // The host is still on the first: the second has not left the page.
    expect(host.calls).toEqual([
      { op: 'updateProject', payload: { id: 11, name: '第一' }, base: 'v1' },
    ]);
    expect(store.saveState.kind).toBe('saving');

    release();
    expect((await first).ok).toBe(true);
    expect((await second).ok).toBe(true);
    expect(host.calls.map((c) => [c.payload, c.base])).toEqual([
      [{ id: 11, name: '第一' }, 'v1'],
      [{ id: 11, name: '第二' }, 'v2'],
    ]);
    expect(host.project(11).name).toBe('第二');
    expect(nameIn(store, 11)).toBe('第二');
    expect(store.doc!.version).toBe('v3');
    expect(store.saveState.kind).toBe('saved');
  });

  it('a non-edit call queued behind edits waits for them too (export after typing)', async () => {
    const { host, store } = setup();
    const release = host.holdNext();
    const edit = store.send('updateProject', { id: 21, name: '导出前' });
    const exported = store.call((api) => api.exportDocument({ format: 'pdf', layout: 'official' }));
    await ticks();
    expect(host.calls.map((c) => c.op)).toEqual(['updateProject']);
    release();
    await edit;
    await exported;
    expect(host.done).toEqual(['updateProject', 'exportDocument']);
  });

  it('fetches the document when a change set was made on another version, and ends at the host’s', async () => {
    const { host, store, notices } = setup();
    // Another window writes; the page, closing, sends its text without a version (urgent).
    host.otherWindow(31, '别的窗口');
    const typed = field(store, 12, '关页前', 'typing');
    store.flushDrafts(true);
    await store.settled();
    await ticks();
    await store.settled();

    expect(typed.sent).toEqual(['关页前']);
    // The reply was made on v2, the page held v1: it cannot be patched in, so it is fetched.
    expect(host.calls.map((c) => c.op)).toEqual(['updateProject', 'getDocument']);
    expect(store.doc!.version).toBe(host.version);
    expect(store.doc!.version).toBe('v3');
    expect(store.doc!.data).toEqual(host.data);
    expect(nameIn(store, 31)).toBe('别的窗口');
    expect(nameIn(store, 12)).toBe('关页前');
    expect(notices).toEqual([NOTICE_OTHER_WRITER]);
  });

  it('fetches the document when a change set does not fit the page’s copy', async () => {
    const { host, store } = setup();
    // A reply naming a project in a unit's list that neither the page nor the reply has.
    host.corrupt = (c) => ({
      ...c,
      units: [{ id: 1, name: '单位1', totals: c.totals, projectIds: [11, 12, 999] }],
    });
    const r = await store.send('updateProject', { id: 12, name: '改名' });
    expect(r.ok).toBe(true);
    expect(host.calls.map((c) => c.op)).toEqual(['updateProject', 'getDocument']);
    expect(store.doc!.version).toBe('v2');
    expect(store.doc!.data).toEqual(host.data);
  });

  it('flushDrafts sends what is being typed before the call that follows (撤销 after typing)', async () => {
    const { host, store } = setup();
    const typing = field(store, 12, '刚输入的', 'typing');
    const invalid = field(store, 11, '1.234', 'problem');
    expect(store.saveState).toEqual({ kind: 'unsaved', count: 1 });

    // What actions.tsx does before 撤销, 导出, 另存为…
    store.flushDrafts();
    const undo = store.edit('undo', {});
    await undo;
    await store.settled();

    expect(typing.sent).toEqual(['刚输入的']);
    expect(invalid.sent).toEqual([]); // invalid text is kept, never sent
    expect(host.calls.map((c) => [c.op, c.base])).toEqual([
      ['updateProject', 'v1'],
      ['undo', 'v2'],
    ]);
    // The undo undid the text just sent: nothing of the typing was lost before it.
    expect(host.project(12).name).toBe('项目12');
    expect(nameIn(store, 12)).toBe('项目12');
    expect(store.doc!.version).toBe('v3');
    expect(store.saveState).toEqual({ kind: 'unsaved', count: 1 });
  });

  it('an urgent flush (the page closing) goes to the host at once, past a slow call', async () => {
    const { host, store } = setup();
    const release = host.holdNext();
    const exported = store.call((api) => api.exportDocument({ format: 'pdf', layout: 'official' }));
    await ticks();
    expect(host.calls.map((c) => c.op)).toEqual(['exportDocument']);

    // Hidden only: the text waits its turn behind the export.
    field(store, 12, '隐藏时', 'typing');
    store.flushDrafts();
    await ticks();
    expect(host.calls.map((c) => c.op)).toEqual(['exportDocument']);

    // Closing: straight to the host, without a version to compare (the page may be gone before
    // an answer could refresh it).
    field(store, 11, '关闭时', 'typing');
    store.flushDrafts(true);
    await ticks();
    expect(host.calls.map((c) => [c.op, c.payload, c.base])).toEqual([
      ['exportDocument', {}, undefined],
      ['updateProject', { id: 11, name: '关闭时' }, undefined],
    ]);
    expect(host.project(11).name).toBe('关闭时');

    release();
    await exported;
    await store.settled();
    expect(host.done).toEqual(['updateProject', 'exportDocument', 'updateProject']);
    expect(host.project(12).name).toBe('隐藏时');
    expect(store.doc!.version).toBe(host.version);
  });
});
