import { describe, expect, it } from 'vitest';
import type { DocumentState, EditResult, VersionInfo } from '../../db/shared/api/contract.ts';
import type { ErrorCode } from '../../db/shared/errors.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import {
  DocStore,
  NOTICE_OTHER_WRITER,
  type FieldGuard,
  type FieldHandle,
  type LostText,
} from '../../renderer/src/doc-store.ts';
import { HostError, unreachable, unwrap, type Api } from '../../renderer/src/wire.ts';

/**
 * The page's saving rules, under Node, against a fake host made of plain functions: an
 * in-memory document with a version, that can stop answering (as a stopped server does) and be
 * edited by "another window". No browser, no mocking library.
 */

interface Project {
  id: number;
  name: string;
  goal: string;
}

class FakeHost {
  version = 1;
  down = false;
  /** Every call that reached the host: operation, payload, the version the page sent. */
  readonly calls: { op: string; payload: unknown; base?: string }[] = [];
  units = [
    { id: 1, name: '本级', projects: [{ id: 2, name: '培训', goal: '' }] as Project[] },
    { id: 3, name: '中心', projects: [{ id: 4, name: '运维', goal: '' }] as Project[] },
  ];

  state(): DocumentState {
    return {
      data: {
        units: this.units.map((u) => ({ ...u, projects: u.projects.map((p) => ({ ...p })) })),
      } as unknown as DocumentData,
      history: { undo: null, redo: null } as unknown as DocumentState['history'],
      fileName: 'a.jxmb',
      filePath: '/tmp/a.jxmb',
      version: `v${this.version}`,
      readOnly: null,
    };
  }

  project(id: number): Project | undefined {
    for (const u of this.units) for (const p of u.projects) if (p.id === id) return p;
    return undefined;
  }

  /** What another window does: changes the document behind this page's back. */
  otherWindow(fn: () => void): void {
    fn();
    this.version++;
  }

  private reach(op: string, payload: unknown, meta?: { baseVersion?: string }): void {
    if (this.down) throw unreachable();
    this.calls.push({ op, payload, ...(meta?.baseVersion ? { base: meta.baseVersion } : {}) });
  }

  private refuse(message: string, code?: ErrorCode): never {
    // Through the same unwrap the page uses on real answers.
    return unwrap({
      ok: false,
      error: message,
      userError: true,
      ...(code ? { code } : {}),
      version: `v${this.version}`,
    });
  }

  readOnly = false;

  api(): Api {
    const edit = (op: string, fn: (p: Record<string, unknown>) => void) => {
      return async (payload: Record<string, unknown>, meta?: { baseVersion?: string }) => {
        this.reach(op, payload, meta);
        if (this.readOnly) this.refuse('只读：修改未保存', 'readOnly');
        if (meta?.baseVersion !== undefined && meta.baseVersion !== `v${this.version}`) {
          this.refuse('文档已在其他窗口中修改，本页已刷新为最新内容；请确认后重新输入', 'stale');
        }
        fn(payload);
        this.version++;
        return { state: this.state() } satisfies EditResult;
      };
    };
    const api = {
      getDocument: async () => {
        this.reach('getDocument', {});
        return this.state();
      },
      getVersion: async (): Promise<VersionInfo> => {
        this.reach('getVersion', {});
        const s = this.state();
        return { version: s.version, readOnly: s.readOnly, history: s.history };
      },
      checkDocument: async () => {
        this.reach('checkDocument', {});
        return [];
      },
      updateProject: edit('updateProject', (p) => {
        const project = this.project(p.id as number);
        if (!project) {
          this.refuse('该项目已不存在（可能已在其他窗口中删除），这次修改未保存', 'gone');
        }
        if (typeof p.name === 'string') project.name = p.name;
        if (typeof p.goal === 'string') project.goal = p.goal;
      }),
      deleteProject: edit('deleteProject', (p) => {
        for (const u of this.units) u.projects = u.projects.filter((x) => x.id !== p.id);
      }),
    };
    return api as unknown as Api;
  }
}

function setup() {
  const host = new FakeHost();
  const store = new DocStore(host.api(), { retryDelays: [5, 10, 20], checkDelay: 60_000 });
  const errors: string[] = [];
  const notices: string[] = [];
  const lost: LostText[] = [];
  store.onError = (m) => errors.push(m);
  store.onNotice = (m) => notices.push(m);
  store.onLostText = (l) => lost.push(l);
  store.setDocument(host.state());
  return { host, store, errors, notices, lost };
}

const projectName = (doc: DocumentState, id: number) =>
  (doc.data.units as unknown as { projects: Project[] }[])
    .flatMap((u) => u.projects)
    .find((p) => p.id === id)?.name;

