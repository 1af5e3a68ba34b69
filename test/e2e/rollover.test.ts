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
/** Last year's review of the year before, and this year's: 顺延 moves both at once. */
const PAST_2024 = '完成2023年绩效考核工作，开展2024年绩效考核工作。';
const PAST_2025 = '完成2024年绩效考核工作，开展2025年绩效考核工作。';
/** A document's name: listed, said to stay, and kept by 顺延. */
const NAMED = '按照《2023年学生资助工作方案》发放资助。';

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
      const plain = data.units[0]!.projects[0]!.indicators.find((i) => !/年/u.test(i.cycleValue))!;
      doc.updateIndicator(plain.id, { cycleValue: PAST_2024, annualValue: PAST_2024 });
      doc.updateProject(data.units[0]!.projects[1]!.id, { goal: NAMED });
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

  it('全部年份顺延一年 moves every year on at once, after a confirmation, as one undo step', async () => {
    const panel = page.getByRole('dialog', { name: '年份核对清单' });
    const past = panel.getByRole('region', { name: '往年事项中的年份' });
    await expect.poll(() => past.textContent()).toContain(PAST_2024);
    const other = panel.getByRole('region', { name: '提到其他年份' });
    expect(await other.textContent()).toContain('2023年内完成');
    const kept = panel.getByRole('region', { name: '名称中的年份' });
    expect(await kept.getByRole('listitem').textContent()).toContain('名称中的年份，通常不改');
    await past.scrollIntoViewIfNeeded();
    await screenshot(page, 'year-review-past');
    await kept.scrollIntoViewIfNeeded();
    await screenshot(page, 'year-review-kept');

    await panel.getByRole('button', { name: '全部年份顺延一年' }).click();
    const confirm = page.getByRole('dialog', { name: '全部年份顺延一年？' });
    await confirm.waitFor();
    // The figure is the page's own plan, the one the host carries out (planShift).
    expect(await confirm.textContent()).toMatch(/中的 \d+ 处年份将各顺延一年/u);
    await screenshot(page, 'year-review-shift-confirm');
    await confirm.getByRole('button', { name: '全部顺延' }).click();
    await confirm.waitFor({ state: 'hidden' });

    const valuesWith = (text: string) =>
      page.evaluate(
        (t) =>
          [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')]
            .map((el) => el.value)
            .filter((v) => v.includes(t)).length,
        text,
      );
    await expect.poll(() => past.getByRole('listitem').count()).toBe(0);
    await expect.poll(() => other.textContent()).not.toContain('2023年内完成');
    // The review shows 2024年内完成 (moved from 2023) as last year's, to be made this year's.
    await expect
      .poll(() => panel.getByRole('region', { name: '提到上年的年份' }).textContent())
      .toContain('2024年内完成');
    expect(await kept.textContent()).toContain(NAMED);
    await screenshot(page, 'year-review-shifted');

    await page.locator('body').click({ position: { x: 300, y: 740 } });
    await page.keyboard.press('Control+z');
    const note = page.getByRole('status', { name: '操作提示' });
    await expect.poll(() => note.textContent()).toBe('已撤销：全部年份顺延一年');
    await expect.poll(() => past.textContent()).toContain(PAST_2024);
    await page.keyboard.press('Control+y');
    await expect.poll(() => past.getByRole('listitem').count()).toBe(0);
    // The editor, where the project is open, shows the moved value.
    await expect.poll(() => valuesWith(PAST_2025)).toBeGreaterThan(0);
    expect(await valuesWith(PAST_2024)).toBe(0);
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
