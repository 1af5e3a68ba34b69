import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { rollover } from '../../db/rollover/index.ts';
import type { ProjectData } from '../../db/shared/types.ts';
import { wanCents } from '../amounts.ts';
import {
  HAS_CHROMIUM,
  launchChromium,
  newPage,
  readDocument,
  startWeb,
  type WebProcess,
} from './harness.ts';

/**
 * 复制 / 粘贴 through the real UI at 1366×768: a project by the tree's buttons into another
 * unit and back with Ctrl+Z; two indicators picked by their numbers, Ctrl+C, another project,
 * Ctrl+V, and back with Ctrl+Z. Each step is checked in the file; screenshots in /tmp/copy-*.png.
 */

function makeDocument(file: string): void {
  TargetDocument.create(file, { department: '示例局', year: 2026 }, {}, (doc) => {
    const own = doc.addUnit('示例局本级');
    const centre = doc.addUnit('示例中心');
    const p = doc.addProject(own, { name: '培训经费', fiscal: wanCents(3841), goal: '培训。' });
    doc.addIndicator(p, { level2Code: '11', name: '培训期数', cycleValue: '12期', weight: '10' });
    doc.addIndicator(p, { level2Code: '12', name: '合格率', cycleValue: '≥95%' });
    doc.addIndicator(p, { level2Code: '31', name: '参训人员满意度', cycleValue: '≥90%' });
    doc.addProject(own, { name: '宣传经费', fiscal: wanCents(1000) });
    const q = doc.addProject(centre, { name: '设备购置', fiscal: wanCents(5000) });
    doc.addIndicator(q, { level2Code: '11', name: '购置台数', cycleValue: '10台' });
  });
}

describe.skipIf(!HAS_CHROMIUM)('copy and paste in the editor (end to end)', () => {
  let dir: string;
  let file: string;
  let web: WebProcess;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(tmpdir(), `copy-${name}.png`) });
  const all = (): ProjectData[] => readDocument(file).units.flatMap((u) => u.projects);
  const onDisk = (name: string) => all().find((p) => p.name === name);
  const treeItem = (label: RegExp) => page.getByRole('treeitem', { name: label });
  /** Waits until the file shows `check` true (edits are saved as the host answers). */
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await page.waitForTimeout(100);
    expect(check()).toBe(true);
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-copy-'));
    file = path.join(dir, '示例局2026年绩效目标表.jxmb');
    makeDocument(file);
    web = await startWeb([file], dir);
    browser = await launchChromium();
    page = await newPage(browser);
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await page.goto(web.url);
    await treeItem(/培训经费/).click();
    await page.getByRole('textbox', { name: '项目名称', exact: true }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies a project by the toolbar into another unit, named （副本）; Ctrl+Z takes it back', async () => {
    await page.getByRole('button', { name: '复制项目' }).click();
    await page.getByText(/已复制项目“培训经费”（连同 3 条指标）/).waitFor();
    await treeItem(/资金使用单位：示例中心/).click();
    await page.getByRole('button', { name: '粘贴', exact: true }).click();
    await treeItem(/培训经费（副本）/).waitFor();
    await page.getByText(/已粘贴为“培训经费（副本）”（在“示例中心”）/).waitFor();
    // The copy is selected and shown, with its indicators.
    expect(await page.getByRole('textbox', { name: '项目名称', exact: true }).inputValue()).toBe(
      '培训经费（副本）',
    );
    await shot('01-project-pasted');
    const data = readDocument(file);
    const copy = data.units[1]!.projects.find((p) => p.name === '培训经费（副本）')!;
    const original = onDisk('培训经费')!;
    expect(copy.totals).toEqual(original.totals);
    expect(copy.goal).toBe('培训。');
    expect(copy.indicators.map((i) => [i.name, i.cycleValue, i.weight])).toEqual(
      original.indicators.map((i) => [i.name, i.cycleValue, i.weight]),
    );

    await page.keyboard.press('Control+Z');
    await treeItem(/培训经费（副本）/).waitFor({ state: 'detached' });
    await until(() => onDisk('培训经费（副本）') === undefined);
    expect(all().map((p) => p.name)).toEqual(['培训经费', '宣传经费', '设备购置']);
    await shot('02-project-undone');
  });

  it('copies two indicators with Ctrl+C and pastes them into another project with Ctrl+V', async () => {
    await treeItem(/项目：培训经费/).click();
    await page.getByRole('button', { name: '选中第1条指标' }).click();
    await page.getByRole('button', { name: '选中第3条指标' }).click({ modifiers: ['Control'] });
    await page.getByRole('button', { name: '复制所选指标（2）' }).waitFor();
    await shot('03-indicators-picked');
    await page.keyboard.press('Control+C');
    await page.getByText('已复制 2 条指标').first().waitFor();

    await treeItem(/设备购置/).click();
    await page.getByRole('textbox', { name: '项目名称', exact: true }).waitFor();
    await page.keyboard.press('Control+V');
    await page.getByText('已粘贴 2 条指标').first().waitFor();
    await until(() => onDisk('设备购置')!.indicators.length === 3);
    expect(onDisk('设备购置')!.indicators.map((i) => [i.level2.code, i.name])).toEqual([
      ['11', '购置台数'],
      ['11', '培训期数'],
      ['31', '参训人员满意度'],
    ]);
    await page.getByRole('group', { name: /第\d+条指标：参训人员满意度/ }).waitFor();
    await shot('04-indicators-pasted');

    // Blur the field the paste focused: Ctrl+Z there would be the text's own.
    await treeItem(/设备购置/).click();
    await page.keyboard.press('Control+Z');
    await until(() => onDisk('设备购置')!.indicators.length === 1);
    await page.getByRole('group', { name: /参训人员满意度/ }).waitFor({ state: 'detached' });
  });

  it('leaves Ctrl+C in a text field to the text', async () => {
    const name = page.getByRole('textbox', { name: '项目名称', exact: true });
    await name.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    await page.waitForTimeout(400);
    expect(await page.getByText(/已复制项目/).count()).toBe(0);
    expect(await name.inputValue()).toBe('设备购置');
  });
});

