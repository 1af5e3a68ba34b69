import { z } from 'zod';
import { toApiError } from '../db/api/session.ts';
import type { HostService } from '../db/service/service.ts';
import { invalidRequest } from '../db/service/payload.ts';
import { NO_DOCUMENT } from '../db/service/targets.ts';
import type { WireResponse } from '../db/shared/api/host-contract.ts';
import { isDocumentOperation, isQueryOperation } from '../db/shared/api/operations.ts';
import { UserError } from '../db/shared/errors.ts';
import { API_OPERATIONS, channelOf, type ApiOperation } from './channels.ts';
import { clientOf, type DocumentWindow, type DocumentWindows } from './documents.ts';
import { documentUrl } from './window.ts';

/**
 * The main process side of the IPC surface: exactly one `ipcMain.handle` per operation, on its
 * own fixed channel `jxmb:<name>`. Every call is checked before anything is touched:
 * 1. the sender: the main frame of a window this app created, showing our own page
 *    (file:///…/out/renderer/index.html) — not a subframe, not a navigated-away page, not the
 *    print preview; anything else is refused;
 * 2. the payload: document operations are validated by EditorSession.call, host operations by
 *    the host service (db/service) — the same schemas and the same code as browser mode;
 * 3. only then does it run, on that window's own document.
 * The answer is the wire shape browser mode uses too: `{ ok: true, result, version }` or
 * `{ ok: false, error, userError, code?, lock?, version }` with a Chinese message and never a
 * stack; the page unwraps it (renderer/src/api.ts), so error codes reach it intact.
 */

/** What of an IPC event is used: who sent it (Electron's IpcMainInvokeEvent has these). */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

export interface InvokeEventLike {
  readonly sender: { readonly id: number; readonly mainFrame: FrameLike };
  readonly senderFrame: FrameLike | null;
}

export type Handler = (
  event: InvokeEventLike,
  payload: unknown,
  meta?: unknown,
) => Promise<WireResponse<unknown>>;

/**
 * What the page may say beside a payload: the document version it last saw. The client (whose
 * undo history an edit joins) is never the page's to choose: it is the window.
 */
const pageMetaSchema = z.object({ baseVersion: z.string().max(80).optional() }).strict();

export interface IpcMainLike {
  handle(channel: string, listener: Handler): void;
  removeHandler(channel: string): void;
}

export const UNTRUSTED_SENDER = '请求来源不可信，已拒绝';

/**
 * The window on whose behalf a call may run, or undefined: the call must come from the main
 * frame (not an iframe) of a window in `windows`, and that frame must show our page.
 */
export function trustedSender<W>(
  event: InvokeEventLike,
  windows: DocumentWindows<W>,
  rendererUrl: string,
): DocumentWindow<W> | undefined {
  const frame = event.senderFrame;
  const main = event.sender.mainFrame;
  if (!frame || frame.parent !== null) return undefined;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return undefined;
  if (documentUrl(frame.url) !== documentUrl(rendererUrl)) return undefined;
  return windows.get(event.sender.id);
}

export interface IpcOptions<W> {
  readonly ipcMain: IpcMainLike;
  readonly windows: DocumentWindows<W>;
  /** The page's URL (jxmb://app/index.html: electron/app-protocol.ts). */
  readonly rendererUrl: string;
  /** Runs the host operations (new, open, 另存为, export…) for the window. */
  readonly service: Pick<HostService<DocumentWindow<W>>, 'call'>;
  /** After each edit that succeeded (the menu shows 撤销“…”); queries change nothing. */
  readonly afterEdit?: (win: DocumentWindow<W>) => void;
}

/** Registers the handlers; returns the channels, for removal (tests, reloads). */
export function registerIpc<W>(options: IpcOptions<W>): string[] {
  const { ipcMain, windows, rendererUrl, service, afterEdit } = options;

  const run = async (op: ApiOperation, win: DocumentWindow<W>, payload: unknown, meta: unknown) => {
    if (isDocumentOperation(op)) {
      if (!win.session) throw new UserError(NO_DOCUMENT);
      const page = pageMetaSchema.safeParse(meta ?? {});
      if (!page.success) throw invalidRequest('调用者信息');
      const result = win.session.call(op, payload, { ...page.data, client: clientOf(win) });
      if (!isQueryOperation(op)) afterEdit?.(win);
      return result;
    }
    return await service.call(win, op, payload);
  };

  const channels: string[] = [];
  for (const op of API_OPERATIONS) {
    const channel = channelOf(op);
    ipcMain.handle(channel, async (event, payload, meta): Promise<WireResponse<unknown>> => {
      const win = trustedSender(event, windows, rendererUrl);
      if (!win) {
        console.warn(`已拒绝 ${channel}：来源 ${event.senderFrame?.url ?? '（无）'}`);
        return { ok: false, error: UNTRUSTED_SENDER, userError: false };
      }
      // Every answer says which version of the document the window now has.
      const version = () => (win.session?.doc.isOpen ? { version: win.session.version } : {});
      try {
        const result = await run(op, win, payload, meta);
        return { ok: true, result, ...version() };
      } catch (e) {
        const error = toApiError(e);
        if (!error.userError) console.error(`${channel} 出错`, e);
        return { ok: false, ...error, ...version() };
      }
    });
    channels.push(channel);
  }
  return channels;
}
