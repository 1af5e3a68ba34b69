import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureRenderer,
  fileTempDir,
  firstProjectId,
  startWeb,
  writeSmallDocument,
  type WebRun,
} from './web-process.ts';

/**
 * What a page needs to know it is out of date, over real HTTP to a real `jxmb web`: every answer
 * carries the document's version; the page says who it is (X-Jxmb-Client, its own undo history)
 * and which version it last saw (X-Jxmb-Base-Version, an edit from an old view is refused).
 */

beforeAll(ensureRenderer);

let run: WebRun;
beforeAll(async () => {
  const dir = fileTempDir();
  writeSmallDocument(path.join(dir, '表.jxmb'));
  run = await startWeb(['表.jxmb'], { cwd: dir, stateDir: path.join(dir, 'state') });
});
afterAll(async () => {
  await run?.stop();
});

const as = (client: string, baseVersion?: string) => ({
  'X-Jxmb-Client': client,
  ...(baseVersion === undefined ? {} : { 'X-Jxmb-Base-Version': baseVersion }),
});

describe('versions and clients on the wire', () => {
  it('carries the version on every answer, ok or refused, /api and /host', async () => {
    const v0 = (await run.post('/api/getVersion', {}, as('a'))).json;
    expect(v0.version).toMatch(/\S/);
    expect((v0.result as { version: string }).version).toBe(v0.version);
    const host = await run.post('/host/currentDocument', {}, as('a'));
    expect(host.json.version).toBe(v0.version);
    const refused = await run.post('/api/updateProject', { id: 1, fiscal: '-1' }, as('a'));
    expect(refused.status).toBe(400);
    expect(refused.json.version).toBe(v0.version);
    const id = await firstProjectId(run);
    const edited = await run.post('/api/updateProject', { id, name: '改' }, as('a', v0.version));
    expect(edited.status).toBe(200);
    expect(edited.json.version).not.toBe(v0.version);
  });

  it('refuses an edit made from an old version with code stale', async () => {
    const id = await firstProjectId(run);
    const before = (await run.post('/api/getVersion', {}, as('a'))).json.version!;
    await run.post('/api/updateProject', { id, name: '另一页' }, as('b', before));
    const stale = await run.post('/api/updateProject', { id, name: '旧视图' }, as('a', before));
    expect(stale.status).toBe(400);
    expect(stale.json.code).toBe('stale');
    expect(stale.json.version).not.toBe(before);
  });

  it('keeps one undo history per page', async () => {
    const id = await firstProjectId(run);
    await run.post('/api/updateProject', { id, goal: '甲页的目标' }, as('pageA'));
    const undoB = await run.post('/api/undo', {}, as('pageB'));
    expect(undoB.status).toBe(200);
    expect((undoB.json.result as { label?: string }).label).toBeUndefined();
    const doc = (await run.post('/api/getDocument', {}, as('pageA'))).json.result as {
      data: { units: { projects: { goal: string }[] }[] };
    };
    expect(doc.data.units[0]!.projects[0]!.goal).toBe('甲页的目标');
  });

  it('refuses malformed client or version headers with a message', async () => {
    for (const headers of [as('a b'), as('x'.repeat(65)), as('a', 'v'.repeat(81))]) {
      const r = await run.post('/api/getVersion', {}, headers);
      expect(r.status).toBe(400);
      expect(r.json.error).toMatch(/^请求头 X-Jxmb-(Client|Base-Version) 无效$/);
    }
  });
});
