import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import type { IndicatorData } from '../../db/shared/types.ts';
import { wanCents } from '../amounts.ts';
import {
  HAS_CHROMIUM,
  launchChromium,
  newPage,
  readDocument,
  SCREENSHOTS,
  startWeb,
  type WebProcess,
} from './harness.ts';

/**
 * 表格视图 (issue 14) through the real UI at 1366×768: all indicators of two units in one grid,
 * sorted and filtered by column, moved through with the keyboard, edited in place (checked in
 * the file and in the form view), Esc giving an edit up, an invalid 权重 kept with its reason,
 * and Ctrl+Z taking an edit back.
 */

function makeDocument(file: string): void {
  TargetDocument.create(file, { department: '示例局', year: 2026 }, {}, (doc) => {
    const a = doc.addUnit('示例局本级');
    const p1 = doc.addProject(a, { name: '信息化运维经费', fiscal: wanCents(100), goal: '运行。' });
    doc.addIndicator(p1, { level2Code: '11', name: '系统巡检次数', cycleValue: '巡检12次' });
    doc.addIndicator(p1, {
      level2Code: '12',
      name: '系统可用率',
      cycle: { kind: 'structured', operator: '≥', value: '99', unit: '%' },
    });
    doc.addIndicator(p1, { level2Code: '31', name: '用户满意度', cycleValue: '≥90%' });
    const p2 = doc.addProject(a, { name: '教师培训经费', fiscal: wanCents(50), goal: '培训。' });
    doc.addIndicator(p2, { level2Code: '11', name: '培训人次', cycleValue: '500人次' });
    doc.addIndicator(p2, { level2Code: '13', name: '按期完成率', cycleValue: '100%' });
    const b = doc.addUnit('示例街道办事处');
    const p3 = doc.addProject(b, { name: '社区宣传经费', fiscal: wanCents(20), goal: '宣传。' });
    doc.addIndicator(p3, { level2Code: '11', name: '宣传活动场次', cycleValue: '6场' });
    doc.addIndicator(p3, { level2Code: '31', name: '居民满意度', cycleValue: '≥85%' });
  });
}

