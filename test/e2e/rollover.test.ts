import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { runCli } from '../cli/run.ts';
import { ownFixture } from '../paths.ts';
import {
  HAS_CHROMIUM,
  SCREENSHOTS,
  launchChromium,
  newPage,
  screenshot,
  startWeb,
  type WebProcess,
} from './harness.ts';

/**
 * 由上年文件新建 in the real editor: last year's document made with the CLI, then the wizard, the
 * 年份核对清单 (replace one mention, jump to a field), 上年金额 beside this year's, and the source
 * left untouched.
 */

const GOAL_2024 = '2024年内完成全体教师继续教育培训。';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.skipIf(!HAS_CHROMIUM)('由上年文件新建 (end to end)', () => {
  let dir: string;
  let source: string;
  let sourceHash: string;
  let projectId: number;
  let web: WebProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jxmb-rollover-'));
    source = path.join(dir, '教育局2024年绩效目标表.jxmb');
    const r = runCli(['import', ownFixture('small-published.txt'), '-o', source], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    // The fixture names 2023 (an indicator value); give it a mention of its own year too.
    const doc = TargetDocument.open(source);
    try {
      const data = doc.snapshot();
      expect(data.year).toBe(2024);
      projectId = data.units[0]!.projects[0]!.id;
      doc.updateProject(projectId, { goal: GOAL_2024 });
    } finally {
      doc.close();
    }
    sourceHash = sha256(source);
    mkdirSync(SCREENSHOTS, { recursive: true });
    web = await startWeb([], dir);
    browser = await launchChromium();
    page = await newPage(browser);
    page.setDefaultTimeout(10_000);
    await page.goto(web.url);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the wizard makes the 2025 table and opens the 年份核对清单', async () => {
    await page.getByRole('button', { name: '由上年文件新建' }).click();
    const wizard = page.getByRole('dialog', { name: '由上年文件新建' });
    await wizard.getByLabel('上年文件').fill(path.basename(source));
    await expect.poll(() => wizard.getByLabel('新表预算年度').inputValue()).toBe('');
    await expect
      .poll(() => wizard.getByRole('radio', { name: '留空（推荐）' }).isChecked())
      .toBe(true);
    await screenshot(page, 'rollover-wizard');
    await wizard.getByRole('button', { name: '创建新表' }).click();

    await expect.poll(() => page.getByLabel('预算年度', { exact: true }).inputValue()).toBe('2025');
    const panel = page.getByRole('dialog', { name: '年份核对清单' });
    await panel.getByRole('region', { name: '提到上年的年份' }).waitFor();
    const sourceYear = panel.getByRole('region', { name: '提到上年的年份' });
    const otherYear = panel.getByRole('region', { name: '提到其他年份' });
    await expect.poll(() => sourceYear.textContent()).toContain(GOAL_2024);
    await expect.poll(() => otherYear.textContent()).toContain('2023年内完成');
    await panel.getByRole('region', { name: '不够明确的指标值' }).waitFor();
    expect(await panel.getByRole('button', { name: '全部改为2025年' }).isVisible()).toBe(true);
    await screenshot(page, 'rollover-review');
  });

  it('an entry jumps to its field; 改为2025年 changes that text', async () => {
    const panel = page.getByRole('dialog', { name: '年份核对清单' });
    const entry = panel.getByRole('listitem').filter({ hasText: GOAL_2024 });
    await entry.getByRole('button', { name: /转到此栏目/ }).click();
    const goal = page.locator(`#f-p${projectId}-goal`);
    await expect.poll(() => goal.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await goal.inputValue()).toBe(GOAL_2024);

    await entry.getByRole('button', { name: '改为2025年' }).click();
    await expect.poll(() => goal.inputValue()).toBe(GOAL_2024.replace('2024', '2025'));
    // The review is made again: the entry is gone, the other year's is still listed.
    await expect
      .poll(() => panel.getByRole('region', { name: '提到上年的年份' }).textContent())
      .not.toContain('2025年内完成全体教师');

    const other = panel
      .getByRole('region', { name: '提到其他年份' })
      .getByRole('button', { name: /转到此栏目/ })
      .first();
    await other.click();
    await expect
      .poll(() =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | HTMLTextAreaElement | null;
          return `${el?.id ?? ''}=${el?.value ?? ''}`;
        }),
      )
      .toMatch(/^f-i\d+-\w+=.*2023年/);
  });

  it('shows 上年金额 beside this year’s amounts (left empty)', async () => {
    const note = page.getByRole('note', { name: '上年金额' });
    await note.waitFor();
    const text = (await note.textContent()) ?? '';
    expect(text).toMatch(
      /^上年：财政拨款 [\d,.]+ \/ 财政专户拨款 [\d,.]+ \/ 其他资金 [\d,.]+ \/ 总计 [\d,.]+ 万元$/,
    );
    expect(await page.getByLabel('总计', { exact: true }).first().inputValue()).toBe('0.00');
    await page.getByRole('button', { name: '关闭年份核对清单' }).click();
    await page.getByRole('button', { name: '年份核对', exact: true }).click();
    await page.getByRole('dialog', { name: '年份核对清单' }).waitFor();
    await note.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500); // the drawer's slide-in
    await screenshot(page, 'rollover-amounts');
  });

  it('leaves last year’s file as it was', async () => {
    await web?.stop();
    expect(sha256(source)).toBe(sourceHash);
    const doc = TargetDocument.open(source, { readonly: true });
    try {
      const data = doc.snapshot();
      expect(data.year).toBe(2024);
      expect(data.units[0]!.projects[0]!.goal).toBe(GOAL_2024);
    } finally {
      doc.close();
    }
  });
});
