import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { official } from '../../templates/layout/official.ts';
import { perProject } from '../../templates/layout/per-project.ts';
import {
  HAS_CHROMIUM,
  launchChromium,
  newPage,
  readDocument,
  sampleDocument,
  screenshot,
  SCREENSHOTS,
  startWeb,
  type WebProcess,
} from './harness.ts';

/**
 * 版式 in the real editor: the clerk picks the per-project 申报表, the document remembers it (in
 * the file), a reload shows it still chosen, 导出 PDF downloads it in that layout, and 撤销 takes
 * the choice back like any other setting of the document.
 */

describe.skipIf(!HAS_CHROMIUM)('the remembered print layout (end to end)', () => {
  let dir: string;
  let file: string;
  let web: WebProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-layout-'));
    file = path.join(dir, '示例局2026年绩效目标表.jxmb');
    sampleDocument(file);
    mkdirSync(SCREENSHOTS, { recursive: true });
    web = await startWeb([file], dir, { JXMB_STATE_DIR: path.join(dir, 'state') });
    browser = await launchChromium();
    page = await newPage(browser);
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await page.goto(web.url);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The layout the header's select shows: its whole name (the title the clerk hovers). */
  const shown = () =>
    page.locator('.layout-select .ant-select-content').first().getAttribute('title');
  /** What the narrow select reads: the table's own word, so the layouts do not read alike. */
  const visible = () => page.locator('.layout-select .ant-select-content').first().innerText();

  it('picks 申报表, keeps it across a reload, exports in it, and undoes it', async () => {
    const select = page.getByRole('combobox', { name: '版式' });
    await select.waitFor();
    expect(await shown()).toBe(official.name);
    expect(await visible()).toBe('绩效目标表');

    await select.click();
    const option = page.getByRole('option', { name: perProject.name });
    await option.waitFor();
    // The select's tooltip does not cover the open list.
    await page.getByRole('tooltip').filter({ hasText: '打印格式' }).waitFor({ state: 'hidden' });
    await screenshot(page, 'print-layout-list');
    await option.click();
    await expect.poll(shown).toBe(perProject.name);
    // In the file, not only in the page.
    await expect.poll(() => readDocument(file).printLayout, { timeout: 5000 }).toBe(perProject.id);

    await page.reload();
    await select.waitFor();
    await expect.poll(shown).toBe(perProject.name);
    expect(await visible()).toBe('绩效目标申报表');
    await screenshot(page, 'print-layout-after-reload');

    // 导出 PDF without naming a layout anywhere: the download is the 申报表.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 PDF' }).click();
    expect((await download).suggestedFilename()).toBe(
      `示例局2026年绩效目标表-${perProject.name}.pdf`,
    );

    // One step of 撤销, like 金额单位 (once the export's message, over the toolbar, is gone).
    // The download can come before the message shows: wait for it to show, then to go.
    await page.mouse.move(683, 500);
    await page.getByText('已导出').waitFor({ state: 'visible' });
    await page.getByText('已导出').waitFor({ state: 'hidden' });
    const undo = page.getByRole('button', { name: '撤销', exact: true });
    await undo.hover();
    await page.getByRole('tooltip', { name: '撤销：修改打印格式（Ctrl+Z）' }).waitFor();
    await undo.click();
    await expect.poll(shown).toBe(official.name);
    await expect.poll(() => readDocument(file).printLayout, { timeout: 5000 }).toBeNull();
  });

  it('a read-only window picks a layout for its own exports; the document does not remember it', async () => {
    // A second program on the same folder: the first one holds the document.
    const second = await startWeb([], dir, { JXMB_STATE_DIR: path.join(dir, 'state-2') });
    try {
      await page.goto(second.url);
      await page.getByRole('textbox', { name: '文档路径', exact: true }).fill(path.basename(file));
      await page.getByRole('button', { name: '打开文档' }).click();
      const dialog = page.getByRole('dialog').filter({ hasText: '文件已被其他程序打开' });
      await dialog.getByRole('button', { name: '只读打开' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const select = page.getByRole('combobox', { name: '版式' });
      await select.waitFor();
      expect(await shown()).toBe(official.name);

      await select.click();
      await page.getByRole('option', { name: perProject.name }).click();
      await expect.poll(shown).toBe(perProject.name);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: '导出 PDF' }).click();
      expect((await download).suggestedFilename()).toBe(
        `示例局2026年绩效目标表-${perProject.name}.pdf`,
      );
      expect(readDocument(file).printLayout).toBeNull();
    } finally {
      await second.stop();
    }
  });
});
