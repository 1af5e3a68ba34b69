import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import type { IndicatorData, ProjectData } from '../../db/shared/types.ts';
import { wanCents } from '../amounts.ts';
import {
  HAS_CHROMIUM,
  launchChromium,
  newPage,
  readDocument,
  screenshot,
  SCREENSHOTS,
  startWeb,
  type WebProcess,
} from './harness.ts';

/**
 * The national field set through the real UI (issue 10, “The editor”): 项目总体目标 beside
 * 年度目标, 更多项目信息 (实施期, 项目性质, 项目类别, 项目资金总额, 上年结转), structured indicator
 * values (计算符号 | 数值 | 计量单位) with the 文字/结构化 switch, 指标详情 (权重, 依据, 解释, 方向)
 * and the 结构化指标值 command with its review list and one undo step. Each edit is checked in
 * the file, as a clerk reopening it would find it.
 */

const PROJECT = '信息化运维经费';

function makeDocument(file: string): void {
  TargetDocument.create(file, { department: '示例局', year: 2026 }, {}, (doc) => {
    const unit = doc.addUnit('示例局本级');
    const p = doc.addProject(unit, { name: PROJECT, fiscal: wanCents(1250), goal: '保障运行。' });
    doc.addIndicator(p, { level2Code: '11', name: '系统巡检次数', cycleValue: '巡检12次' });
    doc.addIndicator(p, { level2Code: '12', name: '系统可用率', cycleValue: '≥99%' });
    doc.addIndicator(p, { level2Code: '22', name: '服务保障', cycleValue: '进一步提升服务水平' });
    doc.addIndicator(p, {
      level2Code: '31',
      name: '用户满意度',
      cycleValue: '≥90%',
      annualValue: '=85(%)',
    });
    doc.addIndicator(p, { level2Code: '11', name: '运维设备数量', cycleValue: '10台' });
    doc.addIndicator(p, {
      level2Code: '12',
      name: '网络带宽',
      cycle: { kind: 'structured', operator: '≥', value: '100', unit: 'Mbps' },
    });
  });
}

