import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { runCli } from '../cli/run.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE } from '../helpers.ts';
import {
  HAS_CHROMIUM,
  launchChromium,
  newPage,
  screenshot,
  SCREENSHOTS,
  startWeb,
  type WebProcess,
} from './harness.ts';

/**
 * A clerk's whole session in browser mode, through the real UI: each step is what a clerk does
 * and each check is what the clerk would see — then the file is opened to see what was saved.
 * The steps build on each other, so they run in order in one page.
 */
describe.skipIf(!HAS_CHROMIUM)('a clerk drafts a table in the editor', () => {
  let dir: string;
  let web: WebProcess;
  let browser: Browser;
  let page: Page;
  const file = () => path.join(dir, '示例局2026年绩效目标表.jxmb');
  const field = (name: string) => page.getByRole('textbox', { name, exact: true });
  const saved = async () => {
    // Edits are sent after a short pause in typing; the status bar says when they are saved.
    await page.waitForTimeout(600);
    await page.getByText('已自动保存').waitFor();
  };
  const fromFile = () => {
    const doc = TargetDocument.open(file(), { readonly: true });
    try {
      return doc.snapshot();
    } finally {
      doc.close();
    }
  };

  const consoleLines: string[] = [];

  beforeAll(async () => {
    // Not tempDir(): that one is removed after each test, and these steps share one document.
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-e2e-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    web = await startWeb([], dir);
    browser = await launchChromium();
    page = await newPage(browser);
    page.on('pageerror', (e) => console.log('page error:', e.message));
    page.on('console', (m) => consoleLines.push(m.text()));
    await page.goto(web.url);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a new document with 部门名称 and 预算年度', async () => {
    // The token in the address was traded for a cookie and removed from the address bar.
    expect(page.url()).not.toContain('token');
    await field('部门名称').fill('示例局');
    await field('预算年度').fill('2026');
    await page.getByRole('button', { name: '创建文档' }).click();
    await page.getByText('示例局2026年绩效目标表.jxmb').waitFor();
    expect(existsSync(file())).toBe(true);
    expect(await field('部门名称').inputValue()).toBe('示例局');
    await screenshot(page, 'editor-01-new');
  });

  it('adds a unit and a project whose 总计 updates as amounts are typed', async () => {
    await page.getByRole('button', { name: '添加资金使用单位' }).click();
    await field('资金使用单位').fill('示例局本级');
    await page.getByRole('button', { name: '添加项目' }).click();
    await field('项目名称').fill('信息化运维经费');
    await field('财政拨款').fill('12.5');
    await field('其他资金').fill('0.56');
    await expect.poll(() => field('总计').inputValue()).toBe('13.06');
    // Amounts are exact, with at most two decimals and never negative.
    await field('财政专户拨款').fill('-1');
    await page.getByText('金额不能为负数').waitFor();
    await field('财政专户拨款').fill('');
    await field('年度目标（绩效目标）').fill('保障系统全年稳定运行。');
    await saved();
    const p = fromFile().units[0]!.projects[0]!;
    expect(p.name).toBe('信息化运维经费');
    expect(p.totals).toEqual({
      fiscal: 12_500_000,
      specialAccount: 0,
      other: 560_000,
      total: 13_060_000,
    });
    await screenshot(page, 'editor-02-project');
  });

  it('adds indicators in several categories, chosen from the document’s tree only', async () => {
    for (const [k, category] of ['数量指标', '社会效益', '服务对象满意度'].entries()) {
      await page.getByRole('button', { name: '添加指标' }).click();
      // The menu offers exactly the second-level categories of the tree: nothing to type.
      await page.getByRole('menuitem', { name: new RegExp(category) }).click();
      // Each one is on screen before the menu is opened again (its menu has closed by then).
      await expect.poll(() => field('三级指标名称').count()).toBe(k + 1);
    }
    await field('三级指标名称').nth(0).fill('系统巡检次数');
    await field('实施周期指标值').nth(0).fill('巡检12次');
    await saved();
    const indicators = fromFile().units[0]!.projects[0]!.indicators;
    expect(indicators.map((i) => i.level2.code)).toEqual(['11', '22', '31']);
    // The store itself refuses a category outside the tree, whatever a page might send.
    const refused = await page.evaluate(async () => {
      const token = document.querySelector('meta[name="jxmb-token"]')!.getAttribute('content');
      const r = await fetch('/api/addIndicator', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ projectId: 1, level2Code: '15' }),
      });
      return (await r.json()) as { ok: boolean; error: string };
    });
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain('不是本表指标体系中的二级指标');
  });

  it('mirrors the annual value while linked, unlinks on a different value, relinks in one click', async () => {
    const cycle = field('实施周期指标值').nth(0);
    const annual = field('年度指标值').nth(0);
    await cycle.fill('巡检24次');
    // Linked: one line (同实施周期指标值) until the clerk goes into it, then the cycle value.
    const compact = page.getByRole('button', { name: '年度指标值：同实施周期指标值' }).first();
    await compact.click();
    await expect.poll(() => annual.inputValue()).toBe('巡检24次');
    await annual.fill('巡检12次');
    await page.getByRole('button', { name: '关联年度指标值' }).first().waitFor();
    await saved();
    let i = fromFile().units[0]!.projects[0]!.indicators[0]!;
    expect(i).toMatchObject({
      cycleValue: '巡检24次',
      annualValue: '巡检12次',
      annualFollowsCycle: false,
    });
    await screenshot(page, 'editor-03-unlinked');
    await page.getByRole('button', { name: '关联年度指标值' }).first().click();
    await compact.waitFor();
    await compact.click();
    await expect.poll(() => annual.inputValue()).toBe('巡检24次');
    await saved();
    i = fromFile().units[0]!.projects[0]!.indicators[0]!;
    expect(i).toMatchObject({ annualValue: '巡检24次', annualFollowsCycle: true });
  });

  it('shows findings, and a click on one focuses its field', async () => {
    await page.getByRole('button', { name: '审核', exact: true }).click();
    const finding = page.getByText(/三级指标名称为空|缺少三级指标名称|三级指标名称.*空/).first();
    await finding.waitFor();
    await screenshot(page, 'editor-04-findings');
    await finding.click();
    // The field is focused once the project and its row are drawn (focusWhenReady).
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('三级指标名称');
    // The checks ran in their own thread (renderer/src/check), not on the page's.
    expect(page.workers().map((w) => w.url())).toEqual([
      expect.stringMatching(/\/assets\/worker-.*\.js$/),
    ]);
    expect(consoleLines.filter((l) => l.includes('审核线程不可用'))).toEqual([]);
  });

  it('undoes and redoes with Ctrl+Z / Ctrl+Y', async () => {
    await page.keyboard.press('Escape');
    const name = field('项目名称');
    await name.fill('信息化运维经费（调整）');
    await saved();
    await page.locator('body').click({ position: { x: 700, y: 740 } });
    const note = page.getByRole('status', { name: '操作提示' });
    await page.keyboard.press('Control+z');
    await expect.poll(() => name.inputValue()).toBe('信息化运维经费');
    await expect.poll(() => note.textContent()).toMatch(/^已撤销：/);
    await page.keyboard.press('Control+y');
    await expect.poll(() => name.inputValue()).toBe('信息化运维经费（调整）');
    await expect.poll(() => note.textContent()).toMatch(/^已重做：/);
    await saved();
    expect(fromFile().units[0]!.projects[0]!.name).toBe('信息化运维经费（调整）');
  });

  it('deletes a project after confirmation, and undo brings it back', async () => {
    await page.getByRole('treeitem', { name: /信息化运维经费/ }).click();
    await page.getByRole('button', { name: '删除', exact: true }).click();
    await page
      .getByRole('button', { name: /确定|删除/ })
      .last()
      .click();
    await expect.poll(() => fromFile().units[0]!.projects.length).toBe(0);
    await screenshot(page, 'editor-05-deleted');
    await page.keyboard.press('Control+z');
    await expect.poll(() => fromFile().units[0]!.projects.length).toBe(1);
    expect(fromFile().units[0]!.projects[0]!.indicators).toHaveLength(3);
  });

  it('keeps everything after a reload', async () => {
    await page.reload();
    await page.getByRole('treeitem', { name: /信息化运维经费/ }).click();
    expect(await field('项目名称').inputValue()).toBe('信息化运维经费（调整）');
    expect(await field('总计').inputValue()).toBe('13.06');
    expect(await field('实施周期指标值').nth(0).inputValue()).toBe('巡检24次');
    await screenshot(page, 'editor-06-reloaded');
  });

  it('changes the money unit in 文档属性: amounts shown and typed in 元, converted exactly', async () => {
    const properties = page.getByRole('dialog', { name: '文档属性' });
    const unitButton = page.getByRole('button', { name: /^金额单位/ });
    expect(await unitButton.textContent()).toBe('万元（2 位小数）');
    await unitButton.click();
    await properties.waitFor();
    await properties.getByRole('radio', { name: '元', exact: true }).check();
    await properties.getByRole('button', { name: '应用金额单位' }).click();
    await properties.waitFor({ state: 'hidden' });
    // 13.06 万元 is 130,600.00 元: the same amounts, shown in 元.
    await expect.poll(() => field('总计').inputValue()).toBe('130,600.00');
    expect(await field('财政拨款').inputValue()).toBe('125000.00');
    expect(await field('其他资金').inputValue()).toBe('5600.00');
    expect(await page.getByLabel('合计', { exact: true }).textContent()).toBe('合计 130,600.00 元');
    expect(await unitButton.textContent()).toBe('元（2 位小数）');
    expect(fromFile().money).toEqual({ unit: '元', decimals: 2 });
    await screenshot(page, 'editor-06b-yuan');

    // Typed in 元, to the 分.
    await field('其他资金').fill('5600.01');
    await saved();
    expect(fromFile().units[0]!.projects[0]!.totals.other).toBe(560_001);

    // 万元 with two decimals cannot show 0.560001 万元: refused with the store's message.
    await unitButton.click();
    await properties.getByRole('radio', { name: '万元', exact: true }).check();
    await properties.getByRole('button', { name: '应用金额单位' }).click();
    await properties
      .getByRole('alert')
      .getByText('项目“信息化运维经费（调整）”的其他资金为 0.560001 万元', { exact: false })
      .waitFor();
    await screenshot(page, 'editor-06c-money-refused');
    expect(fromFile().money).toEqual({ unit: '元', decimals: 2 });
    // Six decimals show every 分.
    await properties.getByRole('combobox', { name: '小数位数' }).click();
    await page.locator('.ant-select-item-option[title="6 位"]').click();
    await properties.getByRole('button', { name: '应用金额单位' }).click();
    await properties.waitFor({ state: 'hidden' });
    await expect.poll(() => field('其他资金').inputValue()).toBe('0.560001');
    expect(await field('总计').inputValue()).toBe('13.060001');
    expect(fromFile().money).toEqual({ unit: '万元', decimals: 6 });
  });

  it('opens the imported published table and exports it as valid DOCX, PDF and XLSX', async () => {
    const imported = path.join(dir, '番禺2024.jxmb');
    const source = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');
    expect(runCli(['import', source, '-o', imported]).status).toBe(0);
    await page.getByRole('button', { name: '打开', exact: true }).click();
    await field('文档路径').fill(imported);
    await page.getByRole('button', { name: '打开文档' }).last().click();
    await page.getByText('番禺2024.jxmb').waitFor();
    await page.getByRole('dialog', { name: '打开文档' }).waitFor({ state: 'hidden' });
    await screenshot(page, 'editor-07-fixture');
    if (HAS_PANYU) await page.getByText('10,584.83').first().waitFor();

    for (const [button, ext, magic] of [
      ['导出 PDF', 'pdf', '%PDF-'],
      ['导出 Word', 'docx', 'PK'],
      ['导出 Excel', 'xlsx', 'PK'],
    ] as const) {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: button }).click();
      const d = await download;
      const out = path.join(dir, `export.${ext}`);
      await d.saveAs(out);
      expect(d.suggestedFilename()).toBe(`番禺2024.${ext}`);
      expect(readFileSync(out).subarray(0, magic.length).toString('latin1')).toBe(magic);
      if (ext === 'pdf' && hasTool('pdftotext')) {
        const text = execFileSync('pdftotext', ['-layout', out, '-']).toString();
        expect(text).toContain('项目支出绩效目标表');
        if (HAS_PANYU) expect(text).toContain('10,584.83');
      }
      if (ext === 'xlsx' && hasTool('unzip')) {
        const xml = execFileSync('unzip', ['-p', out, 'xl/worksheets/sheet1.xml']).toString();
        // The official table: the header row repeated on every page is frozen too.
        expect(xml).toContain('state="frozen"');
        if (HAS_PANYU) expect(xml).toContain('<v>10584.83</v>');
      }
      if (ext === 'docx' && hasTool('unzip')) {
        const xml = execFileSync('unzip', ['-p', out, 'word/document.xml']).toString();
        expect(xml).toContain('<w:tblHeader');
      }
    }
  });

  // A project of the published table with 9 indicators, the first of them in 1-产出指标.
  it.skipIf(!HAS_PANYU)(
    'shows a project’s header and at least six of its indicators on a 1366×768 screen',
    async () => {
      expect(page.viewportSize()).toEqual({ width: 1366, height: 768 });
      await page.getByRole('treeitem', { name: /项目：培训经费/ }).click();
      await expect.poll(() => field('项目名称').inputValue()).toBe('培训经费');
      // What the clerk sees without scrolling: the editor's scrolling area, within the window.
      const seen = await page.evaluate(() => {
        const content = document.getElementById('content')!;
        const area = content.getBoundingClientRect();
        const top = Math.max(area.top, 0);
        const bottom = Math.min(area.bottom, window.innerHeight);
        const inside = (el: Element) => {
          const b = el.getBoundingClientRect();
          return b.height > 0 && b.top >= top && b.bottom <= bottom && b.right <= window.innerWidth;
        };
        const header: Record<string, boolean> = {};
        for (const name of [
          '项目名称',
          '财政拨款',
          '财政专户拨款',
          '其他资金',
          '总计',
          '项目总体目标',
          '年度目标（绩效目标）',
        ]) {
          header[name] = [...content.querySelectorAll(`[aria-label="${name}"]`)].some(inside);
        }
        const rows = [...content.querySelectorAll('[role="group"][aria-label^="第"]')];
        return {
          scrollTop: content.scrollTop,
          header,
          rows: rows.length,
          visible: rows.filter(inside).length,
        };
      });
      expect(seen.scrollTop).toBe(0);
      expect(seen.header).toEqual({
        项目名称: true,
        财政拨款: true,
        财政专户拨款: true,
        其他资金: true,
        总计: true,
        项目总体目标: true,
        '年度目标（绩效目标）': true,
      });
      expect(seen.rows).toBe(9);
      expect(seen.visible).toBeGreaterThanOrEqual(6);
      await screenshot(page, 'editor-08-compact');

      // 指标详情 opens under its row (▸), and closes with Alt+Enter from the row's fields.
      const row = page.getByRole('group', { name: /^第1条指标/ });
      await row.getByRole('button', { name: '指标详情' }).click();
      const detail = row.getByRole('region', { name: '指标详情' });
      await expect.poll(() => detail.textContent()).toContain('1-产出指标 › 11-数量指标');
      await row.getByRole('textbox', { name: '三级指标名称' }).press('Alt+Enter');
      await detail.waitFor({ state: 'detached' });
      // 更多项目信息 opens under the goals, with the project's 资金使用单位.
      const more = page.getByRole('button', { name: '更多项目信息' });
      await more.click();
      const facts = page.getByRole('region', { name: '更多项目信息' });
      await expect
        .poll(() => facts.getByRole('combobox', { name: '资金使用单位' }).count())
        .toBe(1);
      expect(await facts.textContent()).toContain('区委组织部本级');
      await more.click();
      await facts.waitFor({ state: 'detached' });
    },
  );
});

function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
