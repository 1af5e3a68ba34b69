import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BrowserHost } from '../../cli/web/host.ts';
import { newToken } from '../../cli/web/security.ts';
import { startWebServer, type RunningServer } from '../../cli/web/server.ts';
import { WIRE } from '../../db/shared/api/host-contract.ts';
import { tempDir } from '../helpers.ts';
import { FORMS, writeFormWorkbook } from '../service/workbooks.ts';
import { ensureRenderer, STATIC } from './web-process.ts';

/**
 * 打开 of a workbook over browser mode's real HTTP: the answer carries the new document and the
 * notes; importProgress and cancelImport reach the reading of the page that asks (its client
 * header), not another page's; a table stating no unit is a 400 with the reader's message.
 */

beforeAll(ensureRenderer);

let running: RunningServer | undefined;
let host: BrowserHost | undefined;
afterEach(async () => {
  await running?.close();
  host?.close();
  running = undefined;
  host = undefined;
});

async function start() {
  const dir = tempDir();
  host = new BrowserHost(dir, 'test');
  const token = newToken();
  running = await startWebServer({ host, staticDir: STATIC, token });
  const base = `http://127.0.0.1:${running.port}`;
  const post = async (op: string, body: unknown, client = 'page-a') => {
    const r = await fetch(`${base}${WIRE.hostPath(op)}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
        [WIRE.clientHeader]: client,
      },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  return { dir, post };
}

describe('browser mode over HTTP: 打开 of a workbook', () => {
  it('answers the new document with the notes; the page’s reading is its own', async () => {
    const { dir, post } = await start();
    await writeFormWorkbook(FORMS.twoProjects.fixture, path.join(dir, '表.xlsx'));
    const opening = post('openDocument', { path: '表.xlsx' });
    let seen: unknown = null;
    for (let i = 0; i < 500 && seen === null; i++) {
      seen = (await post('importProgress', {})).body.result;
    }
    expect(seen).toEqual({ name: '表.xlsx', seconds: 0 });
    expect((await post('importProgress', {}, 'page-b')).body.result).toBeNull();
    expect((await post('cancelImport', {}, 'page-b')).body.result).toBe(false);
    const answer = await opening;
    expect(answer.status).toBe(200);
    const result = answer.body.result as { fileName: string; imported: { notes: unknown[] } };
    expect(result.fileName).toBe('表.jxmb');
    expect(result.imported.notes.length).toBeGreaterThan(3);
    expect(typeof answer.body.version).toBe('string');
    expect((await post('importProgress', {})).body.result).toBeNull();
  });

  it('cancelImport from the page ends its 打开 with null; nothing is written', async () => {
    const { dir, post } = await start();
    await writeFormWorkbook(FORMS.twoProjects.fixture, path.join(dir, '表.xlsx'));
    const opening = post('openDocument', { path: '表.xlsx' });
    for (let i = 0; i < 500; i++) {
      if ((await post('importProgress', {})).body.result !== null) break;
    }
    expect((await post('cancelImport', {})).body).toEqual({ ok: true, result: true });
    expect((await opening).body).toEqual({ ok: true, result: null });
    expect(existsSync(path.join(dir, '表.jxmb'))).toBe(false);
  });

  it('a workbook stating no unit: 400 with the reader’s message; a unit sent makes it', async () => {
    const { dir, post } = await start();
    await writeFormWorkbook(FORMS.noUnit.fixture, path.join(dir, '食堂.xlsx'));
    const refused = await post('openDocument', { path: '食堂.xlsx' });
    expect(refused.status).toBe(400);
    expect(refused.body.userError).toBe(true);
    expect(refused.body.error).toMatch(/工作表“申报表”第 \d+ 行.*找不到金额单位/);
    const made = await post('openDocument', { path: '食堂.xlsx', unit: '万元' });
    expect(made.status).toBe(200);
    expect((made.body.result as { data: { money: { unit: string } } }).data.money.unit).toBe(
      '万元',
    );
  });
});
