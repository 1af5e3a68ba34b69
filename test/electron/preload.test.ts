import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOST_OPERATIONS } from '../../db/shared/api/host-contract.ts';
import { DOCUMENT_OPERATIONS } from '../../db/shared/api/operations.ts';
import { preloadOptions } from '../../electron/build.ts';
import { MENU_CHANNEL, MENU_COMMANDS } from '../../electron/channels.ts';
import { tempDir } from '../helpers.ts';

/**
 * The preload as it ships: built by the project's own esbuild options, then run in a VM
 * context whose `require('electron')` is a stand-in recording what the preload does with
 * contextBridge and ipcRenderer. (Electron cannot run here: ENVIRONMENT.md.)
 */

interface Recorder {
  exposed: { key: string; api: Record<string, unknown> }[];
  invoked: { channel: string; args: unknown[] }[];
  listeners: Map<string, ((...a: unknown[]) => void)[]>;
  requires: string[];
  response: unknown;
}

let code = '';

beforeAll(async () => {
  const outdir = tempDir();
  await build(preloadOptions(outdir));
  code = readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
});

function runPreload(): Recorder {
  const rec: Recorder = {
    exposed: [],
    invoked: [],
    listeners: new Map(),
    requires: [],
    response: { ok: true, result: 'done' },
  };
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: Record<string, unknown>) =>
        rec.exposed.push({ key, api }),
    },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        rec.invoked.push({ channel, args });
        return Promise.resolve(rec.response);
      },
      on: (channel: string, listener: (...a: unknown[]) => void) => {
        rec.listeners.set(channel, [...(rec.listeners.get(channel) ?? []), listener]);
      },
      removeListener: (channel: string, listener: (...a: unknown[]) => void) => {
        rec.listeners.set(
          channel,
          (rec.listeners.get(channel) ?? []).filter((l) => l !== listener),
        );
      },
    },
  };
  const module = { exports: {} };
  const sandboxRequire = (name: string) => {
    rec.requires.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console });
  return rec;
}

const EXPECTED = [...DOCUMENT_OPERATIONS, ...HOST_OPERATIONS, 'onMenuCommand'].sort();

describe('preload', () => {
  it('the bundle requires nothing but electron (a sandboxed preload can have nothing else)', () => {
    const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(runPreload().requires).toEqual(['electron']);
  });

  it('exposes exactly one object, window.jxmb, of exactly the named operations', () => {
    const rec = runPreload();
    expect(rec.exposed).toHaveLength(1);
    const { key, api } = rec.exposed[0]!;
    expect(key).toBe('jxmb');
    expect(Object.keys(api).sort()).toEqual(EXPECTED);
    for (const name of EXPECTED) expect(typeof api[name], name).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    // No generic surface: nothing to invoke/send/listen on a channel of the page's choosing.
    for (const generic of ['invoke', 'send', 'sendSync', 'on', 'once', 'ipcRenderer', 'call']) {
      expect(api).not.toHaveProperty(generic);
    }
  });

  it('each function calls its own fixed channel jxmb:<name>, whatever it is given', async () => {
    const rec = runPreload();
    const api = rec.exposed[0]!.api as Record<string, (p?: unknown) => Promise<unknown>>;
    const operations = [...DOCUMENT_OPERATIONS, ...HOST_OPERATIONS];
    for (const op of operations) {
      rec.invoked.length = 0;
      // Even a payload that looks like another channel, or extra arguments, go to op's channel.
      await expect(api[op]!({ channel: 'jxmb:deleteUnit' })).resolves.toEqual({
        ok: true,
        result: 'done',
      });
      await (api[op] as (...a: unknown[]) => Promise<unknown>)('jxmb:undo', 'jxmb:redo', 'x');
      expect(rec.invoked.map((c) => c.channel)).toEqual([`jxmb:${op}`, `jxmb:${op}`]);
      expect(rec.invoked[0]!.args).toEqual([{ channel: 'jxmb:deleteUnit' }, {}]);
      // The payload and the page's meta, nothing more.
      expect(rec.invoked[1]!.args).toEqual(['jxmb:undo', 'jxmb:redo']);
    }
    // A call without a payload sends an empty object (host functions like hostInfo()).
    rec.invoked.length = 0;
    await api.hostInfo!();
    expect(rec.invoked[0]).toEqual({ channel: 'jxmb:hostInfo', args: [{}, {}] });
  });

  it('passes a refusal through whole, with its code, for the page to unwrap', async () => {
    const rec = runPreload();
    const api = rec.exposed[0]!.api as Record<string, (p?: unknown) => Promise<unknown>>;
    const refusal = { ok: false, error: '文档已在其他窗口中修改', userError: true, code: 'stale' };
    rec.response = refusal;
    await expect(api.updateProject!({ id: 1, name: 'x' })).resolves.toEqual(refusal);
  });

  it('onMenuCommand listens on jxmb:menu only, passes known command names only', () => {
    const rec = runPreload();
    const api = rec.exposed[0]!.api as {
      onMenuCommand(cb: (...a: unknown[]) => void): () => void;
    };
    const got: unknown[][] = [];
    const off = api.onMenuCommand((...args) => got.push(args));
    expect([...rec.listeners.keys()]).toEqual([MENU_CHANNEL]);
    const [listener] = rec.listeners.get(MENU_CHANNEL)!;
    const fakeEvent = { sender: 'ipcRenderer itself', ports: [] };
    for (const command of MENU_COMMANDS) listener!(fakeEvent, command);
    listener!(fakeEvent, 'openDevTools');
    listener!(fakeEvent, { toString: () => 'undo' });
    // The page gets the name alone: never Electron's event object (it would leak ipcRenderer).
    expect(got).toEqual(MENU_COMMANDS.map((c) => [c]));
    off();
    expect(rec.listeners.get(MENU_CHANNEL)).toEqual([]);
    expect(() => api.onMenuCommand('not a function' as never)).toThrow();
  });
});
