import {
  HOST_OPERATIONS,
  WIRE,
  type ExportFormat,
  type WireResponse,
} from '../../db/shared/api/host-contract.ts';
import {
  DOCUMENT_OPERATIONS,
  isMenuCommand,
  type MenuCommand,
} from '../../db/shared/api/operations.ts';
import { HostError, unreachable, unwrap, type Api, type PreloadApi } from './wire.ts';

/**
 * The one way the page reaches its host. In Electron the preload exposes `window.jxmb`, an object
 * with one function per document and host operation plus `onMenuCommand`, each answering with the
 * raw WireResponse; in browser mode the same calls travel as HTTP to the loopback server (WIRE)
 * and the answers are the same WireResponses. Both go through `unwrap`, so the page sees
 * `DocumentApi & HostApi` and one HostError, and never knows which host it has.
 */

export { isMenuCommand, MENU_COMMANDS, type MenuCommand } from '../../db/shared/api/operations.ts';
export { HostError, type Api, type PreloadApi } from './wire.ts';
/** The page's own commands besides the menu's: 审核 (toolbar, F7). */
export type Command = MenuCommand | 'check';

declare global {
  interface Window {
    jxmb?: PreloadApi;
  }
}

/** Browser mode shows the print preview in the page; the app registers how. */
type PreviewHandler = (url: string, name: string) => void;
let previewHandler: PreviewHandler | undefined;
export function setPreviewHandler(h: PreviewHandler | undefined): void {
  previewHandler = h;
}

let api: Api | undefined;

export function getApi(): Api {
  api ??= window.jxmb ? createPreloadApi(window.jxmb) : createHttpApi();
  return api;
}

export function isElectron(): boolean {
  return window.jxmb !== undefined;
}

/** Subscribes to native menu commands; a no-op in browser mode. */
export function onMenuCommand(cb: (command: MenuCommand) => void): () => void {
  const off = window.jxmb?.onMenuCommand((c) => {
    if (isMenuCommand(c)) cb(c);
  });
  return typeof off === 'function' ? off : () => {};
}

type Call = (payload?: unknown, meta?: { readonly baseVersion?: string }) => Promise<unknown>;

// ---- Electron ----------------------------------------------------------------------------

function createPreloadApi(preload: PreloadApi): Api {
  const client: Record<string, Call> = {};
  for (const op of [...DOCUMENT_OPERATIONS, ...HOST_OPERATIONS]) {
    client[op] = async (payload, meta) => {
      let response: WireResponse<unknown>;
      try {
        // The main process knows the window (the client); the page adds the version it saw.
        response = await preload[op](payload ?? {}, meta?.baseVersion ? meta : undefined);
      } catch {
        throw unreachable();
      }
      return unwrap(response);
    };
  }
  return client as unknown as Api;
}

// ---- browser mode ------------------------------------------------------------------------

function readToken(): string {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${WIRE.tokenMeta}"]`);
  return meta?.content ?? '';
}

const CLIENT_KEY = 'jxmb-client';

/**
 * This page's client id (its own undo history on the host): random per page, kept in
 * sessionStorage so that reloading the tab keeps its history.
 */
export function clientId(): string {
  let id: string | null = null;
  try {
    id = sessionStorage.getItem(CLIENT_KEY);
  } catch {
    // storage blocked: one id for this load
  }
  if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    try {
      sessionStorage.setItem(CLIENT_KEY, id);
    } catch {
      // as above
    }
  }
  return id;
}

/** Keepalive lets an edit sent while the page closes still arrive; its budget is 64 KiB. */
const KEEPALIVE_LIMIT = 32 * 1024;

function createHttpApi(): Api {
  const token = readToken();
  const headers: Record<string, string> = {
    Authorization: `Bearer ${token}`,
    [WIRE.clientHeader]: clientId(),
  };

  /** The server's answer as a WireResponse; a host that does not answer is `unreachable`. */
  async function post(
    path: string,
    payload: unknown,
    baseVersion: string | undefined,
  ): Promise<WireResponse<unknown>> {
    // The server takes only JSON objects: `{}` when there is nothing to say.
    const body = JSON.stringify(payload ?? {});
    let response: Response;
    try {
      response = await fetch(path, {
        method: 'POST',
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          ...(baseVersion ? { [WIRE.baseVersionHeader]: baseVersion } : {}),
        },
        body,
        keepalive: body.length < KEEPALIVE_LIMIT,
      });
    } catch {
      throw unreachable();
    }
    // Not our server (another program on the port, or one that no longer knows our token):
    // as good as no answer, and retried as such.
    if (response.status === 401) throw unreachable();
    try {
      return (await response.json()) as WireResponse<unknown>;
    } catch {
      throw unreachable();
    }
  }

  async function download(
    format: ExportFormat,
    layout: string,
  ): Promise<{ blob: Blob; name: string }> {
    const url = `${WIRE.exportPath}?${new URLSearchParams({ format, layout })}`;
    let response: Response;
    try {
      response = await fetch(url, { headers });
    } catch {
      throw unreachable();
    }
    if (!response.ok) {
      let message = `导出失败（HTTP ${response.status}）`;
      try {
        const body = (await response.json()) as WireResponse<unknown>;
        if (!body.ok) message = body.error;
      } catch {
        // not JSON: keep the generic message
      }
      throw new HostError(message, false);
    }
    const blob = await response.blob();
    const name =
      fileNameFrom(response.headers.get('Content-Disposition')) ?? `绩效目标表.${format}`;
    return { blob, name };
  }

  const client: Record<string, Call> = {};
  for (const op of DOCUMENT_OPERATIONS) {
    client[op] = async (payload, meta) =>
      unwrap(await post(WIRE.documentPath(op), payload, meta?.baseVersion));
  }
  for (const op of HOST_OPERATIONS) {
    client[op] = async (payload) => unwrap(await post(WIRE.hostPath(op), payload, undefined));
  }

  client.exportDocument = async (payload) => {
    const { format, layout } = payload as { format: ExportFormat; layout: string };
    const { blob, name } = await download(format, layout);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.style.display = 'none';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return { name };
  };

  client.printPreview = async (payload) => {
    const { layout } = payload as { layout: string };
    const { blob, name } = await download('pdf', layout);
    const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
    if (previewHandler) previewHandler(url, name);
    else window.open(url, '_blank', 'noopener');
  };

  return client as unknown as Api;
}

/** The file name of a Content-Disposition header, preferring the UTF-8 form. */
export function fileNameFrom(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim() || undefined;
}
