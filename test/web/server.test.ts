import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { BrowserHost } from '../../cli/web/host.ts';
import { newToken } from '../../cli/web/security.ts';
import { startWebServer, type RunningServer } from '../../cli/web/server.ts';
import { ownFixture, tempDir } from '../helpers.ts';
import { ensureRenderer, STATIC } from './web-process.ts';

beforeAll(ensureRenderer);

let running: RunningServer | undefined;
let host: BrowserHost | undefined;
afterEach(async () => {
  await running?.close();
  host?.close();
  running = undefined;
  host = undefined;
});

async function start(withDocument = true) {
  const dir = tempDir();
  const file = path.join(dir, '表.jxmb');
  if (withDocument) {
    writeDraft(
      importPublishedText(readFileSync(ownFixture('small-published.txt'), 'utf8')).draft,
      file,
    );
  }
  host = new BrowserHost(dir, 'test');
  if (withDocument) host.openFromCommandLine(file);
  const token = newToken();
  running = await startWebServer({ host, staticDir: STATIC, token });
  const base = `http://127.0.0.1:${running.port}`;
  const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });
  return { dir, file, token, base, post };
}

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only, on a port the system chose', async () => {
    await start();
    const address = running!.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    expect(running!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('serves the page only with the token, trading it for an HttpOnly cookie', async () => {
    const { base, token } = await start();
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`, { redirect: 'manual' })).status).toBe(403);
    const first = await fetch(`${base}/?token=${token}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${base}/`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain(`<meta name="jxmb-token" content="${token}"`);
  });

  it('refuses calls without the token, or from a foreign Host (DNS rebinding)', async () => {
    const { post, base } = await start();
    expect((await post('/api/getDocument', {}, { Authorization: 'Bearer nope' })).status).toBe(401);
    const noAuth = await fetch(`${base}/api/getDocument`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(noAuth.status).toBe(401);
    // fetch() will not send a forged Host header; use a raw request.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: running!.port,
          path: '/api/getDocument',
          method: 'POST',
          headers: { Host: 'evil.example:80' },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('validates every payload before it touches the store', async () => {
    const { post, file } = await start();
    const before = readFileSync(file);
    for (const [route, body, fragment] of [
      ['/api/updateProject', { id: 1, fiscal: '-1' }, '不能为负数'],
      ['/api/updateProject', { id: 1, fiscal: '1.234' }, '超过 2 位小数'],
      ['/api/updateProject', { id: 1, extra: true }, 'extra'],
      ['/api/addIndicator', { projectId: 1, level2Code: '15' }, '不是本表指标体系'],
      ['/api/deleteUnit', { id: 'all' }, '请求内容无效'],
      ['/api/dropTables', {}, '未知的操作'],
      ['/host/openDocument', { path: 42 }, '请求内容无效'],
    ] as const) {
      const r = await post(route, body);
      expect(r.status, route).toBe(400);
      const json = (await r.json()) as { ok: boolean; error: string };
      expect(json.ok).toBe(false);
      expect(json.error).toContain(fragment);
    }
    const bad = await post('/api/getDocument', {}, { 'Content-Type': 'text/plain' });
    expect(bad.status).toBe(415);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('runs edits through the same session rules and saves them in the file', async () => {
    const { post, file } = await start();
    const state = (await (await post('/api/getDocument', {})).json()) as {
      result: { data: { units: { id: number; projects: { id: number }[] }[] } };
    };
    const projectId = state.result.data.units[0]!.projects[0]!.id;
    const r = await post('/api/updateProject', { id: projectId, fiscal: '12.30', name: '新名称' });
    expect(r.status).toBe(200);
    const undo = (await (await post('/api/undo', {})).json()) as { result: { label: string } };
    expect(undo.result.label).toBe('修改项目');
    await post('/api/redo', {});
    host!.close();
    const doc = TargetDocument.open(file, { readonly: true });
    const p = doc.snapshot().units[0]!.projects[0]!;
    expect(p.name).toBe('新名称');
    expect(p.totals.fiscal).toBe(12_300_000);
    doc.close();
  });

  it('creates, opens and exports documents in its folder', async () => {
    const { post, base, token, dir } = await start(false);
    expect(
      ((await (await post('/host/currentDocument', {})).json()) as { result: unknown }).result,
    ).toBeNull();
    const created = (await (
      await post('/host/newDocument', { department: '某局', year: 2026, tree: 'default' })
    ).json()) as { result: { fileName: string } };
    expect(created.result.fileName).toBe('某局2026年绩效目标表.jxmb');
    expect(existsSync(path.join(dir, '某局2026年绩效目标表.jxmb'))).toBe(true);
    const pdf = await fetch(`${base}/download/export?format=pdf&layout=official`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(decodeURIComponent(pdf.headers.get('content-disposition')!)).toContain(
      '某局2026年绩效目标表.pdf',
    );
    const noToken = await fetch(`${base}/download/export?format=pdf&layout=official`);
    expect(noToken.status).toBe(401);
  });

  it('never serves files outside the renderer folder', async () => {
    const { base, token } = await start();
    const first = await fetch(`${base}/?token=${token}`, { redirect: 'manual' });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json']) {
      const r = await fetch(`${base}${p}`, { headers: { cookie } });
      expect(r.status, p).toBe(404);
    }
  });
});
