import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
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
 * A document another program has open: a second server's page is told who has it (user,
 * computer, since when) and opens it read-only — every field disabled, a lasting banner saying
 * why, export still there — and nothing it does changes the file.
 */

describe.skipIf(!HAS_CHROMIUM)('opening a file another program holds (end to end)', () => {
  let dir: string;
  let file: string;
  let holder: WebProcess;
  let second: WebProcess;
  let browser: Browser;
  let page: Page;
  const field = (name: string) => page.getByRole('textbox', { name, exact: true });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-locked-'));
    file = path.join(dir, '示例局2026年绩效目标表.jxmb');
    sampleDocument(file);
    mkdirSync(SCREENSHOTS, { recursive: true });
    // The first program has the document open (and holds its lock) ...
    holder = await startWeb([file], dir, { JXMB_STATE_DIR: path.join(dir, 'state-1') });
    // ... and a second one, started on the same folder, shows its start page.
    second = await startWeb([], dir, { JXMB_STATE_DIR: path.join(dir, 'state-2') });
    browser = await launchChromium();
    page = await newPage(browser);
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await page.goto(second.url);
  });

  afterAll(async () => {
    await browser?.close();
    await second?.stop();
    await holder?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the holder and offers 只读打开, 另存副本 and 取消', async () => {
    await field('文档路径').fill(path.basename(file));
    await page.getByRole('button', { name: '打开文档' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '文件已被其他程序打开' });
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain(os.userInfo().username);
    expect(text).toContain(os.hostname());
    expect(text).toContain('打开时间');
    for (const name of ['只读打开', '另存副本', '取消']) {
      await dialog.getByRole('button', { name, exact: true }).waitFor();
    }
    // The holder is alive: no 接管.
    expect(await dialog.getByRole('button', { name: '接管' }).count()).toBe(0);
    await page.waitForTimeout(400);
    await screenshot(page, 'locked-01-dialog');
  });

  it('opens it read-only: a banner says why, fields are disabled, the file is untouched', async () => {
    const dialog = page.getByRole('dialog').filter({ hasText: '文件已被其他程序打开' });
    await dialog.getByRole('button', { name: '只读打开' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('示例局2026年绩效目标表.jxmb').first().waitFor();
    await page.getByText(/只读/).first().waitFor();
    await page.getByRole('treeitem', { name: /信息化运维经费/ }).click();
    expect(await field('项目名称').isDisabled()).toBe(true);
    expect(await field('财政拨款').isDisabled()).toBe(true);
    expect(await field('部门名称').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '导出 PDF' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: '另存为', exact: true }).isEnabled()).toBe(true);
    expect(await page.locator('.save-state').textContent()).toContain('只读');
    // Showing more is no edit: 更多项目信息 opens, and what it holds stays disabled.
    const more = page.getByRole('button', { name: '更多项目信息' });
    await more.click();
    const facts = page.getByRole('region', { name: '更多项目信息' });
    await facts.waitFor();
    expect(await facts.getByRole('combobox', { name: '资金使用单位' }).isDisabled()).toBe(true);
    await more.click();
    await facts.waitFor({ state: 'detached' });
    await screenshot(page, 'locked-02-read-only');
    expect(projectOnDisk(file, '信息化运维经费')?.totals.fiscal).toBe(12_500_000);
  });

  it('offers 接管 once the holder has crashed, after confirming, and then edits save', async () => {
    await new Promise<void>((done) => {
      holder.child.once('exit', () => done());
      holder.child.kill('SIGKILL'); // its lock file stays behind, naming a dead process
    });
    await page.getByRole('button', { name: '打开', exact: true }).click();
    const open = page.getByRole('dialog', { name: '打开文档' });
    await open.getByRole('textbox', { name: '文档路径' }).fill(path.basename(file));
    await open.getByRole('button', { name: '打开文档' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '文件已被其他程序打开' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '接管' }).click();
    const sure = page.getByRole('dialog').filter({ hasText: '确认对方已不再编辑？' });
    await sure.waitFor();
    await page.waitForTimeout(400);
    await screenshot(page, 'locked-03-take-over');
    await sure.getByRole('button', { name: '接管' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('treeitem', { name: /信息化运维经费/ }).click();
    const fiscal = field('财政拨款');
    await expect.poll(() => fiscal.isEnabled()).toBe(true);
    expect(await page.getByText(/只读/).count()).toBe(0);
    await fiscal.fill('20');
    await fiscal.press('Tab');
    await expect
      .poll(() => projectOnDisk(file, '信息化运维经费')?.totals.fiscal, { timeout: 5000 })
      .toBe(20_000_000);
  });
});
