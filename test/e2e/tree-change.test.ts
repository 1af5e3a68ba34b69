import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { wanCents } from '../amounts.ts';
import {
  HAS_CHROMIUM,
  launchChromium,
  newPage,
  projectOnDisk,
  readDocument,
  screenshot,
  SCREENSHOTS,
  startWeb,
  type WebProcess,
} from './harness.ts';

/**
 * 更换指标体系 in the real editor, by keyboard: the dialog proposes the codes both trees have,
 * refuses 确定 while 14-成本指标 has no counterpart, the clerk picks one, sees the indicator in
 * the preview, confirms, and the editor shows it under its new category; Ctrl+Z takes it back.
 */

const PROJECT = '教师培训经费';

function makeDocument(file: string): void {
  TargetDocument.create(file, { department: '示例局', year: 2026 }, {}, (doc) => {
    const unit = doc.addUnit('示例局本级');
    const p = doc.addProject(unit, { name: PROJECT, fiscal: wanCents(1250), goal: '培训。' });
    doc.addIndicator(p, { level2Code: '11', name: '培训期数', cycleValue: '12期' });
    doc.addIndicator(p, { level2Code: '14', name: '人均培训成本', cycleValue: '≤800元' });
    doc.addIndicator(p, { level2Code: '31', name: '参训人员满意度', cycleValue: '≥90%' });
  });
}

describe.skipIf(!HAS_CHROMIUM)('更换指标体系 (end to end)', () => {
  let dir: string;
  let file: string;
  let web: WebProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-tree-'));
    file = path.join(dir, '示例局2026年绩效目标表.jxmb');
    makeDocument(file);
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

  it('maps, previews and applies a new tree as one undo step', async () => {
    await page.getByRole('treeitem', { name: new RegExp(PROJECT) }).click();
    await page.getByRole('heading', { name: '14-成本指标' }).waitFor();

    await page.getByRole('button', { name: '更换指标体系' }).click();
    const dialog = page.getByRole('dialog', { name: '更换指标体系' });
    await dialog.waitFor();

    // The target, by keyboard: the Select has the focus; open it, go to the national tree.
    const target = dialog.getByRole('combobox', { name: '新的指标体系' });
    await expect.poll(() => target.evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.type('财预');
    await page.keyboard.press('Enter');
    await dialog.getByText('对应关系').waitFor();

    // 11 and 31 are proposed (same code); 14 must be chosen, and until it is, no 确定.
    const ok = dialog.getByRole('button', { name: '确定' });
    await dialog.getByText('需要选择').waitFor();
    expect(await ok.isDisabled()).toBe(true);
    await expect.poll(() => dialog.getByText('代码相同', { exact: true }).count()).toBe(2);
    await dialog.getByText(/“14-成本指标”（1 条指标）尚未选择/).waitFor();
    await screenshot(page, 'tree-change-unmapped');

    // The one mapping the clerk changes: 14-成本指标 → 42-社会成本指标, by keyboard.
    const cost = dialog.getByRole('combobox', { name: '“14-成本指标”对应的类别' });
    await cost.focus();
    await page.keyboard.type('社会成本');
    await page.keyboard.press('Enter');
    await dialog.getByText('已手动选择').waitFor();

    const preview = dialog.getByRole('region', { name: '预览' });
    await preview.getByText('1 条指标将移到其他类别').waitFor();
    const row = preview.getByRole('row', { name: /人均培训成本/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(
      '1-产出指标；14-成本指标 → 4-成本指标；42-社会成本指标',
    );
    // Printed 2nd before; under the national tree 成本指标 comes after 满意度: 3rd.
    expect(await row.textContent()).toContain('2 → 3');
    await screenshot(page, 'tree-change-preview');

    expect(await ok.isDisabled()).toBe(false);
    await ok.click();
    const confirm = page.getByRole('dialog', { name: /将本表的指标体系更换为/ });
    await confirm.getByText('1 条指标将移到其他类别').waitFor();
    await confirm.getByRole('button', { name: '更换' }).press('Enter');
    await dialog.waitFor({ state: 'detached' });

    // The editor: the indicator under its new category, the header names the new tree.
    await page.getByRole('heading', { name: '42-社会成本指标' }).waitFor();
    await page.getByRole('heading', { name: '4-成本指标' }).waitFor();
    expect(await page.getByRole('heading', { name: '14-成本指标' }).count()).toBe(0);
    await expect
      .poll(() => page.getByLabel('指标体系', { exact: true }).textContent())
      .toContain('财预〔2021〕101号');
    await screenshot(page, 'tree-change-applied');

    // In the file.
    expect(readDocument(file).tree.id).toBe('mof-2021');
    const codes = () =>
      Object.fromEntries(
        projectOnDisk(file, PROJECT)!.indicators.map((i) => [i.name, i.level2.code]),
      );
    expect(codes()).toEqual({ 培训期数: '11', 人均培训成本: '42', 参训人员满意度: '31' });

    // One undo step takes all of it back.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await page.getByRole('heading', { name: '14-成本指标' }).waitFor();
    await expect.poll(() => readDocument(file).tree.id).toBe('default');
    expect(codes()).toEqual({ 培训期数: '11', 人均培训成本: '14', 参训人员满意度: '31' });
  });
});
