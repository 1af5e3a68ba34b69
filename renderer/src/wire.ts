import type { DocumentApi } from '../../db/shared/api/contract.ts';
import type { HostApi, WireResponse } from '../../db/shared/api/host-contract.ts';
import type { MenuCommand } from '../../db/shared/api/operations.ts';
import type { ErrorCode, LockHolder } from '../../db/shared/errors.ts';

/**
 * What crosses between the page and its host, without the browser: the page's view of the API,
 * the error it throws, and the one function that turns a host's answer into either. Kept free of
 * DOM globals so the page's logic (the store) runs and is tested under Node with a fake Api.
 */

export type Api = DocumentApi & HostApi;

/** What the Electron preload puts on window: each operation answers with the raw response. */
export type PreloadApi = {
  [Op in keyof Api]: (payload?: unknown, meta?: unknown) => Promise<WireResponse<unknown>>;
} & {
  /** Registers the menu handler; may return a function that unregisters it. */
  onMenuCommand(cb: (command: MenuCommand) => void): (() => void) | void;
};

/** The message when the host cannot be reached at all (server stopped, app closing). */
export const UNREACHABLE = '未保存：与编制器的连接已中断，正在重试';

/** An error from the host (or from trying to reach it), with what the page needs to act. */
export class HostError extends Error {
  override readonly name = 'HostError';
  constructor(
    message: string,
    readonly userError: boolean,
    readonly details: {
      readonly code?: ErrorCode;
      readonly lock?: LockHolder;
      /** The document's version the host reported with the error. */
      readonly version?: string;
      /** True when the host did not answer: the call may be retried, nothing was refused. */
      readonly unreachable?: boolean;
    } = {},
  ) {
    super(message);
  }

  get code(): ErrorCode | undefined {
    return this.details.code;
  }

  get lock(): LockHolder | undefined {
    return this.details.lock;
  }

  get unreachable(): boolean {
    return this.details.unreachable === true;
  }
}

export function unreachable(): HostError {
  return new HostError(UNREACHABLE, false, { unreachable: true });
}

/** The one unwrap for both hosts: a result, or a HostError carrying code, holder and version. */
export function unwrap<T>(response: WireResponse<T> | null | undefined): T {
  if (response && response.ok === true) return response.result;
  if (response && response.ok === false && typeof response.error === 'string') {
    throw new HostError(response.error, response.userError === true, {
      ...(response.code ? { code: response.code } : {}),
      ...(response.lock ? { lock: response.lock } : {}),
      ...(response.version ? { version: response.version } : {}),
    });
  }
  throw new HostError('程序内部错误，操作未完成；请把日志发给开发者', false);
}

export function isUnreachable(e: unknown): boolean {
  return e instanceof HostError && e.unreachable;
}

export function codeOf(e: unknown): ErrorCode | undefined {
  return e instanceof HostError ? e.code : undefined;
}

export function messageOf(e: unknown): string {
  if (e instanceof Error && e.message) return e.message;
  return '操作未完成（未知错误）';
}
