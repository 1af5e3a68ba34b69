import { readFileSync, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { callMetaSchema, type CallMeta } from '../../db/shared/api/contract.ts';
import { WIRE } from '../../db/shared/api/host-contract.ts';
import { toApiError } from '../../db/api/session.ts';
import { UserError } from '../../db/shared/errors.ts';
import { NO_DOCUMENT } from '../../db/service/targets.ts';
import type { BrowserHost } from './host.ts';
import {
  bearer,
  CONTENT_SECURITY_POLICY,
  cookie,
  hostAllowed,
  sameSecret,
  SECURITY_HEADERS,
  tokenCookie,
} from './security.ts';

/**
 * Browser mode's HTTP server: the built renderer as files, and the same operations the Electron
 * preload exposes, as POST /api/<operation> and /host/<operation> with JSON object bodies. Bound
 * to 127.0.0.1 on the first free port of those it is given; see security.ts for who may talk to
 * it. Every answer to a call carries the open document's version, so a page learns of another
 * writer from any reply.
 */

const MAX_BODY = 2 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

export interface WebServerOptions {
  readonly host: BrowserHost;
  readonly staticDir: string;
  readonly token: string;
  /**
   * Ports to try in order, the first free one is used; 0: let the system choose. A single
   * port that is taken is an error (the clerk asked for it); default [0].
   */
  readonly ports?: readonly number[];
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** The address to open, with the token: printed once at start. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<RunningServer> {
  const { host, staticDir, token } = options;
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    throw new UserError(
      `找不到界面文件（${staticDir}）：请先运行 npm run build:renderer，或用 npm run web 启动`,
    );
  }
  let port = 0;
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, ...toApiError(e) });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!hostAllowed(req, port)) return text(res, 403, '拒绝访问：地址不符');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    // The first visit carries the token in the address; trade it for a cookie, then drop it
    // from the address bar (and from the history) by redirecting.
    const fromQuery = url.searchParams.get('token') ?? undefined;
    if (req.method === 'GET' && url.pathname === '/' && fromQuery !== undefined) {
      if (!sameSecret(fromQuery, token)) return text(res, 403, '拒绝访问：令牌无效');
      res.setHeader(
        'Set-Cookie',
        `${tokenCookie(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      );
      res.writeHead(303, { Location: '/' });
      return void res.end();
    }

    const isCall = url.pathname.startsWith('/api/') || url.pathname.startsWith('/host/');
    if (isCall || url.pathname === WIRE.exportPath) {
      // Calls must carry the token as a header: a cookie alone would let another site's page
      // make the browser call us (CSRF).
      if (!sameSecret(bearer(req), token)) return send(res, 401, unauthorised());
      if (isCall) return call(req, res, url.pathname);
      return download(res, url);
    }

    if (!sameSecret(cookie(req, tokenCookie(port)), token)) {
      return text(res, 401, '请使用启动时显示的完整地址（含 token）打开本页面');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, '不支持的请求');
    return serveFile(res, url.pathname);
  }

  async function call(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    // Whatever happens, the answer says which version of the document is open now.
    const answer = (status: number, body: object) =>
      send(res, status, { ...body, ...versionField() });
    if (req.method !== 'POST')
      return answer(405, { ok: false, error: '只接受 POST', userError: true });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return answer(415, { ok: false, error: '请求格式应为 JSON', userError: true });
    }
    let payload: object;
    let meta: CallMeta;
    try {
      const body = await readBody(req);
      meta = callMeta(req);
      payload = parseObject(body);
    } catch (e) {
      return answer(400, { ok: false, ...toApiError(e) });
    }
    const [, kind, op = ''] = pathname.split('/');
    try {
      let result: unknown;
      if (kind === 'host') {
        result = await host.call(op, payload, meta.client);
      } else {
        const session = host.current;
        if (!session) throw new UserError(NO_DOCUMENT);
        result = session.call(op, payload, meta);
      }
      answer(200, { ok: true, result: result ?? null });
    } catch (e) {
      const error = toApiError(e);
      if (!error.userError) console.error(e);
      answer(error.userError ? 400 : 500, { ok: false, ...error });
    }
  }

  function versionField(): { version?: string } {
    try {
      const version = host.current?.version;
      return version === undefined ? {} : { version };
    } catch {
      // A document whose file went away has no version to tell; the answer itself says why.
      return {};
    }
  }

  /** The export's bytes, as a download: the host service checks the request and names the file. */
  async function download(res: ServerResponse, url: URL): Promise<void> {
    const { searchParams: q } = url;
    try {
      const file = await host.exportFile({
        format: q.get('format') ?? undefined,
        layout: q.get('layout') ?? undefined,
      });
      res.writeHead(200, {
        'Content-Type': file.mime,
        'Content-Length': file.bytes.length,
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      });
      res.end(file.bytes);
    } catch (e) {
      const error = toApiError(e);
      if (!error.userError) console.error(e);
      send(res, error.userError ? 400 : 500, { ok: false, ...error });
    }
  }

  function serveFile(res: ServerResponse, pathname: string): void {
    const relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    const file = path.resolve(staticDir, `.${relative}`);
    if (
      !file.startsWith(path.resolve(staticDir) + path.sep) ||
      !existsSync(file) ||
      !statSync(file).isFile()
    ) {
      return text(res, 404, '找不到该页面');
    }
    let body: Buffer | string = readFileSync(file);
    if (path.basename(file) === 'index.html') {
      // The page learns the token for its API calls from here (the cookie is HttpOnly).
      body = body
        .toString('utf8')
        .replace('<head>', `<head>\n    <meta name="${WIRE.tokenMeta}" content="${token}" />`);
      res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  }

  await listenOnFirstFree(server, options.ports ?? [0]);
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Listens on the first of `ports` that is free. A port named alone (--port) must be free; in a
 * list, a taken one (another program, another server of ours) just moves on to the next.
 */
async function listenOnFirstFree(server: Server, ports: readonly number[]): Promise<void> {
  for (const [i, port] of ports.entries()) {
    try {
      await new Promise<void>((resolve, reject) => {
        const fail = (e: Error) => reject(e);
        server.once('error', fail);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', fail);
          resolve();
        });
      });
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const busy = code === 'EADDRINUSE' || code === 'EACCES';
      if (busy && i < ports.length - 1) continue;
      if (busy) throw new UserError(`端口 ${port} 已被占用或不可使用：请换一个端口（--port）`);
      throw e;
    }
  }
}

/** The caller's identity and the version it last saw, from the request headers. */
function callMeta(req: IncomingMessage): CallMeta {
  const client = header(req, WIRE.clientHeader);
  const baseVersion = header(req, WIRE.baseVersionHeader);
  const parsed = callMetaSchema.safeParse({
    // A caller that does not say who it is (a script, an older page) shares one history.
    client: client ?? 'page',
    ...(baseVersion === undefined ? {} : { baseVersion }),
  });
  if (!parsed.success) {
    const which =
      parsed.error.issues[0]?.path[0] === 'client' ? WIRE.clientHeader : WIRE.baseVersionHeader;
    throw new UserError(`请求头 ${which} 无效`);
  }
  return parsed.data;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Every call's body is one JSON object: not empty, not null, not an array or a bare value. */
function parseObject(body: string): object {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    if (body.trim() === '') throw new UserError('请求内容应为 JSON 对象');
    throw new UserError('请求内容不是有效的 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError('请求内容应为 JSON 对象');
  }
  return value;
}

function unauthorised() {
  return { ok: false, error: '未授权的请求（缺少或错误的令牌）', userError: true };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(json);
}

function text(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new UserError('请求内容过大'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