function guard(text: string, base: string, id = 2): FieldGuard {
  return {
    text,
    base,
    since: 0,
    read: (doc) => projectName(doc, id),
    equals: (a, b) => a === b,
    label: '项目名称',
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the page store (fake host)', () => {
  it('sends edits in order with the version last seen, and says 已自动保存 only when done', async () => {
    const { host, store } = setup();
    const a = store.send('updateProject', { id: 2, name: 'A' });
    const b = store.send('updateProject', { id: 2, goal: 'B' });
    expect(store.saveState.kind).toBe('saving');
    expect((await a).ok).toBe(true);
    expect((await b).ok).toBe(true);
    expect(host.calls.map((c) => [c.op, c.base])).toEqual([
      ['updateProject', 'v1'],
      ['updateProject', 'v2'],
    ]);
    expect(store.doc?.version).toBe('v3');
    expect(store.saveState.kind).toBe('saved');
  });

  it('keeps an edit the host did not answer and retries it, in order, until it is answered', async () => {
    const { host, store } = setup();
    host.down = true;
    const first = store.send('updateProject', { id: 2, name: '一' });
    const second = store.send('updateProject', { id: 2, goal: '二' });
    await sleep(60);
    expect(store.connected).toBe(false);
    expect(store.saveState).toEqual({ kind: 'offline', count: 2 });
    expect(store.hasUnsent()).toBe(true);
    host.down = false;
    expect((await first).ok).toBe(true);
    expect((await second).ok).toBe(true);
    expect(store.connected).toBe(true);
    expect(host.project(2)).toMatchObject({ name: '一', goal: '二' });
    expect(host.calls.map((c) => c.op)).toEqual(['updateProject', 'updateProject']);
    expect(store.saveState.kind).toBe('saved');
  });

  it('does not retry a refusal: hands it back once', async () => {
    const { host, store, errors } = setup();
    host.readOnly = true;
    const r = await store.send('updateProject', { id: 2, name: 'x' });
    expect(r).toMatchObject({ ok: false, code: 'readOnly' });
    await sleep(40);
    expect(host.calls).toHaveLength(1);
    // edit() shows the refusal to the clerk.
    expect(await store.edit('updateProject', { id: 2, name: 'y' })).toBeUndefined();
    expect(errors).toEqual(['只读：修改未保存']);
  });

  it('notices another writer from the heartbeat, refreshes keeping the view, and says so', async () => {
    const { host, store, notices } = setup();
    store.select({ kind: 'project', id: 4 });
    const untouched = store.doc!.data.units[1];
    host.otherWindow(() => (host.project(2)!.name = '别人改的'));
    await store.poll();
    expect(projectName(store.doc!, 2)).toBe('别人改的');
    expect(store.doc!.version).toBe('v2');
    expect(store.selection).toEqual({ kind: 'project', id: 4 });
    expect(store.doc!.data.units[1]).toBe(untouched);
    expect(notices).toEqual([NOTICE_OTHER_WRITER]);
    // Nothing new: no fetch, no notice.
    await store.poll();
    expect(host.calls.filter((c) => c.op === 'getDocument')).toHaveLength(1);
    expect(notices).toHaveLength(1);
  });

  it('notices from the heartbeat that the host is gone, and that it is back', async () => {
    const { host, store } = setup();
    host.down = true;
    await store.poll();
    expect(store.connected).toBe(false);
    expect(store.saveState.kind).toBe('offline');
    host.down = false;
    await store.poll();
    expect(store.connected).toBe(true);
    expect(store.saveState.kind).toBe('saved');
  });

  it('resends text typed over a value the other writer left alone (stale refusal)', async () => {
    const { host, store } = setup();
    // Another window changes another project; this page has not seen it.
    host.otherWindow(() => (host.project(4)!.name = '别处'));
    const r = await store.send('updateProject', { id: 2, name: '我的' }, guard('我的', '培训'));
    expect(r.ok).toBe(true);
    expect(host.project(2)!.name).toBe('我的');
    expect(host.project(4)!.name).toBe('别处');
    expect(host.calls.map((c) => c.op)).toEqual(['updateProject', 'getDocument', 'updateProject']);
  });

  it('never overwrites a value it never saw: a conflict keeps the text for the clerk', async () => {
    const { host, store } = setup();
    host.otherWindow(() => (host.project(2)!.name = '别人的'));
    const r = await store.send('updateProject', { id: 2, name: '我的' }, guard('我的', '培训'));
    expect(r).toMatchObject({ ok: false, code: 'conflict' });
    expect(r.ok ? '' : r.message).toContain('别人的');
    expect(host.project(2)!.name).toBe('别人的');
    expect(projectName(store.doc!, 2)).toBe('别人的');
  });

  it('sends over a value only this page changed meanwhile (a linked value following its source)', async () => {
    const { host, store } = setup();
    // This page's own edit changed the value the field was typed over; no other writer.
    await store.send('updateProject', { id: 2, name: '自己先改的' });
    const r = await store.send('updateProject', { id: 2, name: '再改' }, guard('再改', '培训'));
    expect(r.ok).toBe(true);
    expect(host.project(2)!.name).toBe('再改');
  });

  it('refuses before sending when the heartbeat already showed the value changed', async () => {
    const { host, store } = setup();
    host.otherWindow(() => (host.project(2)!.name = '别人的'));
    await store.poll();
    const r = await store.send('updateProject', { id: 2, name: '我的' }, guard('我的', '培训'));
    expect(r).toMatchObject({ ok: false, code: 'conflict' });
    expect(host.calls.filter((c) => c.op === 'updateProject')).toHaveLength(0);
  });

  it('keeps text typed into a project deleted elsewhere, to copy', async () => {
    const { host, store, lost } = setup();
    host.otherWindow(() => (host.units[0]!.projects = []));
    const r = await store.send(
      'updateProject',
      { id: 2, goal: '要保留的目标' },
      {
        ...guard('要保留的目标', ''),
        read: (doc) =>
          (doc.data.units as unknown as { projects: Project[] }[])
            .flatMap((u) => u.projects)
            .find((p) => p.id === 2)?.goal,
        label: '绩效目标',
      },
    );
    expect(r).toMatchObject({ ok: false, code: 'gone' });
    expect(lost).toEqual([{ label: '绩效目标', text: '要保留的目标' }]);
    expect(store.doc!.data.units[0]!.projects).toHaveLength(0);
  });

  it('a gone refusal from the host also keeps the text (edit without a stale view)', async () => {
    const { host, store, lost } = setup();
    // The page saw the deletion's version but still sends for the project (a race).
    host.units[0]!.projects = [];
    const r = await store.send(
      'updateProject',
      { id: 2, name: 'x' },
      {
        ...guard('x', '培训'),
        read: () => '培训',
      },
    );
    expect(r).toMatchObject({ ok: false, code: 'gone' });
    expect(lost.map((l) => l.text)).toEqual(['x']);
  });

  it('counts invalid or refused text as unsaved and asks before it is left', async () => {
    const { store } = setup();
    let discarded = 0;
    const field: FieldHandle = { flush: () => {}, discard: () => discarded++ };
    store.trackField(field, 'problem');
    expect(store.saveState).toEqual({ kind: 'unsaved', count: 1 });
    expect(store.hasUnsent()).toBe(true);

    const asked: number[] = [];
    store.askLeave = async (n) => (asked.push(n), false);
    store.select({ kind: 'project', id: 4 });
    await sleep(0);
    expect(asked).toEqual([1]);
    expect(store.selection).toBeNull(); // 返回修改: stays
    expect(discarded).toBe(0);

    store.askLeave = async () => true; // 放弃这些输入
    store.select({ kind: 'project', id: 4 });
    await sleep(0);
    expect(store.selection).toEqual({ kind: 'project', id: 4 });
    expect(discarded).toBe(1);
  });

  it('asks before leaving the document with edits the host has not answered; giving up stops them', async () => {
    const { host, store } = setup();
    host.down = true;
    const pending = store.send('updateProject', { id: 2, name: '离线' });
    await sleep(20);
    let asked = 0;
    store.askLeave = async () => (asked++, true);
    expect(await store.mayLeave('document')).toBe(true);
    expect(asked).toBe(1);
    expect(await pending).toMatchObject({ ok: false });
    host.down = false;
    await sleep(30);
    expect(host.project(2)!.name).toBe('培训');
  });

  it('learns from the heartbeat that the document became read-only, and from a refusal that the file was taken over', async () => {
    const { host, store } = setup();
    const api = host.api() as unknown as Record<string, unknown>;
    const getVersion = api.getVersion as () => Promise<VersionInfo>;
    const readOnly = { reason: '只读：已由 张三 打开' };
    const withReadOnly = {
      ...api,
      getVersion: async () => ({ ...(await getVersion()), readOnly }),
      updateProject: async () =>
        unwrap({
          ok: false,
          error: '本文档已被其他程序接管，修改未保存',
          userError: true,
          code: 'lockLost',
        }),
    } as unknown as Api;
    const s2 = new DocStore(withReadOnly, { retryDelays: [5], checkDelay: 60_000 });
    s2.setDocument(store.doc);
    await s2.poll();
    expect(s2.doc!.readOnly).toEqual(readOnly);
    expect(s2.saveState.kind).toBe('readOnly');
    const r = await s2.send('updateProject', { id: 2, name: 'x' });
    expect(r).toMatchObject({ ok: false, code: 'lockLost' });
    expect(s2.lockLost).toBe('本文档已被其他程序接管，修改未保存');
  });

  it('turns both hosts’ answers into results or a HostError with code, holder and version', () => {
    expect(unwrap({ ok: true, result: 7, version: 'v1' })).toBe(7);
    const lock = {
      user: 'zhang',
      host: 'PC-01',
      pid: 1,
      since: '2026-12-02T15:30:00Z',
      refreshed: '2026-12-02T15:30:00Z',
      stale: true,
    };
    let error: unknown;
    try {
      unwrap({
        ok: false,
        error: '已被打开',
        userError: true,
        code: 'locked',
        lock,
        version: 'v9',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).code).toBe('locked');
    expect((error as HostError).lock).toEqual(lock);
    expect((error as HostError).details.version).toBe('v9');
    expect(() => unwrap(undefined)).toThrow(HostError);
  });
});
