import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import type { Cents } from '../../db/shared/money.ts';
import {
  HAS_CHROMIUM,
  launchChromium,
  newPage,
  projectOnDisk,
  readDocument,
  SCREENSHOTS,
  startWeb,
  type WebProcess,
} from './harness.ts';

/**
 * Issue 14's smaller things, as a clerk meets them at 1366×768: the 标题 edited and restored;
 * the tree's arrows going on from the selected project, which a reload keeps; amounts typed in
 * full-width digits or with 万元; text pasted with tabs and line breaks; a linked 年度指标值 in
 * one line; right-click menus on the tree and on indicator rows. Screenshots: /tmp/small-*.png.
 */

const PROJECTS = ['信息化运维经费', '教师培训经费', '宣传经费'] as const;

function makeDocument(file: string): void {
  // A 元 document, so that 38.41万元 has to be converted.
  TargetDocument.create(
    file,
    { department: '示例局', year: 2026, money: { unit: '元', decimals: 2 } },
    {},
    (doc) => {
      const unit = doc.addUnit('示例局本级');
      for (const name of PROJECTS) {
        const p = doc.addProject(unit, {
          name,
          fiscal: 1_250_000 as Cents,
          goal: `${name}的目标。`,
        });
        doc.addIndicator(p, {
          level2Code: '11',
          name: '培训人次',
          cycleValue: '≥500人次',
          annualValue: '≥500人次',
        });
        doc.addIndicator(p, {
          level2Code: '11',
          name: '培训期数',
          cycleValue: '12期',
          annualValue: '6期',
        });
      }
    },
  );
}

