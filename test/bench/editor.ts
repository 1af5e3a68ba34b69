/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { writeDraft } from '../../db/import/index.ts';
import { HAS_CHROMIUM, launchChromium, newPage, startWeb } from '../e2e/harness.ts';
import { median, ms, row } from './measure.ts';
import { fixtureDraft, timesTen } from './synthetic.ts';

/**
 * The editor's speed with a document ten times the fixture (510 projects, 2730 indicators), in
 * browser mode driven by Debian's Chromium, at 1366×768:
 * - usable: from navigation to the editor showing the document (header fields and tree);
 * - select: from a click on a project in the tree to its 项目名称 painted in the editor;
 * - keystroke: from a key's keydown to the frame that shows it in a 三级指标名称 field.
 * "Painted" is measured in the page as the first task after the next animation frame, which
 * runs once the frame has been produced.
 * Targets: usable within 1 s, select within 100 ms, keystroke within 16 ms.
 */
export async function benchEditor(): Promise<void> {
  if (!HAS_CHROMIUM) {
    console.log('\n## Editor: skipped (no /usr/bin/chromium)');
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-bench-editor-'));
  const file = path.join(dir, 'tenfold.jxmb');
  const { draft } = fixtureDraft();
  const big = timesTen(draft);
  writeDraft(big, file);
  const projects = big.units.reduce((n, u) => n + u.projects.length, 0);
  const indicators = big.units.reduce(
    (n, u) => n + u.projects.reduce((m, p) => m + p.indicators.length, 0),
    0,
  );
  const web = await startWeb([file], dir);
  const browser = await launchChromium();
  try {
    const page = await newPage(browser);
    const usable: number[] = [];
    for (let i = 0; i < 4; i++) {
      const t0 = performance.now();
      await page.goto(web.url);
      await page.getByLabel('部门名称').first().waitFor();
      await page.locator('[aria-label^="项目："]').first().waitFor();
      usable.push(performance.now() - t0);
    }
    const select = await measureSelect(page, 12);
    const keys = await measureKeystrokes(page, 'abcdefghij0123456789');

    console.log(
      `\n## Editor in browser mode (${projects} projects, ${indicators} indicators; Chromium, 1366×768)\n`,
    );
    console.log(row(['measure', 'median', 'max', 'target', 'samples']));
    console.log(row(['---', '---', '---', '---', '---']));
    const line = (name: string, xs: number[], target: string) =>
      console.log(row([name, ms(median(xs)), ms(Math.max(...xs)), target, String(xs.length)]));
    line('open → usable (first load, then reloads)', usable, '1000 ms');
    line('select a project → painted', select, '100 ms');
    line('keystroke in 三级指标名称 → painted', keys, '16 ms');
  } finally {
    await browser.close();
    await web.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Clicks `count` different projects in the tree, timing each until its name is painted. */
async function measureSelect(page: Page, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let k = 0; k < count; k++) {
    const t = await page.evaluate(async (k) => {
      const items = [...document.querySelectorAll<HTMLElement>('[aria-label^="项目："]')];
      const item = items[(k * 3 + 1) % items.length]!;
      const name = item.getAttribute('aria-label')!.slice('项目：'.length);
      const painted = () =>
        new Promise<void>((resolve) =>
          requestAnimationFrame(() => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => resolve();
            ch.port2.postMessage(0);
          }),
        );
      const t0 = performance.now();
      item.click();
      for (;;) {
        const input = document.querySelector<HTMLInputElement>(
          'input[aria-label="项目名称"], input#projectName',
        );
        const field =
          input ??
          [...document.querySelectorAll<HTMLInputElement>('input')].find((i) =>
            i.labels?.[0]?.textContent?.includes('项目名称'),
          );
        if (field && field.value === name) break;
        await painted();
        if (performance.now() - t0 > 5000) throw new Error(`project ${name} did not show`);
      }
      await painted();
      return performance.now() - t0;
    }, k);
    times.push(t);
  }
  return times;
}

/** Types into the first 三级指标名称 field, timing each key from keydown to the painted frame. */
async function measureKeystrokes(page: Page, keys: string): Promise<number[]> {
  const field = page.getByRole('textbox', { name: '三级指标名称' }).first();
  await field.click();
  await field.press('End');
  await page.evaluate(() => {
    const w = window as unknown as { __keyTimes: number[] };
    w.__keyTimes = [];
    document.addEventListener(
      'keydown',
      (e) => {
        const start = e.timeStamp;
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => w.__keyTimes.push(performance.now() - start);
          ch.port2.postMessage(0);
        });
      },
      true,
    );
  });
  for (const key of keys) {
    await page.keyboard.press(key);
    await page.waitForTimeout(60);
  }
  return page.evaluate(() => (window as unknown as { __keyTimes: number[] }).__keyTimes);
}
