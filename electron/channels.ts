import {
  HOST_OPERATIONS,
  type HostOperation,
  type WireResponse,
} from '../db/shared/api/host-contract.ts';
import { DOCUMENT_OPERATIONS, type DocumentOperation } from '../db/shared/api/operations.ts';

/**
 * The whole IPC surface between the page and the main process, as constants shared by the
 * preload and the main process (this file imports nothing from Electron, so the preload bundle
 * and the tests under Node both use it):
 * - one invoke channel per operation, `jxmb:<name>`, page → main;
 * - one event channel, `jxmb:menu`, main → page, carrying a command name from MENU_COMMANDS.
 * There is no other channel, and no channel whose name the page chooses.
 */

export const API_OPERATIONS: readonly (DocumentOperation | HostOperation)[] = [
  ...DOCUMENT_OPERATIONS,
  ...HOST_OPERATIONS,
];

export type ApiOperation = DocumentOperation | HostOperation;

export type ApiChannel = `jxmb:${ApiOperation}`;

export function channelOf<Op extends ApiOperation>(op: Op): `jxmb:${Op}` {
  return `jxmb:${op}`;
}

/** Main → page: menu clicks, as a command name, on this one channel. */
export const MENU_CHANNEL = 'jxmb:menu';

/**
 * What the menu asks the page to do. Each needs the page (a form to fill, a layout to choose,
 * the new state to show); the page answers by calling the matching API function.
 * 最近打开 is not here: the main process opens those files itself.
 */
import type { MenuCommand } from '../db/shared/api/operations.ts';
export { MENU_COMMANDS, isMenuCommand, type MenuCommand } from '../db/shared/api/operations.ts';

/**
 * What the preload exposes as `window.jxmb`: one function per operation, resolving with the
 * main process's wire answer (the page unwraps it), and the menu subscription. The page's type
 * for it (the renderer imports this type only).
 */
export type DesktopApi = {
  [Op in ApiOperation]: (
    payload?: unknown,
    meta?: { readonly baseVersion?: string },
  ) => Promise<WireResponse<unknown>>;
} & {
  /**
   * Calls `callback` with each menu command sent to this window; returns the function that
   * stops it. The callback gets the command name only, never Electron's event object.
   */
  onMenuCommand(callback: (command: MenuCommand) => void): () => void;
};