describe.skipIf(!HAS_CHROMIUM)('the table view (end to end)', () => {
  let dir: string;
  let file: string;
  let web: WebProcess;
  let browser: Browser;
  let page: Page;
  const grid = () => page.getByRole('grid', { name: '全部指标' });
  const shot = (name: string) => page.screenshot({ path: `/tmp/grid-${name}.png` });
  const onDisk = (name: string): IndicatorData =>
    readDocument(file)
      .units.flatMap((u) => u.projects.flatMap((p) => p.indicators))
      .find((i) => i.name === name)!;
  /** The names in the 三级指标 column, top to bottom. */
  const names = () =>
    page.locator('.grid-body .grid-row').evaluateAll((rows) =>
      rows
        .map((r) => ({
          top: new DOMMatrix(getComputedStyle(r).transform).m42,
          name: r.querySelectorAll('[role="gridcell"]')[4]?.textContent ?? '',
        }))
        .sort((x, y) => x.top - y.top)
        .map((x) => x.name),
    );
  const active = () =>
    page.evaluate(() => {
      const g = document.querySelector('[role="grid"]')!;
      const id = g.getAttribute('aria-activedescendant');
      const cell = id ? document.getElementById(id) : null;
      const header = cell
        ? document.querySelectorAll('.grid-head-row [role="columnheader"]')[
            [...cell.parentElement!.children].indexOf(cell)
          ]
        : null;
      return {
        column: header?.textContent?.replace(/[▲▼（].*$/u, '') ?? '',
        text: cell?.textContent ?? '',
      };
    });
  const saved = async () => {
    await page.waitForTimeout(600);
    await page.getByText('已自动保存').waitFor();
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-grid-'));
    file = path.join(dir, '示例局2026年绩效目标表.jxmb');
    makeDocument(file);
    mkdirSync(SCREENSHOTS, { recursive: true });
    web = await startWeb([file], dir);
    browser = await launchChromium();
    page = await newPage(browser);
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await page.goto(web.url);
    await page.getByRole('treeitem', { name: /信息化运维经费/ }).click();
    await page.getByRole('textbox', { name: '项目名称' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens from 表单/表格 with every indicator of the document, the form staying the default', async () => {
    await page.locator('.view-switch').getByText('表单').waitFor();
    await page.locator('.view-switch').getByText('表格').click();
    await grid().waitFor();
    await page.getByText('共 7 条指标').waitFor();
    expect(await names()).toEqual([
      '系统巡检次数',
      '系统可用率',
      '用户满意度',
      '培训人次',
      '按期完成率',
      '宣传活动场次',
      '居民满意度',
    ]);
    // The cursor starts on the selected project's first indicator, in 三级指标, and has the focus.
    expect(await active()).toEqual({ column: '三级指标', text: '系统巡检次数' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');
    // A structured value: 指标性质 and 计量单位 are its own; a linked annual value repeats it.
    const row = page.getByRole('row').filter({ hasText: '系统可用率' });
    await expect
      .poll(() => row.getByRole('gridcell').allTextContents())
      .toEqual(expect.arrayContaining(['≥99%', '≥', '%']));
    await shot('open');
  });

  it('sorts by a column and filters by text', async () => {
    await page
      .getByRole('columnheader', { name: /^三级指标/ })
      .getByRole('button')
      .click();
    await expect
      .poll(() => page.getByRole('columnheader', { name: /^三级指标/ }).getAttribute('aria-sort'))
      .toBe('ascending');
    const sorted = await names();
    expect(sorted).toEqual([...sorted].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN')));
    await page
      .getByRole('columnheader', { name: /^三级指标/ })
      .getByRole('button')
      .click();
    expect(await names()).toEqual(sorted.slice().reverse());
    await page.getByRole('textbox', { name: '筛选：项目名称' }).fill('培训');
    await page.getByText('筛选出 2 / 7 条指标').waitFor();
    // Still sorted, now descending.
    expect(await names()).toEqual(['培训人次', '按期完成率']);
    await shot('filtered');
    await page.getByRole('button', { name: '清除筛选和排序' }).click();
    await page.getByText('共 7 条指标').waitFor();
    // One unit only.
    await page.getByRole('combobox', { name: '范围' }).click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .getByText('示例街道办事处')
      .click();
    await page.getByText('筛选出 2 / 7 条指标').waitFor();
    expect(await names()).toEqual(['宣传活动场次', '居民满意度']);
    await page.getByRole('button', { name: '清除筛选和排序' }).click();
    await page.getByText('共 7 条指标').waitFor();
  });

  it('moves with the arrow keys, Tab and Home/End', async () => {
    await page.getByRole('gridcell', { name: '系统巡检次数' }).click();
    expect(await active()).toEqual({ column: '三级指标', text: '系统巡检次数' });
    await page.keyboard.press('ArrowDown');
    expect(await active()).toEqual({ column: '三级指标', text: '系统可用率' });
    await page.keyboard.press('ArrowRight');
    expect(await active()).toEqual({ column: '实施周期指标值', text: '≥99%' });
    await page.keyboard.press('Tab');
    expect((await active()).column).toBe('年度指标值');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowDown');
    expect(await active()).toEqual({ column: '实施周期指标值', text: '≥90%' });
    await page.keyboard.press('Home');
    expect(await active()).toEqual({ column: '资金使用单位', text: '示例局本级' });
    await page.keyboard.press('Control+End');
    expect(await active()).toEqual({ column: '指标方向', text: '' });
    await page.keyboard.press('Control+Home');
    expect(await active()).toEqual({ column: '资金使用单位', text: '示例局本级' });
  });

  it('edits a value in place (Enter … Enter), gives an edit up with Esc, keeps an invalid 权重', async () => {
    // 培训人次's 实施周期指标值: four rows down, five columns right.
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    expect(await active()).toEqual({ column: '实施周期指标值', text: '500人次' });
    await page.keyboard.press('Enter');
    const editor = page.getByRole('textbox', { name: '实施周期指标值', exact: true });
    await editor.waitFor();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('全年培训600人次');
    await shot('editing');
    await page.keyboard.press('Enter');
    // Enter keeps the text and moves down, the grid holding the focus again.
    expect(await active()).toEqual({ column: '实施周期指标值', text: '100%' });
    await saved();
    expect(onDisk('培训人次').cycleValue).toBe('全年培训600人次');
    // The linked 年度指标值 followed it.
    expect(onDisk('培训人次').annualValue).toBe('全年培训600人次');

    // Esc: typed text given up, nothing sent.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('F2');
    await editor.waitFor();
    await page.keyboard.type('不要');
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });
    expect(await active()).toEqual({ column: '实施周期指标值', text: '全年培训600人次' });
    await page.waitForTimeout(600);
    expect(onDisk('培训人次').cycleValue).toBe('全年培训600人次');

    // A 权重 that is none: kept in its cell with the reason; Esc gives it up.
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    expect((await active()).column).toBe('权重');
    await page.keyboard.type('abc');
    const weight = page.getByRole('textbox', { name: '权重', exact: true });
    await weight.waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: '权重“abc”无效' }).waitFor();
    expect(await weight.inputValue()).toBe('abc');
    await shot('invalid-weight');
    await page.keyboard.press('Escape');
    await weight.waitFor({ state: 'detached' });
    // Typing on a cell replaces it: a valid 权重 is saved.
    await page.keyboard.type('20');
    await page.keyboard.press('Enter');
    await saved();
    expect(onDisk('培训人次').weight).toBe('20');
  });

  it('chooses 指标性质 of a structured value from its list', async () => {
    await page.getByRole('textbox', { name: '筛选：三级指标' }).fill('可用率');
    await page.getByText('筛选出 1 / 7 条指标').waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: '系统可用率' })
      .getByRole('gridcell', { name: '≥', exact: true })
      .click();
    await page.keyboard.press('Enter');
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) [title="＞"]')
      .click();
    await saved();
    expect(onDisk('系统可用率').cycle).toMatchObject({
      kind: 'structured',
      operator: '＞',
      value: '99',
      unit: '%',
    });
    await page
      .getByRole('row')
      .filter({ hasText: '系统可用率' })
      .getByRole('gridcell', { name: '＞99%' })
      .first()
      .waitFor();
    await page.getByRole('button', { name: '清除筛选和排序' }).click();
  });

  it('shows the edit in the form view, and Ctrl+Z takes it back', async () => {
    await page.getByRole('textbox', { name: '筛选：三级指标' }).fill('培训人次');
    await page.getByText('筛选出 1 / 7 条指标').waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: '培训人次' })
      .getByRole('gridcell', { name: '全年培训600人次' })
      .first()
      .click();
    await page.keyboard.press('Control+Enter');
    // The form, on the project, with the value the grid wrote.
    await page.getByRole('textbox', { name: '项目名称' }).waitFor();
    expect(await page.getByRole('textbox', { name: '项目名称' }).inputValue()).toBe('教师培训经费');
    const cycle = page
      .getByRole('group', { name: /培训人次$/ })
      .getByRole('textbox', { name: '实施周期指标值' });
    expect(await cycle.inputValue()).toBe('全年培训600人次');
    await page.screenshot({ path: '/tmp/grid-form.png' });
    // Back in the table: Ctrl+Z undoes one edit at a time: 指标性质, 权重, then the value.
    await page.locator('.view-switch').getByText('表格').click();
    await grid().waitFor();
    await page.keyboard.press('Control+z');
    await saved();
    expect(onDisk('系统可用率').cycle).toMatchObject({ operator: '≥' });
    await page.keyboard.press('Control+z');
    await saved();
    expect(onDisk('培训人次').weight).toBeNull();
    await page.keyboard.press('Control+z');
    await saved();
    expect(onDisk('培训人次').cycleValue).toBe('500人次');
    await page
      .getByRole('row')
      .filter({ hasText: '培训人次' })
      .getByRole('gridcell', { name: '500人次' })
      .first()
      .waitFor();
    await shot('undone');
  });
});
