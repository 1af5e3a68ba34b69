import { copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureRenderer,
  fileTempDir,
  startWeb,
  writeSmallDocument,
  type WebRun,
} from './web-process.ts';

/**
 * Browser mode works in the folder it was started in: every path a page sends (打开, 另存为,
 * 新建, 由上年文件新建's source and target) must lead inside it, also through symlinks; and
 * every request body must be a JSON object. One real `jxmb web` process, real files and links.
 */

beforeAll(ensureRenderer);

let run: WebRun;
let work: string;
let outside: string;
const outsideDoc = () => path.join(outside, '外.jxmb');

beforeAll(async () => {
  const base = fileTempDir();
  work = path.join(base, 'work');
  outside = path.join(base, 'outside');
  mkdirSync(path.join(work, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeSmallDocument(outsideDoc());
  writeSmallDocument(path.join(work, '内.jxmb'));
  copyFileSync(outsideDoc(), path.join(work, 'sub', '上年.jxmb'));
  // Links out of the folder (a folder link and a file link), one whose target is missing, and
  // one that stays inside.
  symlinkSync(outside, path.join(work, 'link-out'), 'dir');
  symlinkSync(outsideDoc(), path.join(work, '外链.jxmb'), 'file');
  symlinkSync(path.join(outside, '不存在.jxmb'), path.join(work, '悬空.jxmb'), 'file');
  symlinkSync(path.join(work, 'sub'), path.join(work, 'link-in'), 'dir');
  run = await startWeb([], { cwd: work, stateDir: path.join(base, 'state') });
});
afterAll(async () => {
  await run?.stop();
});

function refusesOutside(r: Awaited<ReturnType<WebRun['post']>>, what: string) {
  expect(r.status, what).toBe(400);
  expect(r.json.ok, what).toBe(false);
  expect(r.json.error, what).toContain('不在浏览器模式的工作文件夹');
  expect(r.json.error, what).toContain(work);
}

const escapes = () => [
  '../outside/外.jxmb',
  outsideDoc(),
  'link-out/外.jxmb',
  '外链.jxmb',
  'sub/../../outside/外.jxmb',
];

describe('browser mode stays in its folder', () => {
  it('打开 refuses ../, absolute paths and links pointing out', async () => {
    for (const p of escapes()) refusesOutside(await run.post('/host/openDocument', { path: p }), p);
    expect((await run.post('/host/currentDocument')).json.result).toBeNull();
  });

  it('新建 refuses a target outside, also through a link or a dangling link', async () => {
    for (const p of ['../outside/新', path.join(outside, '新'), 'link-out/新', '悬空']) {
      const r = await run.post('/host/newDocument', {
        department: '某局',
        year: 2026,
        tree: 'default',
        path: p,
      });
      if (p === '悬空') {
        expect(r.status, p).toBe(400);
        expect(r.json.error, p).toContain('链接');
      } else refusesOutside(r, p);
    }
    expect(readdirSync(outside).sort()).toEqual(['外.jxmb']);
  });

  it('由上年文件新建 refuses a source or a target outside', async () => {
    for (const source of escapes()) {
      refusesOutside(
        await run.post('/host/newFromPrevious', { source, keepAmounts: false }),
        `source ${source}`,
      );
    }
    for (const target of ['../outside/新', path.join(outside, '新'), 'link-out/新']) {
      refusesOutside(
        await run.post('/host/newFromPrevious', {
          source: 'sub/上年.jxmb',
          keepAmounts: false,
          path: target,
        }),
        `target ${target}`,
      );
    }
    expect(readdirSync(outside).sort()).toEqual(['外.jxmb']);
  });

  it('另存为 refuses a target outside; inside (also through an inner link) works', async () => {
    const opened = await run.post('/host/openDocument', { path: '内.jxmb' });
    expect(opened.status).toBe(200);
    for (const p of ['../outside/副本', path.join(outside, '副本'), 'link-out/副本', '外链.jxmb']) {
      refusesOutside(await run.post('/host/saveAs', { path: p }), p);
    }
    const dangling = await run.post('/host/saveAs', { path: '悬空.jxmb' });
    expect(dangling.status).toBe(400);
    expect(readdirSync(outside).sort()).toEqual(['外.jxmb']);
    // The page's relative paths inside the folder still work, links within it too.
    const copy = await run.post('/host/saveAs', { path: 'link-in/副本' });
    expect(copy.status).toBe(200);
    expect(existsSync(path.join(work, 'sub', '副本.jxmb'))).toBe(true);
    const next = await run.post('/host/newFromPrevious', {
      source: 'sub/上年.jxmb',
      keepAmounts: false,
      path: 'sub/下年',
    });
    expect(next.status).toBe(200);
    expect(existsSync(path.join(work, 'sub', '下年.jxmb'))).toBe(true);
  });

  it('refuses request bodies that are not JSON objects (null is no longer taken as {})', async () => {
    for (const body of ['null', '', '[]', '42', '"{}"', 'true']) {
      for (const route of ['/api/getDocument', '/host/currentDocument', '/host/openDocument']) {
        const r = await run.post(route, body);
        expect(r.status, `${route} ${JSON.stringify(body)}`).toBe(400);
        expect(r.json.error, `${route} ${JSON.stringify(body)}`).toBe('请求内容应为 JSON 对象');
      }
    }
    expect((await run.post('/api/getDocument', '{"x"')).json.error).toBe('请求内容不是有效的 JSON');
    expect((await run.post('/api/getDocument', '{}')).status).toBe(200);
  });
});
