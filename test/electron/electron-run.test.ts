import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_OPERATIONS } from '../../db/shared/api/host-contract.ts';
import { DOCUMENT_OPERATIONS } from '../../db/shared/api/operations.ts';
import { electronBinary } from '../../electron/binary.ts';
import { buildElectron } from '../../electron/build.ts';
import { tempDir } from '../helpers.ts';
import { ROOT } from '../paths.ts';
import { makeDocument } from './fakes.ts';

/**
 * The real app in a real Electron, driven by Playwright: where an Electron binary exists
 * (node_modules/electron/dist, see electron/binary.ts). Here it cannot be downloaded
 * (ENVIRONMENT.md), so the test skips, saying so.
 */

const binary = electronBinary();
const noDisplay =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skip = !binary
  ? 'no Electron binary (node_modules/electron/dist is missing and cannot be downloaded here)'
  : noDisplay
    ? 'no display (run the tests under xvfb-run -a)'
    : undefined;
if (skip) console.warn(`[skip] Electron-run test: ${skip}`);

describe.skipIf(skip !== undefined)('the app in Electron', () => {
  let app: ElectronApplication;
  let file: string;

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'out', 'renderer', 'index.html'))) {
      execFileSync('npm', ['run', 'build:renderer'], { cwd: ROOT, stdio: 'inherit' });
    }
    await buildElectron();
    file = makeDocument(path.join(tempDir(), '番禺2025.jxmb'));
    const asRoot = process.getuid?.() === 0;
    app = await _electron.launch({
      executablePath: binary!,
      args: [...(asRoot ? ['--no-sandbox'] : []), ROOT, file],
      cwd: ROOT,
      timeout: 60_000,
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens the document in a window titled with its file name', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await expect
      .poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle()))
      .toBe('番禺2025.jxmb - 绩效目标表编制器');
  });

  it('the page has no Node: no require, no process', async () => {
    const page = await app.firstWindow();
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined',
    );
  });

  it('the page sees exactly window.jxmb with the named operations, and they work', async () => {
    const page = await app.firstWindow();
    const keys = await page.evaluate(() =>
      Object.keys((globalThis as unknown as { jxmb: object }).jxmb).sort(),
    );
    expect(keys).toEqual([...DOCUMENT_OPERATIONS, ...HOST_OPERATIONS, 'onMenuCommand'].sort());
    const department = await page.evaluate(async () => {
      const api = (
        globalThis as unknown as {
          jxmb: { getDocument(p: object): Promise<{ data: { department: string } }> };
        }
      ).jxmb;
      return (await api.getDocument({})).data.department;
    });
    expect(department).toBe('区委组织部');
  });

  it('navigation away and new windows are refused', async () => {
    const page = await app.firstWindow();
    const before = page.url();
    await page.evaluate(() => {
      const w = globalThis as unknown as { open(u: string): void; location: { href: string } };
      w.open('https://example.com/');
      w.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});
