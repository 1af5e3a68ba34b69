import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textCellRows } from '../../db/import/cell-rows.ts';
import { isEmptyMark } from '../../db/import/forms/header-labels.ts';
import { drawnRows, drawPdf } from '../import/pdf-grid-draw.ts';
import { ownFixture, ROOT } from '../paths.ts';
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

/**
 * 由上年文件新建 from another region's table in the real editor (browser mode, Chromium at
 * 1366×768): a table that states no money unit is refused beside 上年文件的金额单位, with the
 * focus there and everything typed still in the form; 万元 picked, it is made, in 万元, and the
 * 导入说明 lists what the reader inferred and what to check. A table that states its unit goes
 * through without the question being answered; a unit picked against the stated one is refused
 * at the same place.
 */

const REGIONS = path.resolve(ROOT, '..', 'shared', 'fixtures', 'other-regions');
const EZHOU = path.join(REGIONS, 'ezhou-2022-binhu-dalou-yunxing.txt');
const XIANGTAN = path.join(REGIONS, 'xiangtan-huanwei-wupaoche-2023.txt');
const HAS_REGIONS = existsSync(EZHOU) && existsSync(XIANGTAN);
if (!HAS_REGIONS) {
  console.warn(
    `[skip] ${REGIONS} is absent: the real Ezhou and Xiangtan tables are not tried (the project's own fixtures are)`,
  );
}

/** 分 in one 万元. */
const WAN = 1_000_000;

