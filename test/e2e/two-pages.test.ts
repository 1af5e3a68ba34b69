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
  readDocument,
  sampleDocument,
  screenshot,
  SCREENSHOTS,
  startWeb,
  type WebProcess,
} from './harness.ts';

/**
 * Two pages on one document (two tabs, or two clerks on one server): each sees the other's edits
 * without editing, never overwrites a value it never saw, keeps text typed into a project the
 * other deleted, and undoes only its own edits.
 */

const NOTICE = '其他窗口修改了本文档，已更新为最新内容';

describe.skipIf(!HAS_CHROMIUM)('two pages on one document (end to end)', () => {
  let dir: string;
  let file: string;
  let web: WebProcess;
  let browser: Browser;
  let a: Page;
  let b: Page;
  const field = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });
  const project = (page: Page, name: string) =>
    page.getByRole('treeitem', { name: new RegExp(name) });
  const saved = async (page: Page) => {
    await page.waitForTimeout(500);
    await expect.poll(() => page.locator('.save-state').textContent()).toContain('已自动保存');
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-two-pages-'));
    file = path.join(dir, '示例局2026年绩效目标表.jxmb');
    sampleDocument(file);
    mkdirSync(SCREENSHOTS, { recursive: true });
    web = await startWeb([file], dir, { JXMB_STATE_DIR: path.join(dir, 'state') });
    browser = await launchChromium();
    a = await newPage(browser);
    b = await newPage(browser);
    for (const page of [a, b]) {
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (e) => console.log('page error:', e.message));
      await page.goto(web.url);
      await project(page, '信息化运维经费').click();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('page B shows what page A saved without editing anything', async () => {
    await field(a, '项目名称').fill('信息化运维经费（A改）');
    await saved(a);
    await expect
      .poll(() => field(b, '项目名称').inputValue(), { timeout: 8000 })
      .toBe('信息化运维经费（A改）');
    await b.getByText(NOTICE).waitFor();
    await screenshot(b, 'two-pages-01-refreshed');
  });

  it('a stale edit does not overwrite a value the page never saw', async () => {
    const goalB = field(b, '年度目标（绩效目标）');
    // B types slowly (no pause long enough to send) while A saves the same field.
    await goalB.click();
    const typing = b.keyboard.type('B写的目标', { delay: 150 });
    await field(a, '年度目标（绩效目标）').fill('A写的目标');
    await field(a, '项目名称').click(); // blur: sent now
    await saved(a);
    await typing;
    await field(b, '项目名称').click(); // blur: B's text is sent, and refused
    await b.getByText(/其他窗口已将此项改为“A写的目标”/).waitFor();
    expect(await goalB.inputValue()).toBe('信息化运维经费的目标。B写的目标');
    expect(await b.locator('.save-state').textContent()).toContain('有 1 处输入未保存');
    expect(projectOnDisk(file, '信息化运维经费（A改）')?.goal).toBe('A写的目标');
    await screenshot(b, 'two-pages-02-conflict');
    // Esc: B takes the latest value instead.
    await goalB.focus();
    await b.keyboard.press('Escape');
    await expect.poll(() => goalB.inputValue()).toBe('A写的目标');
    await saved(b);
  });

  it('text typed into a project deleted in the other page is kept, to copy', async () => {
    await project(b, '宣传经费').click();
    const nameB = field(b, '项目名称');
    await nameB.click();
    await b.keyboard.press('End');
    const typing = b.keyboard.type('（B补充的名称）', { delay: 150 });

    await project(a, '宣传经费').click();
    await a.getByRole('button', { name: '删除', exact: true }).click();
    await a
      .getByRole('button', { name: /确定|删除/ })
      .last()
      .click();
    await expect.poll(() => readDocument(file).units[0]!.projects.length).toBe(2);
    await typing.catch(() => undefined); // the field may go away while B types

    const dialog = b.getByRole('dialog').filter({ hasText: '该项目已在其他窗口中删除' });
    await dialog.waitFor({ timeout: 10_000 });
    const kept = dialog.getByRole('textbox');
    expect(await kept.first().inputValue()).toContain('宣传经费（B');
    await dialog.getByRole('button', { name: '复制' }).first().waitFor();
    await b.waitForTimeout(400);
    await screenshot(b, 'two-pages-03-gone');
    // No internal id in anything the clerk reads.
    expect(await dialog.textContent()).not.toMatch(/编号\s*\d/);
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('undo in page B does not take back page A’s edit', async () => {
    await project(b, '教师培训经费').click();
    await field(b, '项目名称').fill('教师培训经费（B改）');
    await saved(b);
    await project(a, '教师培训经费').click();
    await field(a, '年度目标（绩效目标）').fill('A后来写的目标');
    await saved(a);
    // B reloads (the same tab keeps its own history), sees A's edit, and presses Ctrl+Z.
    await b.reload();
    await project(b, '教师培训经费').click();
    expect(await field(b, '年度目标（绩效目标）').inputValue()).toBe('A后来写的目标');
    await b.locator('body').click({ position: { x: 700, y: 740 } });
    await b.keyboard.press('Control+z');
    await b.waitForTimeout(1500);
    const p = readDocument(file)
      .units.flatMap((u) => u.projects)
      .find((x) => x.goal === 'A后来写的目标');
    expect(p, 'A’s edit is still in the file').toBeDefined();
    expect(p!.name).toBe('教师培训经费（B改）');
    await screenshot(b, 'two-pages-04-undo');
  });
});
