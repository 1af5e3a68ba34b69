import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textCellRows } from '../../db/import/cell-rows.ts';
import { ownFixture } from '../paths.ts';
import { FORMS, writeFormWorkbook } from '../service/workbooks.ts';
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
 * Workbooks in the real editor (browser mode, Chromium at 1366×768): 打开 of an .xlsx imports it
 * into a new document beside it and shows the 导入说明 with sheet and row; a workbook stating no
 * money unit is refused beside 表格的金额单位 in the 打开 dialog, then made in the unit picked; a
 * large one shows 正在读取… with its name and seconds, and 取消 stops it without writing; and
 * 由上年文件新建 takes a workbook as last year's table.
 */

/** `copies` times the two-project form down one sheet (each project renamed): seconds to read. */
async function writeLargeWorkbook(file: string, copies: number): Promise<void> {
  const text = readFileSync(ownFixture(`other-regions/${FORMS.twoProjects.fixture}.txt`), 'utf8');
  const rows = textCellRows(text).rows.map((r) => r.cells);
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('申报表');
  let at = 1;
  for (let k = 1; k <= copies; k++) {
    for (const cells of rows) {
      cells.forEach((c, j) => {
        if (c !== '')
          ws.getCell(at, j + 1).value = c.replace(
            /^(教师专业发展培训|校园安全设施维护)$/,
            `$1${k}`,
          );
      });
      at++;
    }
  }
  await book.xlsx.writeFile(file);
}

