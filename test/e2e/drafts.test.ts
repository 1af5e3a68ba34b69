import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HAS_CHROMIUM,
  launchChromium,
  newPage,
  projectOnDisk,
  sampleDocument,
  screenshot,
  SCREENSHOTS,
  startWeb,
  type WebProcess,
} from './harness.ts';

/**
 * The page never drops what the clerk typed: not when the server goes away mid-edit (the text
 * stays, a lasting banner says so, and the edit reaches the file once the same server is
 * started again), and not when the text is invalid (it stays, is counted as unsaved, and
 * leaving it asks first).
 */

const BANNER = '未保存：与编制器的连接已中断，正在重试';

describe.skipIf(!HAS_CHROMIUM)('drafts survive (end to end)', () => {
  let dir: string;
  let file: string;
  let env: Record<string, string>;
  let web: WebProcess | undefined;
  let browser: Browser;
  let page: Page;
  const field = (name: string) => page.getByRole('textbox', { name, exact: true });
  const saveState = () => page.locator('.save-state');
  const project = (name: string) => page.getByRole('treeitem', { name: new RegExp(name) });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-drafts-'));
    file = path.join(dir, '示例局2026年绩效目标表.jxmb');
    sampleDocument(file);
    // The server keeps its port and token here, for the restart to reuse.
    env = { JXMB_STATE_DIR: path.join(dir, 'state') };
    mkdirSync(SCREENSHOTS, { recursive: true });
    web = await startWeb([file], dir, env);
    browser = await launchChromium();
    page = await newPage(browser);
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await page.goto(web.url);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the text typed while the server is stopped, says so, and saves it once it is back', async () => {
    await project('信息化运维经费').click();
    const goal = field('年度目标（绩效目标）');
    await goal.waitFor();
    const address = web!.url;
    await web!.stop();
    web = undefined;

    const typed = '断线时输入的绩效目标：全年系统可用率≥99%。';
    await goal.fill(typed);
    await page.getByText(BANNER).waitFor();
    // Long after any toast would have gone: the banner stays, the text stays, nothing claims
    // to be saved.
    await page.waitForTimeout(6000);
    expect(await page.getByText(BANNER).isVisible()).toBe(true);
    expect(await goal.inputValue()).toBe(typed);
    expect(await saveState().textContent()).not.toContain('已自动保存');
    expect(await saveState().textContent()).toContain('未保存');
    // More typing in another field while still disconnected: kept and queued in order.
    await field('项目名称').fill('信息化运维经费（断线时改名）');
    await page.waitForTimeout(800);
    expect(await field('项目名称').inputValue()).toBe('信息化运维经费（断线时改名）');
    await screenshot(page, 'drafts-01-disconnected');
    expect(projectOnDisk(file, '信息化运维经费')?.goal).toBe('信息化运维经费的目标。');

    // The same command again: same address, same token; the page's retries simply succeed.
    web = await startWeb([file], dir, env);
    expect(web.url).toBe(address);
    await page.getByText(BANNER).waitFor({ state: 'hidden', timeout: 20_000 });
    await expect.poll(() => saveState().textContent(), { timeout: 15_000 }).toContain('已自动保存');
    await expect
      .poll(() => projectOnDisk(file, '信息化运维经费（断线时改名）')?.goal, { timeout: 10_000 })
      .toBe(typed);
    expect(await goal.inputValue()).toBe(typed);
    // The checks run again once the host is back.
    await expect
      .poll(() => page.getByRole('button', { name: /^审核结果/ }).textContent(), {
        timeout: 10_000,
      })
      .toContain('错误');
    await screenshot(page, 'drafts-02-reconnected');
  });

  it('notices a stopped server without typing (heartbeat), and that it is back', async () => {
    if (!web) {
      // The previous step failed with the server stopped: start from a fresh page.
      web = await startWeb([file], dir, env);
      await page.goto(web.url);
    }
    await page.locator('.save-state').getByText('已自动保存').waitFor();
    const address = web.url;
    await web.stop();
    web = undefined;
    await page.getByText(BANNER).waitFor({ timeout: 10_000 });
    expect(await saveState().textContent()).not.toContain('已自动保存');
    web = await startWeb([file], dir, env);
    expect(web.url).toBe(address);
    await page.getByText(BANNER).waitFor({ state: 'hidden', timeout: 15_000 });
    await expect.poll(() => saveState().textContent()).toContain('已自动保存');
  });

  it('keeps an invalid amount, counts it as unsaved, and asks before leaving the project', async () => {
    await project('教师培训经费').click();
    const fiscal = field('财政拨款');
    await fiscal.fill('12.345');
    await page.getByText('超过 2 位小数').first().waitFor();
    await expect.poll(() => saveState().textContent()).toContain('有 1 处输入未保存');
    await screenshot(page, 'drafts-03-invalid-amount');

    // Leaving the project asks; 返回修改 stays with the text.
    await project('宣传经费').click();
    const ask = page.getByRole('dialog').filter({ hasText: '有尚未保存的输入' });
    await ask.waitFor();
    await page.waitForTimeout(400); // the dialog's opening animation, for the screenshot
    await screenshot(page, 'drafts-04-ask-before-leaving');
    await ask.getByRole('button', { name: '返回修改' }).click();
    await ask.waitFor({ state: 'hidden' });
    expect(await fiscal.inputValue()).toBe('12.345');
    expect(await field('项目名称').inputValue()).toBe('教师培训经费');

    // Other invalid amounts are kept just the same.
    for (const text of ['abc', '-3', '1000000000']) {
      await fiscal.fill(text);
      await page.waitForTimeout(500);
      expect(await fiscal.inputValue()).toBe(text);
      expect(await saveState().textContent()).toContain('有 1 处输入未保存');
    }
    expect(projectOnDisk(file, '教师培训经费')?.totals.fiscal).toBe(12_500_000);

    // 放弃这些输入: then it goes, and nothing was written.
    await project('宣传经费').click();
    await ask.waitFor();
    await ask.getByRole('button', { name: '放弃这些输入' }).click();
    await expect.poll(() => field('项目名称').inputValue()).toBe('宣传经费');
    await expect.poll(() => saveState().textContent()).toContain('已自动保存');
    await project('教师培训经费').click();
    await expect.poll(() => field('财政拨款').inputValue()).toBe('12.50');
    expect(projectOnDisk(file, '教师培训经费')?.totals.fiscal).toBe(12_500_000);
  });

  it('asks before opening another document over an invalid amount', async () => {
    await field('财政拨款').fill('12.345');
    await page.getByRole('button', { name: '新建', exact: true }).click();
    await page.getByRole('dialog', { name: '新建文档' }).waitFor();
    await page.getByRole('dialog', { name: '新建文档' }).getByLabel('部门名称').fill('另一局');
    await page.getByRole('button', { name: '创建文档' }).click();
    const ask = page.getByRole('dialog').filter({ hasText: '有尚未保存的输入' });
    await ask.waitFor();
    await ask.getByRole('button', { name: '返回修改' }).click();
    await ask.waitFor({ state: 'hidden' });
    await page.getByRole('dialog', { name: '新建文档' }).locator('.ant-modal-close').click();
    await page.getByRole('dialog', { name: '新建文档' }).waitFor({ state: 'hidden' });
    expect(await field('财政拨款').inputValue()).toBe('12.345');
  });

  it('asks before the page is closed with invalid text in a field', async () => {
    // The browser's own question (a page may not word it): the page's beforeunload handler
    // cancels the unload while a field holds text that is not saved, and only then.
    const unloadCancelled = () =>
      page.evaluate(() => {
        const e = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(e);
        return e.defaultPrevented;
      });
    const fiscal = field('财政拨款');
    expect(await fiscal.inputValue()).toBe('12.345');
    expect(await unloadCancelled()).toBe(true);
    await fiscal.fill('7.77');
    await expect.poll(() => saveState().textContent()).toContain('已自动保存');
    expect(await unloadCancelled()).toBe(false);
    expect(projectOnDisk(file, '教师培训经费')?.totals.fiscal).toBe(7_770_000);
  });
});