describe.skipIf(!HAS_CHROMIUM)('由上年文件新建: the money unit of another region’s table', () => {
  let dir: string;
  let web: WebProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jxmb-prev-unit-'));
    // Browser mode reads only inside its folder: the sources are copied there.
    copyFileSync(
      ownFixture('other-regions/project-form-ezhou-like.txt'),
      path.join(dir, '食堂.txt'),
    );
    copyFileSync(
      ownFixture('other-regions/project-form-two-projects.txt'),
      path.join(dir, '两个项目.txt'),
    );
    // The same table as a ruled PDF, as a printer draws it (test/import/pdf-grid-forms.test.ts).
    const rows = textCellRows(
      readFileSync(ownFixture('other-regions/project-form-ezhou-like.txt'), 'utf8'),
    ).rows.map((r) => r.cells.map((c) => (isEmptyMark(c) ? '' : c)));
    writeFileSync(path.join(dir, '食堂.pdf'), await drawPdf(drawnRows(rows), 'lines'));
    if (HAS_REGIONS) {
      copyFileSync(EZHOU, path.join(dir, '鄂州.txt'));
      copyFileSync(XIANGTAN, path.join(dir, '湘潭.txt'));
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    web = await startWeb([], dir);
    browser = await launchChromium();
    page = await newPage(browser);
    page.setDefaultTimeout(20_000);
    await page.goto(web.url);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const wizard = () => page.getByRole('dialog', { name: '由上年文件新建' });
  const unitGroup = () => wizard().getByRole('radiogroup', { name: '上年文件的金额单位' });
  const notesDialog = () => page.getByRole('dialog', { name: '导入说明' });

  async function openWizard(): Promise<Locator> {
    await page.getByRole('button', { name: '由上年文件新建' }).first().click();
    await wizard().waitFor();
    return wizard();
  }

  /** The accessible name of the focused element and whether it is checked. */
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return `${el?.closest('label')?.textContent ?? ''}:${el?.type ?? ''}:${String(el?.checked)}`;
    });

  it('own table without a unit: refused at the unit question, nothing typed lost; 万元 makes it', async () => {
    const w = await openWizard();
    expect(await unitGroup().count()).toBe(0); // nothing typed yet: nothing to ask
    await w.getByRole('textbox', { name: '上年文件' }).fill('食堂.txt');
    await unitGroup().waitFor();
    expect(await unitGroup().getByRole('radio', { name: '按文件中写明（默认）' }).isChecked()).toBe(
      true,
    );
    // A document carries its own unit: no question for it.
    await w.getByRole('textbox', { name: '上年文件' }).fill('上年.jxmb');
    expect(await unitGroup().count()).toBe(0);
    await w.getByRole('textbox', { name: '上年文件' }).fill('食堂.txt');
    await w.getByRole('radio', { name: '沿用上年金额' }).check();
    await w.getByLabel('文件名').fill('食堂2024');
    await w.getByRole('button', { name: '创建新表' }).click();

    const alert = w.locator('#prev-unit-error');
    await alert.waitFor();
    const said = (await alert.textContent()) ?? '';
    expect(said).toContain('找不到金额单位');
    expect(said).toContain('请在上面选择“万元”或“元”');
    expect(said).not.toContain('--unit');
    expect(await unitGroup().getAttribute('aria-invalid')).toBe('true');
    await expect.poll(focused).toBe('按文件中写明（默认）:radio:true');
    // Shown at the field, not as a passing message; the form is as it was typed.
    expect(await page.locator('.ant-message').getByText('找不到金额单位').count()).toBe(0);
    expect(await w.getByRole('textbox', { name: '上年文件' }).inputValue()).toBe('食堂.txt');
    expect(await w.getByRole('radio', { name: '沿用上年金额' }).isChecked()).toBe(true);
    expect(await w.getByLabel('文件名').inputValue()).toBe('食堂2024');
    expect(existsSync(path.join(dir, '食堂2024.jxmb'))).toBe(false);
    await page.waitForTimeout(300); // the field's message appearing
    await screenshot(page, 'from-previous-unit-refused');

    // Arrow keys from the focused choice, as a clerk at the keyboard would.
    await page.keyboard.press('ArrowRight');
    expect(await unitGroup().getByRole('radio', { name: '万元' }).isChecked()).toBe(true);
    expect(await alert.count()).toBe(0);
    await w.getByRole('button', { name: '创建新表' }).click();

    await notesDialog().waitFor();
    await expect.poll(() => page.getByLabel('预算年度', { exact: true }).inputValue()).toBe('2024');
    const notes = (await notesDialog().textContent()) ?? '';
    expect(notes).toMatch(/请核对第 \d+ 行：项目“机关食堂运行保障”：最后一行只有 2 格/);
    expect(notes).toContain('表中没有注明金额单位，按指定的万元读取');
    await wizard().waitFor({ state: 'hidden' });
    await page.waitForTimeout(500); // the dialogs' and the drawer's animations
    await screenshot(page, 'from-previous-unit-notes');
    await notesDialog().getByRole('button', { name: '知道了' }).click();
    await notesDialog().waitFor({ state: 'hidden' });
    await page.getByRole('dialog', { name: '年份核对清单' }).waitFor();

    await page.getByLabel('项目：机关食堂运行保障').click();
    await expect
      .poll(() => page.getByRole('heading', { name: /^绩效指标/ }).textContent())
      .toContain('共 4 条');
    const doc = readDocument(path.join(dir, '食堂2024.jxmb'));
    expect(doc.money.unit).toBe('万元');
    const projects = doc.units.flatMap((u) => u.projects);
    expect(projects.map((p) => [p.name, p.indicators.length])).toEqual([['机关食堂运行保障', 4]]);
    // 合计 150.75 read as 万元 (as 元 it would be 10,000 times smaller), kept as asked.
    expect(projects[0]!.previous?.total).toBe(150.75 * WAN);
    expect(projects[0]!.totals.total).toBe(150.75 * WAN);
  });

  it('the same table as a PDF: refused at the unit question; 元 makes it in 元', async () => {
    const w = await openWizard();
    await w.getByRole('textbox', { name: '上年文件' }).fill('食堂.pdf');
    await w.getByLabel('文件名').fill('食堂PDF');
    await w.getByRole('button', { name: '创建新表' }).click();
    await w.locator('#prev-unit-error').waitFor();
    expect(await w.locator('#prev-unit-error').textContent()).toContain('找不到金额单位');
    await expect.poll(focused).toBe('按文件中写明（默认）:radio:true');

    await unitGroup().getByRole('radio', { name: '元', exact: true }).check();
    await w.getByRole('button', { name: '创建新表' }).click();
    await notesDialog().waitFor();
    // A PDF's notes name pages, not lines.
    expect(await notesDialog().textContent()).toMatch(/第 1 页：项目“机关食堂运行保障”/);
    await notesDialog().getByRole('button', { name: '知道了' }).click();
    const doc = readDocument(path.join(dir, '食堂PDF.jxmb'));
    expect(doc.money.unit).toBe('元');
    const projects = doc.units.flatMap((u) => u.projects);
    expect(projects.map((p) => [p.name, p.indicators.length])).toEqual([['机关食堂运行保障', 4]]);
    // 150.75 元 = 15075 分.
    expect(projects[0]!.previous?.total).toBe(15_075);
  });

  it('own table stating 万元: a unit picked against it is refused there; 按文件中写明 makes it', async () => {
    const w = await openWizard();
    await w.getByRole('textbox', { name: '上年文件' }).fill('两个项目.txt');
    await unitGroup().getByRole('radio', { name: '元', exact: true }).check();
    await w.getByLabel('文件名').fill('两个项目2025');
    await w.getByRole('button', { name: '创建新表' }).click();
    const alert = w.locator('#prev-unit-error');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('与指定的单位元不一致');
    expect(await alert.textContent()).toContain('请选择“按文件中写明”');
    await expect.poll(focused).toBe('元:radio:true');

    await unitGroup().getByRole('radio', { name: '按文件中写明（默认）' }).check();
    await w.getByRole('button', { name: '创建新表' }).click();
    await notesDialog().waitFor();
    expect(await notesDialog().textContent()).toContain('金额单位为万元');
    await notesDialog().getByRole('button', { name: '知道了' }).click();
    const doc = readDocument(path.join(dir, '两个项目2025.jxmb'));
    expect(doc.year).toBe(2025);
    expect(doc.units.flatMap((u) => u.projects).length).toBe(2);
    expect(doc.units.flatMap((u) => u.projects).flatMap((p) => p.indicators).length).toBe(11);
  });

  it.skipIf(!HAS_REGIONS)('Ezhou’s real table (no unit): refused, then made in 万元', async () => {
    const w = await openWizard();
    await w.getByRole('textbox', { name: '上年文件' }).fill('鄂州.txt');
    await w.getByLabel('文件名').fill('鄂州2023');
    await w.getByRole('button', { name: '创建新表' }).click();
    const alert = w.locator('#prev-unit-error');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('项目“滨湖大胆办公大楼运行保障”');
    expect(await alert.textContent()).toContain('找不到金额单位');
    await expect.poll(focused).toBe('按文件中写明（默认）:radio:true');
    await page.waitForTimeout(300);
    await screenshot(page, 'from-previous-unit-ezhou-refused');

    await unitGroup().getByRole('radio', { name: '万元' }).check();
    await w.getByRole('button', { name: '创建新表' }).click();
    await notesDialog().waitFor();
    const notes = (await notesDialog().textContent()) ?? '';
    expect(notes).toContain('表格在此截断');
    expect(notes).toContain('部门名称取自标题“鄂州市”');
    await notesDialog().getByRole('button', { name: '知道了' }).click();

    await page.getByLabel('项目：滨湖大胆办公大楼运行保障').click();
    await expect
      .poll(() => page.getByRole('heading', { name: /^绩效指标/ }).textContent())
      .toContain('共 7 条');
    const doc = readDocument(path.join(dir, '鄂州2023.jxmb'));
    expect(doc.year).toBe(2023);
    const projects = doc.units.flatMap((u) => u.projects);
    expect(projects.map((p) => [p.name, p.indicators.length])).toEqual([
      ['滨湖大胆办公大楼运行保障', 7],
    ]);
    expect(projects[0]!.previous?.total).toBe(814 * WAN);
  });

  it.skipIf(!HAS_REGIONS)(
    'Xiangtan’s real table (单位:万元) goes through without asking',
    async () => {
      const w = await openWizard();
      await w.getByRole('textbox', { name: '上年文件' }).fill('湘潭.txt');
      await w.getByLabel('文件名').fill('湘潭2024');
      await w.getByRole('button', { name: '创建新表' }).click();
      await notesDialog().waitFor();
      expect(await w.locator('#prev-unit-error').count()).toBe(0);
      expect(await notesDialog().textContent()).toContain('金额单位为万元');
      await wizard().waitFor({ state: 'hidden' });
      await page.waitForTimeout(500);
      await screenshot(page, 'from-previous-unit-xiangtan-notes');
      await notesDialog().getByRole('button', { name: '知道了' }).click();
      await page.getByLabel('项目：雾炮车降尘抑尘服务').click();
      await expect
        .poll(() => page.getByRole('heading', { name: /^绩效指标/ }).textContent())
        .toContain('共 7 条');
      const doc = readDocument(path.join(dir, '湘潭2024.jxmb'));
      expect(doc.year).toBe(2024);
      const projects = doc.units.flatMap((u) => u.projects);
      expect(projects.map((p) => [p.name, p.indicators.length])).toEqual([
        ['雾炮车降尘抑尘服务', 7],
      ]);
      expect(projects[0]!.previous?.total).toBe(250 * WAN);
    },
  );
});
