import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { WireResponse } from '../db/shared/api/host-contract.ts';
import {
  API_OPERATIONS,
  channelOf,
  isMenuCommand,
  MENU_CHANNEL,
  type ApiOperation,
  type DesktopApi,
  type MenuCommand,
} from './channels.ts';

/**
 * The preload: the page's only way to the main process. It runs sandboxed, with context
 * isolation, and exposes exactly one object, `window.jxmb`, made of named functions:
 * - one per document and host operation (DOCUMENT_OPERATIONS ∪ HOST_OPERATIONS), each calling
 *   `ipcRenderer.invoke` on its own fixed channel `jxmb:<name>` with the payload and the page's
 *   meta (the document version it last saw) and resolving with the main process's answer as it
 *   is, `{ ok, result | error, code, lock, version }`: errors thrown through the context bridge
 *   would lose everything but their message, and the page needs the code (stale, locked…);
 * - `onMenuCommand(callback)`, the one listener, on the one fixed channel `jxmb:menu`: the
 *   callback receives a command name from MENU_COMMANDS (新建, 打开, 另存为, 导出 Word/PDF/Excel,
 *   打印预览, 撤销, 重做, 更换指标体系) and nothing else.
 * Nothing else is exposed: not ipcRenderer, no invoke/send/on taking a channel name, no Node.
 * The main process checks every call again (sender, payload), so this file is a convenience
 * for the page, not the security boundary.
 */

function operation(
  op: ApiOperation,
): (payload?: unknown, meta?: unknown) => Promise<WireResponse<unknown>> {
  const channel = channelOf(op);
  return (payload?: unknown, meta?: unknown) =>
    ipcRenderer.invoke(channel, payload ?? {}, meta ?? {}) as Promise<WireResponse<unknown>>;
}

function onMenuCommand(callback: (command: MenuCommand) => void): () => void {
  if (typeof callback !== 'function') throw new TypeError('onMenuCommand 需要一个函数');
  const listener = (_event: IpcRendererEvent, command: unknown) => {
    if (isMenuCommand(command)) callback(command);
  };
  ipcRenderer.on(MENU_CHANNEL, listener);
  return () => {
    ipcRenderer.removeListener(MENU_CHANNEL, listener);
  };
}

const api = Object.freeze({
  ...Object.fromEntries(API_OPERATIONS.map((op) => [op, operation(op)])),
  onMenuCommand,
}) as unknown as DesktopApi;

contextBridge.exposeInMainWorld('jxmb', api);