describe.skipIf(!HAS_CHROMIUM)('从上年表格复制指标 (end to end)', () => {
  let dir: string;
  let file: string;
  let web: WebProcess;
  let browser: Browser;
  let page: Page;
  const indicators = () =>
    readDocument(file).units[0]!.projects.find((p) => p.name === '党员教育培训')!.indicators;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-copy-previous-'));
    const source = path.join(dir, '2025.jxmb');
    TargetDocument.create(source, { department: '区委组织部', year: 2025 }, {}, (doc) => {
      const unit = doc.addUnit('区委组织部本级');
      const p = doc.addProject(unit, { name: '党员教育培训', fiscal: wanCents(3841) });
      doc.addIndicator(p, { level2Code: '11', name: '培训期数', cycleValue: '12期' });
      doc.addIndicator(p, { level2Code: '12', name: '合格率', cycleValue: '≥95%' });
      doc.addIndicator(p, { level2Code: '31', name: '满意度', cycleValue: '≥90%' });
    });
    file = path.join(dir, '2026.jxmb');
    await rollover(source, file);
    const doc = TargetDocument.open(file);
    for (const i of doc.snapshot().units[0]!.projects[0]!.indicators) doc.deleteIndicator(i.id);
    doc.close();
    web = await startWeb([file], dir);
    browser = await launchChromium();
    page = await newPage(browser);
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await page.goto(web.url);
    await page.getByRole('treeitem', { name: /党员教育培训/ }).click();
    await page.getByRole('textbox', { name: '项目名称', exact: true }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads last year’s file, picks the project of the same name and pastes the ticked indicators', async () => {
    await page.getByRole('button', { name: /从上年表格复制指标/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: '上年文件' }).fill('2025.jxmb');
    await dialog.getByRole('button', { name: '读取' }).click();
    await dialog.getByText('2025.jxmb（2025 年）：已选同名项目').waitFor();
    await dialog.getByRole('checkbox', { name: /合格率/ }).uncheck();
    await page.screenshot({ path: path.join(tmpdir(), 'copy-05-previous-dialog.png') });
    await dialog.getByRole('button', { name: '复制到本项目（2 条）' }).click();
    await page.getByText('已从上年表格复制 2 条指标').first().waitFor();
    for (let i = 0; i < 50 && indicators().length < 2; i++) await page.waitForTimeout(100);
    expect(indicators().map((i) => [i.name, i.cycleValue, i.previous])).toEqual([
      ['培训期数', '12期', '12期'],
      ['满意度', '≥90%', '≥90%'],
    ]);
    await page.screenshot({ path: path.join(tmpdir(), 'copy-06-previous-pasted.png') });

    await page.getByRole('treeitem', { name: /党员教育培训/ }).click();
    await page.keyboard.press('Control+Z');
    for (let i = 0; i < 50 && indicators().length > 0; i++) await page.waitForTimeout(100);
    expect(indicators()).toEqual([]);
  });
});