describe.skipIf(!HAS_CHROMIUM)('the national fields in the editor (end to end)', () => {
  let dir: string;
  let file: string;
  let web: WebProcess;
  let browser: Browser;
  let page: Page;
  const textbox = (name: string, scope: Page | Locator = page) =>
    scope.getByRole('textbox', { name, exact: true });
  const combobox = (name: string, scope: Page | Locator = page) =>
    scope.getByRole('combobox', { name, exact: true });
  const row = (name: string) =>
    page.getByRole('group', { name: new RegExp(`^第\\d+条指标：${name}$`) });
  const saved = async () => {
    await page.waitForTimeout(600);
    await page.getByText('已自动保存').waitFor();
  };
  const project = (): ProjectData =>
    readDocument(file).units[0]!.projects.find((p) => p.name === PROJECT)!;
  const indicator = (name: string): IndicatorData =>
    project().indicators.find((i) => i.name === name)!;
  /** Picks an option of an antd Select (or AutoComplete) that is open. */
  const option = (title: string) =>
    page
      .locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) [title="${title}"]`)
      .click();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-national-'));
    file = path.join(dir, '示例局2026年绩效目标表.jxmb');
    makeDocument(file);
    mkdirSync(SCREENSHOTS, { recursive: true });
    web = await startWeb([file], dir);
    browser = await launchChromium();
    page = await newPage(browser);
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await page.goto(web.url);
    await page.getByRole('treeitem', { name: new RegExp(PROJECT) }).click();
    await textbox('项目名称').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('edits 项目总体目标 beside 年度目标（绩效目标）', async () => {
    await textbox('项目总体目标').fill('三年内建成统一运维平台。');
    await textbox('年度目标（绩效目标）').fill('保障系统全年稳定运行。');
    await saved();
    expect(project()).toMatchObject({
      overallGoal: '三年内建成统一运维平台。',
      goal: '保障系统全年稳定运行。',
    });
  });

  it('edits 实施期, 项目性质, 项目类别, 项目资金总额 and 上年结转 in 更多项目信息', async () => {
    await page.getByRole('button', { name: '更多项目信息' }).click();
    const facts = page.getByRole('region', { name: '更多项目信息' });
    await facts.waitFor();
    // A month as clerks write it; a month that is none is refused at once and kept.
    await textbox('实施期开始', facts).fill('2026年1月');
    await textbox('实施期结束', facts).fill('2027-13');
    await facts.getByText('不是有效的年月').waitFor();
    expect(await textbox('实施期结束', facts).inputValue()).toBe('2027-13');
    // An end before the start: the store refuses it, the text stays with its reason.
    await textbox('实施期结束', facts).fill('2025-06');
    await textbox('实施期结束', facts).press('Tab');
    await facts.getByText(/实施期结束.*早于开始/).waitFor();
    expect(await textbox('实施期结束', facts).inputValue()).toBe('2025-06');
    await textbox('实施期结束', facts).fill('2028-12');

    await combobox('项目性质（新增/延续）', facts).click();
    await option('延续');
    await combobox('项目性质（一次性/阶段性/经常性）', facts).click();
    await option('阶段性');
    // 项目类别: the usual values offered, free text kept.
    await combobox('项目类别', facts).click();
    await option('特定目标类');
    await textbox('项目资金总额', facts).fill('300.5');
    await textbox('上年结转', facts).fill('1.20');
    await saved();
    let p = project();
    expect(p.period).toEqual({ start: '2026-01', end: '2028-12' });
    expect(p).toMatchObject({
      continuity: '延续',
      recurrence: '阶段性',
      category: '特定目标类',
      totalBudget: wanCents(30050),
      carryOver: wanCents(120),
    });
    await combobox('项目类别', facts).fill('信息化专项');
    // 项目性质 can be cleared.
    await combobox('项目性质（一次性/阶段性/经常性）', facts).hover();
    await facts.locator('.ant-select-clear').last().click();
    await saved();
    p = project();
    expect(p.category).toBe('信息化专项');
    expect(p.recurrence).toBeNull();
    await screenshot(page, 'national-01-facts');
  });

  it('opens 更多项目信息 by itself for a finding in it', async () => {
    const facts = page.getByRole('region', { name: '更多项目信息' });
    await textbox('实施期开始', facts).fill('2024-01');
    await textbox('实施期结束', facts).fill('2025-12');
    await saved();
    await page.getByRole('button', { name: '更多项目信息' }).click();
    await facts.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '审核', exact: true }).click();
    const finding = page.getByText(/实施期结束于 2025年12月/).first();
    await finding.click();
    await facts.waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await expect.poll(focused).toBe('实施期结束');
    // Closed by the clerk over that finding, it stays closed; the finding opens it again.
    await page.getByRole('button', { name: '更多项目信息' }).click();
    await facts.waitFor({ state: 'detached' });
    await finding.click();
    await facts.waitFor();
    await expect.poll(focused).toBe('实施期结束');
    await textbox('实施期结束', facts).fill('2028-12');
    await saved();
    await page.keyboard.press('Escape');
  });

  it('switches a value to 计算符号 | 数值 | 计量单位, with `>=` read as ≥, and back', async () => {
    const r = row('运维设备数量');
    await r.hover();
    // “10台” is one value: the switch converts it at once, keeping the sentence.
    await r.getByRole('button', { name: '实施周期指标值改为结构化' }).click();
    await expect.poll(() => textbox('实施周期指标值', r).inputValue()).toBe('10');
    await saved();
    expect(indicator('运维设备数量').cycle).toEqual({
      kind: 'structured',
      operator: '＝',
      value: '10',
      unit: '台',
      source: '10台',
    });
    // The annual value follows, in the same form (shown in one line until opened).
    await r.getByRole('button', { name: '年度指标值：同实施周期指标值' }).click();
    expect(await textbox('年度指标值', r).inputValue()).toBe('10');
    expect(indicator('运维设备数量').annualFollowsCycle).toBe(true);

    // The operator typed as `>=`, the number and the unit typed: one value of the clerk's own.
    await combobox('实施周期计算符号', r).click();
    await page.keyboard.type('>=');
    await page.keyboard.press('Enter');
    await textbox('实施周期指标值', r).fill('12');
    await combobox('实施周期计量单位', r).fill('台套');
    await saved();
    expect(indicator('运维设备数量')).toMatchObject({
      cycle: { kind: 'structured', operator: '≥', value: '12', unit: '台套', source: null },
      annualValue: '≥12台套',
      annualFollowsCycle: true,
    });
    // Not a number: the same field error as any refused text, and the text stays.
    await textbox('实施周期指标值', r).fill('十二');
    await r.getByText(/不是数字/).waitFor();
    expect(await textbox('实施周期指标值', r).inputValue()).toBe('十二');
    await textbox('实施周期指标值', r).fill('12');
    await saved();
    await screenshot(page, 'national-02-structured');

    // An annual value of its own, typed in its cells, unlinks it.
    await r.getByRole('button', { name: '年度指标值：同实施周期指标值' }).click();
    await textbox('年度指标值', r).fill('6');
    await r.getByRole('button', { name: '关联年度指标值' }).waitFor();
    await saved();
    expect(indicator('运维设备数量')).toMatchObject({
      annual: { kind: 'structured', operator: '≥', value: '6', unit: '台套' },
      annualFollowsCycle: false,
    });
    await r.getByRole('button', { name: '关联年度指标值' }).click();
    await saved();
    expect(indicator('运维设备数量')).toMatchObject({
      annualValue: '≥12台套',
      annualFollowsCycle: true,
    });

    // Back to a sentence: the merged form (the clerk changed the value since the conversion).
    await r.getByRole('button', { name: '实施周期指标值改为文字' }).click();
    await expect.poll(() => textbox('实施周期指标值', r).inputValue()).toBe('≥12台套');
    await saved();
    expect(indicator('运维设备数量').cycle).toEqual({ kind: 'sentence', text: '≥12台套' });
  });

  it('turns an ambiguous sentence into cells only once they are filled, keeping it meanwhile', async () => {
    const r = row('系统巡检次数');
    await r.hover();
    await r.getByRole('button', { name: '实施周期指标值改为结构化' }).click();
    await r.getByText('原文：巡检12次').waitFor();
    await combobox('实施周期计算符号', r).click();
    await page.keyboard.type('＝');
    await page.keyboard.press('Enter');
    await r.getByText(/请填写指标值/).waitFor();
    // Not sent yet: the file still has the sentence.
    expect(indicator('系统巡检次数').cycle).toEqual({ kind: 'sentence', text: '巡检12次' });
    await textbox('实施周期指标值', r).fill('12');
    // The units offered include those used elsewhere in the document (网络带宽's Mbps).
    await combobox('实施周期计量单位', r).click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) [title="Mbps"]')
      .waitFor();
    await page.keyboard.type('次');
    await page.keyboard.press('Tab');
    await saved();
    expect(indicator('系统巡检次数').cycle).toMatchObject({
      kind: 'structured',
      operator: '＝',
      value: '12',
      unit: '次',
    });
  });

  it('edits 权重, 指标值设定依据, 指标解释 and 指标方向 in 指标详情', async () => {
    const r = row('系统可用率');
    await r.getByRole('button', { name: '指标详情' }).click();
    const detail = r.getByRole('region', { name: '指标详情' });
    await textbox('权重', detail).fill('120');
    await detail.getByText(/权重“120”无效/).waitFor();
    await textbox('权重', detail).fill('12.5');
    await combobox('指标值设定依据类别', detail).click();
    await option('行业标准');
    await textbox('指标值设定依据', detail).fill('《政务信息系统运维规范》');
    await textbox('指标解释', detail).fill('全年系统可用时间占总时间的比例。');
    await combobox('指标方向', detail).click();
    await option('正向');
    await saved();
    expect(indicator('系统可用率')).toMatchObject({
      weight: '12.5',
      basis: { kind: '行业标准', text: '《政务信息系统运维规范》' },
      explanation: '全年系统可用时间占总时间的比例。',
      polarity: '正向',
    });
    await screenshot(page, 'national-03-detail');
    await r.getByRole('button', { name: '指标详情' }).click();
  });

  it('结构化指标值 converts what it can, lists each conversion and each sentence left, and undoes in one step', async () => {
    await page.getByRole('button', { name: '结构化指标值', exact: true }).click();
    const list = page.getByRole('region', { name: '结构化指标值清单' });
    await list.waitFor();
    const converted = list.getByRole('region', { name: '已转为结构化' });
    const left = list.getByRole('region', { name: '保留为文字' });
    await expect.poll(() => converted.textContent()).toContain('≥99%');
    expect(await converted.textContent()).toMatch(/用户满意度 › 年度指标值=85\(%\) → ＝85%/);
    expect(await converted.textContent()).toMatch(/运维设备数量 › 实施周期指标值≥12台套 → ≥12台套/);
    expect(await left.textContent()).toContain('进一步提升服务水平');
    expect(await left.textContent()).toContain('无法衡量');
    await saved();
    expect(indicator('系统可用率').cycle).toMatchObject({
      kind: 'structured',
      operator: '≥',
      value: '99',
      unit: '%',
      source: '≥99%',
    });
    expect(indicator('用户满意度')).toMatchObject({
      cycle: { kind: 'structured', operator: '≥', value: '90', unit: '%' },
      annual: { kind: 'structured', operator: '＝', value: '85', unit: '%', source: '=85(%)' },
      annualFollowsCycle: false,
    });
    expect(indicator('服务保障').cycle).toEqual({ kind: 'sentence', text: '进一步提升服务水平' });
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot(page, 'national-04-structure-review');

    // One step: Ctrl+Z takes every conversion back.
    await page.keyboard.press('Control+z');
    await expect.poll(() => indicator('系统可用率').cycle.kind).toBe('sentence');
    expect(indicator('用户满意度').cycle).toEqual({ kind: 'sentence', text: '≥90%' });
    expect(indicator('用户满意度').annual).toEqual({ kind: 'sentence', text: '=85(%)' });
    expect(indicator('运维设备数量').cycle).toEqual({ kind: 'sentence', text: '≥12台套' });
    // The structured value typed before the command is untouched by its undo.
    expect(indicator('系统巡检次数').cycle.kind).toBe('structured');
    await page.getByRole('button', { name: '关闭结构化指标值清单' }).click();
  });

  it('shows every value after a reload, still ≥ 6 rows in a 1366×768 screen', async () => {
    await page.reload();
    await page.getByRole('treeitem', { name: new RegExp(PROJECT) }).click();
    const r = row('系统巡检次数');
    await expect.poll(() => textbox('实施周期指标值', r).inputValue()).toBe('12');
    expect(await combobox('实施周期计量单位', r).inputValue()).toBe('次');
    expect(await textbox('项目总体目标').inputValue()).toBe('三年内建成统一运维平台。');
    await screenshot(page, 'national-05-reloaded');
  });
});
