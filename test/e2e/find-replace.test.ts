import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { countMatches, findInDocument } from '../../db/shared/find.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { wanCents } from '../amounts.ts';
import {
  HAS_CHROMIUM,
  SCREENSHOTS,
  launchChromium,
  newPage,
  readDocument,
  screenshot,
  startWeb,
  type WebProcess,
} from './harness.ts';

/** Two units, a word (培训) in names, goals, indicators and a detail field; an amount twice. */
function makeDocument(file: string): void {
  TargetDocument.create(file, { department: '示例局', year: 2025 }, {}, (doc) => {
    const u = doc.addUnit('培训中心');
    doc.addProject(u, {
      name: '信息化运维经费',
      goal: '保障系统运行。',
      fiscal: wanCents(3841),
      carryOver: wanCents(120_000),
    });
    const p = doc.addProject(u, {
      name: '干部培训经费',
      goal: '完成２０２５年度干部培训，培训合格率达到95%。',
      fiscal: wanCents(12_000),
    });
    doc.addIndicator(p, { level2Code: '11', name: '培训人次', cycleValue: '≥300人次' });
    doc.addIndicator(p, {
      level2Code: '12',
      name: '合格率',
      cycleValue: '≥95%',
      basis: { kind: '计划标准', text: '年度培训计划' },
    });
    const v = doc.addUnit('宣传中心');
    doc.addProject(v, { name: '宣传经费', goal: '开展宣传活动', other: wanCents(3841) });
  });
}

/**
 * A clerk finds a word across the whole document on a 1366×768 screen (Ctrl+F), goes to a field
 * with Enter, replaces it everywhere (Ctrl+H, 全部替换) and takes it all back with one Ctrl+Z.
 */
