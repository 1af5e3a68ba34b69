import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../cli/web/security.ts';

/**
 * The app's own protocol, from which the window loads the page (out/renderer) instead of
 * file://: a page on file:// may read other local files and shares one origin with every file
 * on the disk; a page on `jxmb://app` is an origin of its own, served only what this handler
 * gives it. Item 18 of Electron's security checklist; with it the `grantFileProtocolExtraPrivileges`
 * fuse is off (build/electron-builder.yml).
 *
 * The handler is a plain function of the request (method, URL) and the renderer's folder, so it
 * is tested under Node with the real built files; main.ts registers it with `protocol.handle`.
 */

export const APP_SCHEME = 'jxmb';
/** A standard scheme's URLs need a host; there is only this one. */
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads, and the only page whose frames the main process answers (ipc.ts). */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * Registered before the app is ready (protocol.registerSchemesAsPrivileged). `standard`: the
 * page has a real origin, relative URLs resolve, its scripts load as modules; `secure`: it is a
 * secure context, as https would be; `codeCache`: V8 keeps the page's compiled scripts between
 * starts, as it does for http(s) pages, so the second start compiles less. Nothing else: the
 * page fetches nothing (it reaches the main process through the preload), needs no CORS, no
 * service worker, and no CSP bypass.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, codeCache: true },
};

/** What the built page is made of (Vite's output), by extension. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** The headers of every answer: the page's policy (as its <meta> says), no sniffing, no framing. */
const HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
};

export interface AppRequest {
  readonly method: string;
  readonly url: string;
}

/** Where a request leads: a file inside the renderer's folder, or why not. */
export type AppTarget =
  | { readonly ok: true; readonly file: string }
  | { readonly ok: false; readonly status: 400 | 404 | 405; readonly reason: string };

/**
 * The file of `rendererDir` a request names, decided from the URL alone. Refused: another
 * method than GET, another scheme or host, and any path that is not plain names below the
 * folder — `..` or `.` in any spelling (`%2e%2e`), an encoded `/` or `\` inside a name, a
 * drive or stream name (`C:`), a NUL. `/` is index.html.
 */
export function appTarget(rendererDir: string, request: AppRequest): AppTarget {
  if (request.method !== 'GET') return { ok: false, status: 405, reason: '只接受 GET 请求' };
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { ok: false, status: 400, reason: '地址无效' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return { ok: false, status: 404, reason: '不是本程序的地址' };
  }
  // The raw path, before any normalisation a URL parser may or may not have done.
  const raw = url.pathname === '/' ? '/index.html' : url.pathname;
  const names: string[] = [];
  for (const segment of raw.split('/').slice(1)) {
    let name: string;
    try {
      name = decodeURIComponent(segment);
    } catch {
      return { ok: false, status: 400, reason: '地址中的编码无效' };
    }
    if (name === '' || name === '.' || name === '..' || /[/\\:\0]/.test(name)) {
      return { ok: false, status: 404, reason: '找不到该文件' };
    }
    names.push(name);
  }
  const root = path.resolve(rendererDir);
  const file = path.join(root, ...names);
  if (!isInside(root, file)) return { ok: false, status: 404, reason: '找不到该文件' };
  return { ok: true, file };
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * The answer to a request of the page: the file with its type and the page's headers, or a
 * short refusal (400, 404, 405). A file must be a regular file that is inside the folder also
 * once links are followed.
 */
export async function handleAppRequest(
  rendererDir: string,
  request: AppRequest,
): Promise<Response> {
  const target = appTarget(rendererDir, request);
  if (!target.ok) return refusal(target.status, target.reason);
  try {
    const [root, file] = await Promise.all([realpath(rendererDir), realpath(target.file)]);
    if (!isInside(root, file) || !(await stat(file)).isFile()) {
      return refusal(404, '找不到该文件');
    }
    const body = await readFile(file);
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(body, { status: 200, headers: { ...HEADERS, 'Content-Type': type } });
  } catch {
    return refusal(404, '找不到该文件');
  }
}

function refusal(status: number, reason: string): Response {
  const headers: Record<string, string> = {
    ...HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
  };
  if (status === 405) headers.Allow = 'GET';
  return new Response(reason, { status, headers });
}
