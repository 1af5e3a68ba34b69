import type { DocumentApi } from '../../db/api/contract.ts';
import {
  HOST_OPERATIONS,
  WIRE,
  type ExportFormat,
  type HostApi,
  type WireResponse,
} from '../../db/api/host-contract.ts';
import { DOCUMENT_OPERATIONS, isMenuCommand, type MenuCommand } from '../../db/api/operations.ts';

/**
 * The one way the page reaches its host. In Electron the preload exposes `window.jxmb`, an object
 * with one function per document and host operation plus `onMenuCommand`; in browser mode the
 * same calls travel as HTTP to the loopback server (WIRE). Either way the page sees
 * `DocumentApi & HostApi` and never knows which.
 */

export { isMenuCommand, MENU_COMMANDS, type MenuCommand } from '../../db/api/operations.ts';
/** The page's own commands besides the menu's: 审核 (toolbar, F7). */
export type Command = MenuCommand | 'check';

export type Api = DocumentApi & HostApi;

/** What the Electron preload puts on window. */
export interface PreloadApi extends Api {
  /** Registers the menu handler; may return a function that unregisters it. */
  onMenuCommand(cb: (command: MenuCommand) => void): (() => void) | void;
}

declare global {
  interface Window {
    jxmb?: PreloadApi;
  }
}

/** An error from the host, carrying the Chinese message meant for the clerk. */
export class HostError extends Error {
  constructor(
    message: string,
    readonly userError: boolean,
  ) {
    super(message);
    this.name = 'HostError';
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
  api ??= window.jxmb ?? createHttpApi();
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

// ---- browser mode ------------------------------------------------------------------------

function readToken(): string {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${WIRE.tokenMeta}"]`);
  return meta?.content ?? '';
}

/** Keepalive lets an edit sent while the page closes still arrive; its budget is 64 KiB. */
const KEEPALIVE_LIMIT = 32 * 1024;

function createHttpApi(): Api {
  const token = readToken();
  const headers = { Authorization: `Bearer ${token}` };

  async function post(path: string, payload: unknown): Promise<unknown> {
    const body = JSON.stringify(payload ?? {});
    let response: Response;
    try {
      response = await fetch(path, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body,
        keepalive: body.length < KEEPALIVE_LIMIT,
      });
    } catch {
      throw new HostError('无法连接本机服务：请确认编制器仍在运行，然后刷新页面', false);
    }
    let parsed: WireResponse<unknown>;
    try {
      parsed = (await response.json()) as WireResponse<unknown>;
    } catch {
      throw new HostError(`本机服务返回了无法识别的内容（HTTP ${response.status}）`, false);
    }
    if (!parsed.ok) throw new HostError(parsed.error, parsed.userError);
    return parsed.result;
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
      throw new HostError('无法连接本机服务：请确认编制器仍在运行，然后刷新页面', false);
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
      fileNameFrom(response.headers.get('Content-Disposition')) ??
      `绩效目标表.${format === 'pdf' ? 'pdf' : 'docx'}`;
    return { blob, name };
  }

  const client: Record<string, (payload?: unknown) => Promise<unknown>> = {};
  for (const op of DOCUMENT_OPERATIONS) {
    client[op] = (payload) => post(WIRE.documentPath(op), payload);
  }
  for (const op of HOST_OPERATIONS) {
    client[op] = (payload) => post(WIRE.hostPath(op), payload);
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