describe.skipIf(!HAS_CHROMIUM)('find and replace (end to end, 1366×768)', () => {
  let dir: string;
  let file: string;
  let web: WebProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let before: DocumentData;

  const panel = () => page.getByRole('complementary', { name: '查找和替换' });
  const results = () => page.getByRole('listbox', { name: '查找结果' });
  const options = () => results().getByRole('option');
  const activeField = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | HTMLTextAreaElement | null;
      const selected =
        el && 'selectionStart' in el && el.selectionStart !== null
          ? el.value.slice(el.selectionStart, el.selectionEnd ?? el.selectionStart)
          : '';
      return { id: el?.id ?? '', selected };
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jxmb-find-'));
    file = path.join(dir, '查找.jxmb');
    makeDocument(file);
    before = readDocument(file);
    mkdirSync(SCREENSHOTS, { recursive: true });
    web = await startWeb([file], dir);
    browser = await launchChromium();
    page = await newPage(browser);
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await page.goto(web.url);
    await page.getByText('查找.jxmb').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Ctrl+F lists every field holding the word, with its place and the word marked', async () => {
    expect(page.viewportSize()).toEqual({ width: 1366, height: 768 });
    await page.keyboard.press('Control+f');
    const query = panel().getByRole('textbox', { name: '查找内容' });
    await expect.poll(() => query.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('培训');
    const expected = findInDocument(before, '培训');
    await expect.poll(() => options().count()).toBe(expected.length);
    expect(await panel().getByRole('status').textContent()).toBe(
      `共 ${countMatches(expected)} 处，${expected.length} 个字段`,
    );
    // Each row: its place (单位 › 项目 › 第 N 条指标) and field, the word marked.
    const goal = options().nth(2);
    expect(await goal.locator('.find-place').textContent()).toBe(
      '培训中心 › 干部培训经费 年度目标（绩效目标）',
    );
    expect(await goal.locator('mark').allTextContents()).toEqual(['培训', '培训']);
    expect(await options().nth(3).locator('.find-place').textContent()).toBe(
      '培训中心 › 干部培训经费 › 第 1 条指标 培训人次 三级指标',
    );
    // Nothing overflows the screen: the panel sits beside the editor, within the window.
    const box = await panel().boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(1366);
    expect(box!.y + box!.height).toBeLessThanOrEqual(768);
    await screenshot(page, 'find-01-results');
  });

  it('Enter goes to the field: the project is selected and the word selected in it', async () => {
    // ↓ to the indicator name, then Enter.
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => options().nth(3).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    const indicator = before.units[0]!.projects[1]!.indicators[0]!;
    await expect.poll(activeField).toEqual({ id: `f-i${indicator.id}-name`, selected: '培训' });
    await expect(page.getByRole('textbox', { name: '项目名称' }).inputValue()).resolves.toBe(
      '干部培训经费',
    );
    await screenshot(page, 'find-02-went-to-field');

    // A field in 指标详情 opens the details first.
    await page.keyboard.press('Control+f');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const basis = before.units[0]!.projects[1]!.indicators[1]!;
    await expect.poll(activeField).toEqual({ id: `f-i${basis.id}-basis`, selected: '培训' });
    await screenshot(page, 'find-03-detail-field');
  });

  it('finds an amount as typed, and says it is not replaced', async () => {
    await page.keyboard.press('Control+f');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('38.41');
    await expect.poll(() => options().count()).toBe(2);
    expect(await panel().getByRole('status').textContent()).toContain('替换时不改金额');
    await page.keyboard.press('Enter');
    const first = before.units[0]!.projects[0]!;
    await expect.poll(activeField).toEqual({ id: `f-p${first.id}-fiscal`, selected: '38.41' });
    // 上年结转 is in 更多项目信息: shown to put the cursor there.
    await page.keyboard.press('Control+f');
    await page.keyboard.insertText('1,200');
    await expect.poll(() => options().count()).toBe(1);
    await page.keyboard.press('Enter');
    await expect.poll(activeField).toEqual({ id: `f-p${first.id}-carryOver`, selected: '1200' });
    await screenshot(page, 'find-07-amount-in-facts');
  });

  it('Ctrl+H 全部替换 changes every field in one step, and Ctrl+Z restores them all', async () => {
    await page.keyboard.press('Control+h');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('培训');
    await panel().getByRole('textbox', { name: '替换为' }).fill('教育');
    await panel().getByRole('button', { name: '全部替换' }).click();
    const places = countMatches(findInDocument(before, '培训'));
    await page.getByText(`已替换 ${places} 处（5 个字段），可按 Ctrl+Z 撤销`).waitFor();
    await expect.poll(() => panel().getByRole('status').textContent()).toBe('未找到');
    await expect
      .poll(() => countMatches(findInDocument(readDocument(file), '教育')))
      .toBe(countMatches(findInDocument(before, '培训')));
    expect(findInDocument(readDocument(file), '培训')).toEqual([]);
    // The amounts were left as they were.
    expect(readDocument(file).totals).toEqual(before.totals);
    // One step of 撤销, named after the replacement.
    await expect.poll(() => page.getByRole('button', { name: '撤销' }).isEnabled()).toBe(true);
    await screenshot(page, 'find-04-replaced-all');

    await page.keyboard.press('Control+z');
    await expect.poll(() => findInDocument(readDocument(file), '教育').length).toBe(0);
    expect(readDocument(file).units).toEqual(before.units);
    await expect.poll(() => options().count()).toBe(findInDocument(before, '培训').length);
    await screenshot(page, 'find-05-undone');
  });

  it('替换 replaces in the chosen field only', async () => {
    await options().nth(2).click();
    await expect.poll(() => options().nth(2).getAttribute('aria-selected')).toBe('true');
    const chosen = findInDocument(before, '培训')[2]!;
    await panel().getByRole('button', { name: '替换', exact: true }).click();
    await expect
      .poll(() => findInDocument(readDocument(file), '培训').length)
      .toBe(findInDocument(before, '培训').length - 1);
    expect(findInDocument(readDocument(file), '培训').map((h) => h.key)).not.toContain(chosen.key);
  });

  it('仅当前项目 finds and replaces in the selected project only', async () => {
    // The project of the field last gone to (干部培训经费) is selected.
    await panel().getByText('仅当前项目').click();
    const project = before.units[0]!.projects[1]!;
    const inProject = findInDocument(readDocument(file), '培训').filter(
      (h) => h.location.projectId === project.id,
    );
    await expect.poll(() => options().count()).toBe(inProject.length);
    await screenshot(page, 'find-06-project-only');
    await panel().getByRole('button', { name: '全部替换' }).click();
    await expect.poll(() => panel().getByRole('status').textContent()).toBe('未找到');
    const after = readDocument(file);
    expect(findInDocument(after, '培训').every((h) => h.location.projectId !== project.id)).toBe(
      true,
    );
    expect(after.units[0]!.name).toBe('培训中心');
    await panel().getByText('仅当前项目').click();
  });
});
