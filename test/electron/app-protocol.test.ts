import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../cli/web/security.ts';
import {
  APP_INDEX_URL,
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  appTarget,
  handleAppRequest,
} from '../../electron/app-protocol.ts';
import { requestAllowed } from '../../electron/window.ts';
import { ensureRenderer, STATIC } from '../web/web-process.ts';

/**
 * The page's own protocol (jxmb://app), answered by the handler main.ts registers, with the
 * real built page (out/renderer): what it serves, with which type and policy, and every way of
 * naming a file outside the folder it refuses.
 */

const get = (url: string) => handleAppRequest(STATIC, { method: 'GET', url });

let outside: string;
beforeAll(() => {
  ensureRenderer();
  // A secret beside the renderer's folder, where `..` would lead.
  outside = path.join(STATIC, '..', 'jxmb-secret.txt');
  writeFileSync(outside, 'secret');
});
afterAll(() => rmSync(outside, { force: true }));

describe('the app protocol', () => {
  it('is a standard, secure scheme with a code cache, nothing more', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'jxmb',
      privileges: { standard: true, secure: true, codeCache: true },
    });
    expect(APP_INDEX_URL).toBe('jxmb://app/index.html');
  });

  it('serves index.html with the page’s Content-Security-Policy', async () => {
    for (const url of [APP_INDEX_URL, `${APP_ORIGIN}/`, `${APP_INDEX_URL}?x=1#/doc`]) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toBe(readFileSync(path.join(STATIC, 'index.html'), 'utf8'));
    }
  });

  it('serves every built file with its type, byte for byte', async () => {
    const assets = readdirSync(path.join(STATIC, 'assets'));
    const types: Record<string, string> = {
      '.js': 'text/javascript; charset=utf-8',
      '.css': 'text/css; charset=utf-8',
    };
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    for (const asset of assets) {
      const res = await get(`${APP_ORIGIN}/assets/${asset}`);
      expect(res.status, asset).toBe(200);
      const type = types[path.extname(asset)];
      if (type) expect(res.headers.get('content-type'), asset).toBe(type);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.equals(readFileSync(path.join(STATIC, 'assets', asset))), asset).toBe(true);
    }
  });

  it('every script the page names is served as JavaScript (a module needs its MIME type)', async () => {
    const html = readFileSync(path.join(STATIC, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const res = await get(new URL(src, APP_INDEX_URL).href);
      expect(res.status, src).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    }
  });

  it('answers GET only', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'get']) {
      const res = await handleAppRequest(STATIC, { method, url: APP_INDEX_URL });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
    }
  });

  it('an unknown file, a folder, another host or scheme: 404', async () => {
    for (const url of [
      `${APP_ORIGIN}/nothing.js`,
      `${APP_ORIGIN}/assets`,
      `${APP_ORIGIN}/assets/`,
      'jxmb://other/index.html',
      'file:///etc/passwd',
      'https://app/index.html',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).toMatch(/找不到|不是本程序/);
    }
    expect((await get('not a url')).status).toBe(400);
  });

  it('never leaves the folder: dot segments in any spelling, encoded slashes, drives, NUL', async () => {
    const secret = path.basename(outside);
    for (const url of [
      `${APP_ORIGIN}/../${secret}`,
      `${APP_ORIGIN}/%2e%2e/${secret}`,
      `${APP_ORIGIN}/%2E%2E/${secret}`,
      `${APP_ORIGIN}/.%2e/${secret}`,
      `${APP_ORIGIN}/assets/../../${secret}`,
      `${APP_ORIGIN}/assets%2F..%2F..%2F${secret}`,
      `${APP_ORIGIN}/%2e%2e%2f${secret}`,
      `${APP_ORIGIN}/..%5c${secret}`,
      `${APP_ORIGIN}/..\\${secret}`,
      `${APP_ORIGIN}/%252e%252e/${secret}`,
      `${APP_ORIGIN}/C:%5cWindows%5cwin.ini`,
      `${APP_ORIGIN}/index.html%00.js`,
      `${APP_ORIGIN}/${encodeURIComponent(outside)}`,
      `${APP_ORIGIN}//${outside}`,
      `${APP_ORIGIN}/%`,
    ]) {
      const res = await get(url);
      expect([400, 404], url).toContain(res.status);
      expect(await res.text(), url).not.toContain('secret');
    }
  });

  it('decides from the URL alone: no path it accepts lies outside the folder', () => {
    const root = path.resolve('/srv/app/out/renderer');
    for (const url of [
      `${APP_ORIGIN}/../x`,
      `${APP_ORIGIN}/a/%2e%2e/%2e%2e/x`,
      `${APP_ORIGIN}/a%2f..%2f..%2fx`,
      `${APP_ORIGIN}/a%5c..%5c..%5cx`,
    ]) {
      const target = appTarget(root, { method: 'GET', url });
      if (target.ok) expect(target.file.startsWith(root + path.sep), url).toBe(true);
    }
    expect(appTarget(root, { method: 'GET', url: `${APP_ORIGIN}/assets/a.js` })).toEqual({
      ok: true,
      file: path.join(root, 'assets', 'a.js'),
    });
  });

  it('refuses a link inside the folder that leads out of it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-protocol-'));
    try {
      const renderer = path.join(dir, 'renderer');
      mkdirSync(renderer);
      writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>');
      writeFileSync(path.join(dir, 'secret.txt'), 'secret');
      symlinkSync(path.join(dir, 'secret.txt'), path.join(renderer, 'leak.txt'));
      const res = await handleAppRequest(renderer, {
        method: 'GET',
        url: `${APP_ORIGIN}/leak.txt`,
      });
      expect(res.status).toBe(404);
      expect((await handleAppRequest(renderer, { method: 'GET', url: APP_INDEX_URL })).status).toBe(
        200,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the session lets the page reach its own origin and no other host of the scheme', () => {
    expect(requestAllowed(APP_INDEX_URL, [])).toBe(true);
    expect(requestAllowed(`${APP_ORIGIN}/assets/a.js`, [])).toBe(true);
    expect(requestAllowed('jxmb://other/index.html', [])).toBe(false);
    // The page is no file any more: the renderer's folder is not among the allowed files.
    expect(requestAllowed(`file://${path.join(STATIC, 'index.html')}`, [])).toBe(false);
  });
});
