import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { MEMORY_FILE } from '../../db/service/indicator-memory.ts';
import type { Cents } from '../../db/shared/money.ts';
import {
  HAS_CHROMIUM,
  launchChromium,
  newPage,
  projectOnDisk,
  screenshot,
  SCREENSHOTS,
  startWeb,
  type WebProcess,
} from './harness.ts';

/**
 * Suggestions for a 三级指标 name in the real editor at 1366×768: document B is opened first
 * (its own server, as a clerk would), then document A; typing in A's empty row lists B's
 * indicator with its value, the keyboard picks it, the row is filled in one edit, and Ctrl+Z
 * takes the whole fill back in one step.
 */

describe.skipIf(!HAS_CHROMIUM)('suggestions for 三级指标 names (end to end)', () => {
  let dir: string;
  let env: Record<string, string>;
  let web: WebProcess | undefined;
  let browser: Browser;
  let page: Page;
  const a = () => path.join(dir, 'A局2026.jxmb');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-suggest-'));
    env = { JXMB_STATE_DIR: path.join(dir, 'state') };
    mkdirSync(SCREENSHOTS, { recursive: true });
    TargetDocument.create(
      path.join(dir, 'B局2025.jxmb'),
      { department: 'B局', year: 2025 },
      {},
      (doc) => {
        const unit = doc.addUnit('B局本级');
        const project = doc.addProject(unit, { name: '社区宣传经费', fiscal: 5_000_000 as Cents });
        doc.addIndicator(project, {
          level2Code: '11',
          name: '发放宣传资料份数',
          cycle: { kind: 'structured', operator: '≥', value: '5000', unit: '份' },
        });
        doc.addIndicator(project, { level2Code: '31', name: '居民满意度', cycleValue: '≥90%' });
      },
    );
    TargetDocument.create(a(), { department: 'A局', year: 2026 }, {}, (doc) => {
      const unit = doc.addUnit('A局本级');
      const project = doc.addProject(unit, { name: '村务宣传经费', fiscal: 3_000_000 as Cents });
      doc.addIndicator(project, { level2Code: '11', name: '宣传栏更新次数', cycleValue: '4次' });
      doc.addIndicator(project, { level2Code: '11', name: '' });
    });
    browser = await launchChromium();
    page = await newPage(browser);
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => console.log('page error:', e.message));

    // The clerk opens B first (the page loads it, the host remembers it), then closes it.
    web = await startWeb(['B局2025.jxmb'], dir, env);
    await page.goto(web.url);
    await page.getByRole('treeitem', { name: /社区宣传经费/ }).waitFor();
    await web.stop();
    web = await startWeb(['A局2026.jxmb'], dir, env);
    await page.goto(web.url);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists B’s indicator while typing in A, fills the row from the keyboard, undoes in one step', async () => {
    await page.getByRole('treeitem', { name: /村务宣传经费/ }).click();
    const names = page.getByRole('textbox', { name: '三级指标名称' });
    await expect.poll(() => names.count()).toBe(2);
    const empty = names.nth(1);
    await empty.click();
    await empty.pressSequentially('宣传');
    const list = page.getByRole('listbox', { name: '三级指标建议' });
    await list.waitFor();
    const fromB = list.getByRole('option', { name: /发放宣传资料份数.*B局2025/ });
    await fromB.waitFor();
    expect(await fromB.textContent()).toMatch(/≥5000份.*其他文档 · B局2025\.jxmb/);
    // A's own indicator of the same category is there too; B's 满意度 one is not.
    expect(await list.getByRole('option', { name: /宣传栏更新次数/ }).count()).toBe(1);
    expect(await list.getByRole('option', { name: /居民满意度/ }).count()).toBe(0);
    await screenshot(page, 'suggest-01-list');

    // Let the typed text reach the document first: the pick is then its own step.
    await expect
      .poll(() => projectOnDisk(a(), '村务宣传经费')?.indicators[1]?.name, { timeout: 10_000 })
      .toBe('宣传');
    const options = await list.getByRole('option').allTextContents();
    const at = options.findIndex((t) => t.includes('发放宣传资料份数'));
    for (let i = 0; i <= at; i++) await empty.press('ArrowDown');
    expect(await fromB.getAttribute('aria-selected')).toBe('true');
    await screenshot(page, 'suggest-02-chosen');
    await empty.press('Enter');
    await list.waitFor({ state: 'hidden' });
    await expect.poll(() => empty.inputValue()).toBe('发放宣传资料份数');
    await expect
      .poll(() => projectOnDisk(a(), '村务宣传经费')?.indicators[1]?.cycle, { timeout: 10_000 })
      .toMatchObject({ kind: 'structured', operator: '≥', value: '5000', unit: '份' });
    const filled = projectOnDisk(a(), '村务宣传经费')!.indicators[1]!;
    expect(filled.name).toBe('发放宣传资料份数');
    expect(filled.annualFollowsCycle).toBe(true);
    // Enter picked; it did not also add an indicator.
    expect(projectOnDisk(a(), '村务宣传经费')!.indicators).toHaveLength(2);
    await screenshot(page, 'suggest-03-filled');

    // One Ctrl+Z: name and values back as they were before the pick, together.
    await page.keyboard.press('Control+z');
    await expect
      .poll(() => projectOnDisk(a(), '村务宣传经费')?.indicators[1]?.name, { timeout: 10_000 })
      .toBe('宣传');
    const undone = projectOnDisk(a(), '村务宣传经费')!.indicators[1]!;
    expect(undone.cycleValue).toBe('');
    await expect.poll(() => empty.inputValue()).toBe('宣传');
    await screenshot(page, 'suggest-04-undone');

    // The memory lives in the state folder only, and nothing else was added beside the documents.
    expect(readdirSync(path.join(dir, 'state'))).toContain(MEMORY_FILE);
    expect(
      readdirSync(dir)
        .filter((f) => !f.startsWith('~$'))
        .sort(),
    ).toEqual(['A局2026.jxmb', 'B局2025.jxmb', 'state']);
  });
});
