import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentState } from '../../db/shared/api/contract.ts';
import { HOST_OPERATIONS, type WireResponse } from '../../db/shared/api/host-contract.ts';
import { DOCUMENT_OPERATIONS } from '../../db/shared/api/operations.ts';
import { EditorSession } from '../../db/api/session.ts';
import { API_OPERATIONS } from '../../electron/channels.ts';
import { DocumentWindows, type DocumentWindow } from '../../electron/documents.ts';
import { ElectronHost } from '../../electron/host.ts';
import {
  registerIpc,
  trustedSender,
  UNTRUSTED_SENDER,
  type Handler,
  type InvokeEventLike,
} from '../../electron/ipc.ts';
import { RecentDocuments } from '../../electron/recent.ts';
import { tempDir } from '../helpers.ts';
import {
  addWindow,
  eventFrom,
  FakeDesktop,
  makeDocument,
  RENDERER_URL,
  type FakeWindow,
} from './fakes.ts';

/**
 * The main process's IPC handlers on a real document. Only the IPC plumbing is a stand-in
 * (Electron cannot run here): a fake ipcMain that keeps the handlers, and events shaped like
 * Electron's IpcMainInvokeEvent. Payloads and answers go through structuredClone, as they do
 * between processes.
 */

class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  async invoke(channel: string, event: InvokeEventLike, payload: unknown) {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await handler(event, structuredClone(payload))) as WireResponse<unknown>;
  }
}

let dir: string;
let file: string;
let ipc: FakeIpcMain;
let windows: DocumentWindows<FakeWindow>;
let win: DocumentWindow<FakeWindow>;
let empty: DocumentWindow<FakeWindow>;
let desktop: FakeDesktop;
let operations: number;

beforeEach(() => {
  dir = tempDir();
  file = makeDocument(path.join(dir, '表.jxmb'));
  ipc = new FakeIpcMain();
  windows = new DocumentWindows();
  win = addWindow(windows, 'doc', EditorSession.open(file));
  empty = addWindow(windows, 'start');
  desktop = new FakeDesktop(dir);
  const recent = new RecentDocuments(path.join(dir, 'user', 'recent.json'));
  const host = new ElectronHost(windows, recent, desktop);
  operations = 0;
  registerIpc({
    ipcMain: ipc,
    windows,
    rendererUrl: RENDERER_URL,
    service: host.service,
    afterEdit: () => operations++,
  });
  return () => windows.closeAll();
});

const department = () => (win.session!.state() as DocumentState).data.department;