describe.skipIf(!HAS_CHROMIUM)('smaller things (end to end)', () => {
  let dir: string;
  let file: string;
  let web: WebProcess;
  let browser: Browser;
  let page: Page;
  const field = (name: string) => page.getByRole('textbox', { name, exact: true });
  const treeItem = (name: string) => page.getByRole('treeitem', { name: new RegExp(name) });
  const shot = (name: string) => page.screenshot({ path: `/tmp/small-${name}.png` });
  const onDisk = (name: string) => projectOnDisk(file, name);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-small-'));
    file = path.join(dir, '示例局2026年绩效目标表.jxmb');
    makeDocument(file);
    mkdirSync(SCREENSHOTS, { recursive: true });
    web = await startWeb([file], dir, { JXMB_STATE_DIR: path.join(dir, 'state') });
    browser = await launchChromium();
    page = await newPage(browser);
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(web.url).origin,
    });
    await page.goto(web.url);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('edits the 标题 and restores the standard one', async () => {
    const standard = '示例局 2026年项目支出绩效目标表（含转移支付项目）';
    await page.getByRole('button', { name: '编辑标题' }).click();
    const title = field('标题');
    expect(await title.inputValue()).toBe(standard);
    await title.fill('示例局2026年部门项目支出绩效目标表\t（修订稿） ');
    await title.press('Tab');
    await expect
      .poll(() => readDocument(file).title)
      .toBe('示例局2026年部门项目支出绩效目标表 （修订稿）');
    expect(readDocument(file).titleIsDerived).toBe(false);
    await expect
      .poll(() => title.inputValue())
      .toBe('示例局2026年部门项目支出绩效目标表 （修订稿）');
    await page.getByText('自定义标题').waitFor();
    await shot('01-title');
    await page.getByRole('button', { name: '恢复标准标题' }).click();
    await expect.poll(() => readDocument(file).titleIsDerived).toBe(true);
    await expect.poll(() => title.inputValue()).toBe(standard);
    expect(await page.getByRole('button', { name: '恢复标准标题' }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('moves through the tree from the selected project, and a reload keeps it', async () => {
    await treeItem(PROJECTS[0]).click();
    await expect.poll(() => field('项目名称').inputValue()).toBe(PROJECTS[0]);
    // The arrows go on from the project just clicked, not from the tree's top.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => field('项目名称').inputValue()).toBe(PROJECTS[1]);
    await page.reload();
    await expect.poll(() => field('项目名称').inputValue()).toBe(PROJECTS[1]);
    expect(await treeItem(PROJECTS[1]).getAttribute('aria-selected')).toBe('true');
    await shot('02-reloaded');
    // Into the tree by keyboard after the reload: from the restored project too.
    await page.locator('.unit-tree [role="tree"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => field('项目名称').inputValue()).toBe(PROJECTS[2]);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => field('项目名称').inputValue()).toBe(PROJECTS[0]);
  });

  it('takes full-width digits and 万元, converted into the document’s 元', async () => {
    await treeItem(PROJECTS[0]).click();
    const fiscal = field('财政拨款');
    await fiscal.fill('１２３．４５');
    await fiscal.press('Tab');
    await expect.poll(() => onDisk(PROJECTS[0])?.totals.fiscal).toBe(12_345);
    await expect.poll(() => fiscal.inputValue()).toBe('123.45');
    const other = field('其他资金');
    await other.fill('38.41万元');
    await other.press('Tab');
    await expect.poll(() => onDisk(PROJECTS[0])?.totals.other).toBe(38_410_000);
    await expect.poll(() => other.inputValue()).toBe('384100.00');
    expect(await field('总计').inputValue()).toBe('384,223.45');
    // Finer than a 分: refused with the reason, never rounded.
    await fiscal.fill('1.234元');
    await fiscal.press('Tab');
    await page.getByRole('alert').filter({ hasText: '超过 2 位小数' }).first().waitFor();
    await shot('03-amounts');
    // In 万元 the document could not show it: said so, with what it would be (host's words).
    await fiscal.fill('0.000001万元');
    await fiscal.press('Tab');
    await expect.poll(() => onDisk(PROJECTS[0])?.totals.fiscal).toBe(1);
    await fiscal.fill('0.0000001万元');
    await page
      .getByRole('alert')
      .filter({ hasText: '“0.0000001万元”不是有效金额（金额最小到分' })
      .first()
      .waitFor();
    await fiscal.fill('123.45');
    await fiscal.press('Tab');
    await expect.poll(() => onDisk(PROJECTS[0])?.totals.fiscal).toBe(12_345);
    await fiscal.focus();
    await fiscal.press('Escape');
    await expect.poll(() => fiscal.inputValue()).toBe('123.45');
    // The year field reads full-width digits too.
    const year = field('预算年度');
    await year.fill('２０２７');
    await year.press('Tab');
    await expect.poll(() => readDocument(file).year).toBe(2027);
    await expect.poll(() => year.inputValue()).toBe('2027');
  });

  it('stores pasted names on one line and goals without trailing blank lines', async () => {
    await treeItem(PROJECTS[0]).click();
    const name = field('项目名称');
    await name.click();
    await name.selectText();
    await page.evaluate(() => navigator.clipboard.writeText('社区服务\t经费\r\n（一期）\t\n'));
    await page.keyboard.press('Control+V');
    await name.press('Tab');
    await expect.poll(() => onDisk('社区服务 经费 （一期）')?.name).toBe('社区服务 经费 （一期）');
    await expect.poll(() => name.inputValue()).toBe('社区服务 经费 （一期）');

    const goal = field('年度目标（绩效目标）');
    await goal.click();
    await goal.selectText();
    await page.evaluate(() =>
      navigator.clipboard.writeText('目标一：完成培训。\r\n目标二：提高满意度。\r\n\r\n'),
    );
    await page.keyboard.press('Control+V');
    await goal.press('Tab');
    await expect
      .poll(() => onDisk('社区服务 经费 （一期）')?.goal)
      .toBe('目标一：完成培训。\n目标二：提高满意度。');
    await expect.poll(() => goal.inputValue()).toBe('目标一：完成培训。\n目标二：提高满意度。');

    const indicatorName = page.getByRole('group', { name: /^第1条指标/ }).getByRole('textbox', {
      name: '三级指标名称',
    });
    await indicatorName.click();
    await indicatorName.selectText();
    await page.evaluate(() => navigator.clipboard.writeText('培训\t人次\n'));
    await page.keyboard.press('Control+V');
    await indicatorName.press('Tab');
    await expect
      .poll(() => onDisk('社区服务 经费 （一期）')?.indicators[0]?.name)
      .toBe('培训 人次');
    // A space typed at the end survives the pause that sends it (the store trims it, the field
    // keeps it while the clerk is typing).
    await name.click();
    await name.press('End');
    await name.pressSequentially(' 二 ');
    await page.waitForTimeout(900);
    await name.pressSequentially('期');
    expect(await name.inputValue()).toBe('社区服务 经费 （一期） 二 期');
    await name.press('Tab');
    await expect
      .poll(() => onDisk('社区服务 经费 （一期） 二 期')?.name)
      .toBe('社区服务 经费 （一期） 二 期');
    await name.fill('社区服务 经费 （一期）');
    await name.press('Tab');
    await expect.poll(() => onDisk('社区服务 经费 （一期）')?.name).toBe('社区服务 经费 （一期）');
    await shot('04-pasted');
  });

  it('shows a linked 年度指标值 in one line until it is unlinked', async () => {
    await treeItem(PROJECTS[1]).click();
    const row1 = page.getByRole('group', { name: /^第1条指标/ });
    const row2 = page.getByRole('group', { name: /^第2条指标/ });
    const compact = row1.getByRole('button', { name: '年度指标值：同实施周期指标值' });
    await compact.waitFor();
    expect(await compact.textContent()).toBe('同实施周期指标值');
    // The own annual value of the second row is a field as before.
    expect(await row2.getByRole('textbox', { name: '年度指标值', exact: true }).inputValue()).toBe(
      '6期',
    );
    expect(await row2.getByRole('button', { name: '年度指标值：同实施周期指标值' }).count()).toBe(
      0,
    );
    await shot('05-linked-compact');

    // Going into it shows the field, with the cycle value; typing another value unlinks it.
    await compact.click();
    const annual = row1.getByRole('textbox', { name: '年度指标值', exact: true });
    await expect.poll(() => annual.evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await annual.inputValue()).toBe('≥500人次');
    await annual.fill('≥250人次');
    await annual.press('Tab');
    await expect.poll(() => onDisk(PROJECTS[1])?.indicators[0]?.annualFollowsCycle).toBe(false);
    expect(await compact.count()).toBe(0);
    await shot('06-unlinked');
    await row1.getByRole('button', { name: '关联年度指标值' }).click();
    await expect.poll(() => onDisk(PROJECTS[1])?.indicators[0]?.annualFollowsCycle).toBe(true);
    await page.locator('body').click({ position: { x: 700, y: 740 } });
    await compact.waitFor();
  });

  it('offers the toolbar’s commands on a right-click in the tree and on an indicator row', async () => {
    await treeItem(PROJECTS[2]).click({ button: 'right' });
    const treeMenu = page.getByRole('menu', { name: '资金使用单位和项目菜单' });
    await treeMenu.waitFor();
    expect(await field('项目名称').inputValue()).toBe(PROJECTS[2]);
    for (const item of ['添加资金使用单位', '添加项目', '上移', '下移', '删除']) {
      await treeMenu.getByRole('menuitem', { name: new RegExp(`${item}$`) }).waitFor();
    }
    expect(
      await treeMenu.getByRole('menuitem', { name: /下移$/ }).getAttribute('aria-disabled'),
    ).toBe('true');
    await shot('07-tree-menu');
    await treeMenu.getByRole('menuitem', { name: /上移$/ }).click();
    await expect
      .poll(() => readDocument(file).units[0]!.projects.map((p) => p.name))
      .toEqual(['社区服务 经费 （一期）', PROJECTS[2], PROJECTS[1]]);

    const row2 = page.getByRole('group', { name: /^第2条指标/ });
    await row2.locator('.ind-num').click({ button: 'right' });
    const rowMenu = page.getByRole('menu', { name: '指标菜单' });
    await rowMenu.waitFor();
    for (const item of ['在下方添加指标', '上移指标', '下移指标', '删除指标']) {
      await rowMenu.getByRole('menuitem', { name: new RegExp(`${item}$`) }).waitFor();
    }
    await rowMenu.getByRole('menuitem', { name: '更改类别' }).hover();
    await page.getByRole('menuitem', { name: /质量指标/ }).waitFor();
    await shot('08-row-menu');
    await page.getByRole('menuitem', { name: /质量指标/ }).click();
    await expect
      .poll(() => onDisk(PROJECTS[2])?.indicators.find((i) => i.name === '培训期数')?.level2.code)
      .toBe('12');
    // A right-click in a text field keeps the browser's own menu (paste).
    await page
      .getByRole('group', { name: /^第1条指标/ })
      .getByRole('textbox', { name: '三级指标名称' })
      .click({ button: 'right' });
    expect(await page.getByRole('menu', { name: '指标菜单' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page
      .getByRole('group', { name: /^第1条指标/ })
      .locator('.ind-num')
      .click({ button: 'right' });
    await page
      .getByRole('menu', { name: '指标菜单' })
      .getByRole('menuitem', { name: '删除指标' })
      .click();
    await expect.poll(() => onDisk(PROJECTS[2])?.indicators.length).toBe(1);
  });
});