describe.skipIf(!HAS_CHROMIUM)('workbooks through 打开 and 由上年文件新建', () => {
  let dir: string;
  let web: WebProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jxmb-open-workbook-'));
    await writeFormWorkbook(FORMS.twoProjects.fixture, path.join(dir, '教育局.xlsx'));
    await writeFormWorkbook(FORMS.noUnit.fixture, path.join(dir, '食堂.xlsx'));
    await writeFormWorkbook(FORMS.twoProjects.fixture, path.join(dir, '上年.xlsx'));
    await writeLargeWorkbook(path.join(dir, '大表.xlsx'), 400);
    mkdirSync(SCREENSHOTS, { recursive: true });
    web = await startWeb([], dir);
    browser = await launchChromium();
    page = await newPage(browser);
    page.setDefaultTimeout(30_000);
    await page.goto(web.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const notesDialog = () => page.getByRole('dialog', { name: '导入说明' });
  const documents = () => readdirSync(dir).filter((f) => f.endsWith('.jxmb'));

  it('打开 of a workbook on the start page: a new document beside it, with the notes', async () => {
    const source = path.join(dir, '教育局.xlsx');
    const before = readFileSync(source);
    const open = page.getByRole('region', { name: '打开' });
    await open.getByRole('textbox', { name: '文档路径' }).fill('教育局.xlsx');
    // A table: its unit is asked (stated by default), and the new document's name.
    const unit = open.getByRole('radiogroup', { name: '表格的金额单位' });
    await unit.waitFor();
    expect(await unit.getByRole('radio', { name: '按文件中写明（默认）' }).isChecked()).toBe(true);
    await screenshot(page, 'open-workbook-start');
    await open.getByRole('button', { name: '打开文档' }).click();

    await notesDialog().waitFor();
    const notes = (await notesDialog().textContent()) ?? '';
    expect(notes).toContain('读取表格“教育局.xlsx”时所作的推断');
    expect(notes).toMatch(/工作表“申报表”第 \d+ 行：/);
    expect(notes).toContain('；表格本身未作任何改动');
    await page.waitForTimeout(500); // the dialog's animation
    await screenshot(page, 'open-workbook-notes');
    await notesDialog().getByRole('button', { name: '知道了' }).click();
    await notesDialog().waitFor({ state: 'hidden' });

    await page.getByLabel('项目：教师专业发展培训').waitFor();
    await page.getByLabel('项目：校园安全设施维护').click();
    await expect
      .poll(() => page.getByRole('heading', { name: /^绩效指标/ }).textContent())
      .toContain('共 3 条');
    await screenshot(page, 'open-workbook-editor');
    expect(documents()).toEqual(['教育局.jxmb']);
    const doc = readDocument(path.join(dir, '教育局.jxmb'));
    expect(doc.units.flatMap((u) => u.projects).length).toBe(FORMS.twoProjects.projects);
    expect(readFileSync(source).equals(before)).toBe(true);
  });

  it('a workbook stating no unit: refused beside the question in 打开; 万元 makes it', async () => {
    await page.getByRole('button', { name: '打开', exact: true }).click();
    const open = page.getByRole('dialog', { name: '打开文档' });
    await open.getByRole('textbox', { name: '文档路径' }).fill('食堂.xlsx');
    await open.getByRole('textbox', { name: '导入后的文件名' }).fill('食堂2023');
    await open.getByRole('button', { name: '打开文档' }).click();
    const alert = open.locator('#open-unit-error');
    await alert.waitFor();
    const said = (await alert.textContent()) ?? '';
    expect(said).toMatch(/工作表“申报表”第 \d+ 行/);
    expect(said).toContain('找不到金额单位');
    expect(said).toContain('再点“打开”');
    expect(said).not.toContain('--unit');
    expect(await page.locator('.ant-message').getByText('找不到金额单位').count()).toBe(0);
    expect(existsSync(path.join(dir, '食堂2023.jxmb'))).toBe(false);
    await page.waitForTimeout(300);
    await screenshot(page, 'open-workbook-unit-refused');

    const unit = open.getByRole('radiogroup', { name: '表格的金额单位' });
    await unit.getByRole('radio', { name: '万元' }).check();
    expect(await alert.count()).toBe(0);
    await open.getByRole('button', { name: '打开文档' }).click();
    await notesDialog().waitFor();
    expect(await notesDialog().textContent()).toContain('按指定的万元读取');
    await notesDialog().getByRole('button', { name: '知道了' }).click();
    await page.getByLabel('项目：机关食堂运行保障').waitFor();
    expect(readDocument(path.join(dir, '食堂2023.jxmb')).money.unit).toBe('万元');
  });

  it('a large workbook shows 正在读取… with its name and seconds; 取消 writes nothing', async () => {
    await page.getByRole('button', { name: '打开', exact: true }).click();
    const open = page.getByRole('dialog', { name: '打开文档' });
    await open.getByRole('textbox', { name: '文档路径' }).fill('大表.xlsx');
    const before = documents();
    await open.getByRole('button', { name: '打开文档' }).click();
    const status = page.getByRole('status').filter({ hasText: '正在读取“大表.xlsx”' });
    await status.waitFor();
    // The seconds count while it reads.
    await expect.poll(() => status.textContent()).toMatch(/正在读取“大表\.xlsx”…（[1-9]\d* 秒）/);
    await screenshot(page, 'open-workbook-reading');
    await status.getByRole('button', { name: '取消' }).click();
    await page.locator('.ant-message').getByText('已取消读取，未新建文档').waitFor();
    await status.waitFor({ state: 'hidden' });
    // The document open before is still the one shown, and nothing new was written.
    await page.getByLabel('项目：机关食堂运行保障').waitFor();
    await page.waitForTimeout(1000);
    expect(documents()).toEqual(before);
    await page.keyboard.press('Escape');
  });

  it('由上年文件新建 from a workbook: next year’s table, notes by sheet, then the year review', async () => {
    await page.getByRole('dialog', { name: '打开文档' }).waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: '由上年文件新建' }).first().click();
    const wizard = page.getByRole('dialog', { name: '由上年文件新建' });
    await wizard.getByRole('textbox', { name: '上年文件' }).fill('上年.xlsx');
    await wizard.getByRole('radiogroup', { name: '上年文件的金额单位' }).waitFor();
    await wizard.getByRole('button', { name: '创建新表' }).click();
    await notesDialog().waitFor();
    const notes = (await notesDialog().textContent()) ?? '';
    expect(notes).toContain('读取上年表格时所作的推断');
    expect(notes).toMatch(/工作表“申报表”第 \d+ 行：/);
    await page.waitForTimeout(500);
    await screenshot(page, 'from-previous-workbook-notes');
    await notesDialog().getByRole('button', { name: '知道了' }).click();
    await page.getByRole('dialog', { name: '年份核对清单' }).waitFor();
    await expect.poll(() => page.getByLabel('预算年度', { exact: true }).inputValue()).toBe('2025');
    const made = path.join(dir, '示例市示例区教育局2025年绩效目标表.jxmb');
    expect(readDocument(made).previousYear).toBe(2024);
  });
});