describe('IPC handlers', () => {
  it('one handler per operation, on its own channel, and no other', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(
      [...DOCUMENT_OPERATIONS, ...HOST_OPERATIONS].map((op) => `jxmb:${op}`).sort(),
    );
    expect(API_OPERATIONS).toHaveLength(DOCUMENT_OPERATIONS.length + HOST_OPERATIONS.length);
  });

  it('runs document operations on the sending window’s own document', async () => {
    const r = await ipc.invoke('jxmb:setDepartment', eventFrom(win), { department: '区财政局' });
    expect(r.ok).toBe(true);
    expect(department()).toBe('区财政局');
    expect(operations).toBe(1);
    const state = await ipc.invoke('jxmb:getDocument', eventFrom(win), {});
    expect(state).toMatchObject({ ok: true, result: { fileName: '表.jxmb' } });
    await ipc.invoke('jxmb:checkDocument', eventFrom(win), {});
    // Queries change nothing: the menu (撤销“…”) is refreshed after edits only.
    expect(operations).toBe(1);
    const undo = await ipc.invoke('jxmb:undo', eventFrom(win), {});
    expect(undo).toMatchObject({ ok: true, result: { label: '修改部门名称' } });
    expect(department()).toBe('区委组织部');
    expect(operations).toBe(2);
  });

  it('answers host operations for the sending window', async () => {
    expect(await ipc.invoke('jxmb:hostInfo', eventFrom(win), {})).toEqual({
      ok: true,
      result: { mode: 'electron', version: '9.9.9' },
      // The window's document version rides on every answer.
      version: win.session!.version,
    });
    expect(await ipc.invoke('jxmb:currentDocument', eventFrom(empty), {})).toEqual({
      ok: true,
      result: null,
    });
    const layouts = await ipc.invoke('jxmb:listLayouts', eventFrom(win), {});
    expect(layouts).toMatchObject({
      ok: true,
      result: expect.arrayContaining([expect.anything()]),
    });
  });

  it('refuses every operation from a sender that is not one of our pages', async () => {
    const stranger = { ...win, webContentsId: 999 } as DocumentWindow<FakeWindow>;
    const untrusted: [string, InvokeEventLike][] = [
      ['unknown window', eventFrom(stranger)],
      ['iframe', eventFrom(win, { parent: { url: RENDERER_URL }, routingId: 99 })],
      ['subframe of our own page', eventFrom(win, { routingId: 99 })],
      ['navigated away', eventFrom(win, { url: 'https://example.com/' })],
      ['other local file', eventFrom(win, { url: 'file:///tmp/evil.html' })],
      ['print preview PDF', eventFrom(win, { url: 'file:///tmp/jxmb-preview-1/表.pdf' })],
      ['destroyed frame', { ...eventFrom(win), senderFrame: null }],
    ];
    for (const op of API_OPERATIONS) {
      for (const [why, event] of untrusted) {
        const r = await ipc.invoke(`jxmb:${op}`, event, { department: '被篡改' });
        expect(r, `${op} from ${why}`).toEqual({
          ok: false,
          error: UNTRUSTED_SENDER,
          userError: false,
        });
      }
    }
    expect(department()).toBe('区委组织部');
    expect(desktop.dialogs).toHaveLength(0);
    expect(operations).toBe(0);
  });

  it('accepts our page whatever its fragment', () => {
    expect(
      trustedSender(eventFrom(win, { url: `${RENDERER_URL}#/x` }), windows, RENDERER_URL),
    ).toBe(win);
  });

  it('refuses bad payloads with a Chinese message, before the store is touched', async () => {
    const bad: [string, unknown][] = [
      ['setDepartment', { department: 42 }],
      ['setDepartment', { department: 'x', extra: true }],
      ['setDepartment', { department: 'x'.repeat(501) }],
      ['setYear', { year: '2025' }],
      ['deleteUnit', { id: -1 }],
      ['updateProject', { id: 1, fiscal: 12 }],
      ['addIndicator', { projectId: 1, level2Code: "11'; DROP TABLE unit;--" }],
      ['setDepartment', 'a string'],
      ['setDepartment', [1, 2]],
    ];
    for (const [op, payload] of bad) {
      const r = await ipc.invoke(`jxmb:${op}`, eventFrom(win), payload);
      expect(r.ok, `${op} ${JSON.stringify(payload)}`).toBe(false);
      if (!r.ok) {
        expect(r.userError).toBe(true);
        expect(r.error).toMatch(/^请求内容无效/);
      }
    }
    expect(department()).toBe('区委组织部');
    expect(win.session!.state().history).toEqual({});
    expect(operations).toBe(0);
  });

  it('refuses bad host payloads before any dialog opens', async () => {
    const bad: [string, unknown][] = [
      ['newDocument', { department: '区委', year: 2025 }],
      ['newDocument', { department: '区委', year: 2025, tree: 'default', path: '' }],
      ['openDocument', { path: 123 }],
      ['openDocument', { path: '/etc/passwd', follow: true }],
      ['saveAs', { path: 'x'.repeat(5000) }],
      ['exportDocument', { format: 'exe', layout: 'official' }],
      ['printPreview', { layout: 3 }],
      ['hostInfo', { anything: 1 }],
    ];
    for (const [op, payload] of bad) {
      const r = await ipc.invoke(`jxmb:${op}`, eventFrom(win), payload);
      expect(r, `${op} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, userError: true });
      if (!r.ok) expect(r.error).toMatch(/^请求内容无效/);
    }
    expect(desktop.dialogs).toHaveLength(0);
  });

  it('a window without a document gets a clear message for document operations', async () => {
    const r = await ipc.invoke('jxmb:getDocument', eventFrom(empty), {});
    expect(r).toEqual({
      ok: false,
      error: '没有打开的文档：请先新建或打开一个文档',
      userError: true,
    });
  });

  it('a fault of the program crosses as a generic message, never a stack', async () => {
    win.session!.close();
    const r = await ipc.invoke('jxmb:getDocument', eventFrom(win), {});
    expect(r).toMatchObject({ ok: false, userError: false });
    if (!r.ok) expect(r.error).not.toMatch(/at |\.ts|Error/);
  });
});
