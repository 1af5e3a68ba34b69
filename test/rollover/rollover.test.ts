import { wanCents } from '../amounts.ts';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { writeDraft } from '../../db/import/index.ts';
import { importPublishedText } from '../../db/import/index.ts';
import { replaceSourceYear, reviewNextYear, rollover } from '../../db/rollover/index.ts';
import { sha256 } from '../file/file-helpers.ts';
import { ownFixture, tempDir } from '../helpers.ts';
import { runCli } from '../cli/run.ts';

/** Last year's table with the years a copied table carries. */
function lastYear(dir: string): string {
  const file = path.join(dir, '2024.jxmb');
  TargetDocument.create(file, { department: '示例局', year: 2024, tree: 'mof-2021' }, {}, (doc) => {
    const u = doc.addUnit('本级');
    const p = doc.addProject(u, {
      name: '2024年信息化运维',
      fiscal: wanCents(3841),
      other: wanCents(100),
      goal: '依据《办法》（穗财行〔2024〕12号），2024年内完成系统运维。',
    });
    doc.addIndicator(p, { level2Code: '13', name: '按时完成', cycleValue: '2024年内完成' });
    doc.addIndicator(p, {
      level2Code: '11',
      name: '巡检次数',
      cycleValue: '2023-2024年累计巡检24次',
      annualValue: '2024年巡检12次',
    });
    doc.addIndicator(p, { level2Code: '22', name: '结算', cycleValue: '完成2023年度结算' });
    doc.addIndicator(p, { level2Code: '31', name: '满意度', cycleValue: '进一步提升' });
    doc.addIndicator(p, { level2Code: '41', name: '成本', cycleValue: '2025年起不超过10万元' });
  });
  return file;
}

describe('next year from last year’s document', () => {
  it('copies everything but the year and the amounts, and leaves the source untouched', async () => {
    const dir = tempDir();
    const source = lastYear(dir);
    const hash = sha256(source);
    const mtime = statSync(source).mtimeMs;
    const target = path.join(dir, '2025.jxmb');
    const { source: loaded, review } = await rollover(source, target);
    expect(loaded.kind).toBe('document');
    expect(sha256(source)).toBe(hash);
    expect(statSync(source).mtimeMs).toBe(mtime);

    const doc = TargetDocument.open(target, { readonly: true });
    const d = doc.snapshot();
    doc.close();
    expect(d.year).toBe(2025);
    expect(d.previousYear).toBe(2024);
    expect(d.tree.id).toBe('mof-2021');
    const p = d.units[0]!.projects[0]!;
    expect(p.totals.total).toBe(0);
    expect(p.previous).toEqual({
      fiscal: 38_410_000,
      specialAccount: 0,
      other: 1_000_000,
      total: 39_410_000,
    });
    expect(p.indicators.map((i) => [i.level2.code, i.annualFollowsCycle])).toEqual([
      ['13', true],
      ['11', false],
      ['22', true],
      ['31', true],
      ['41', true],
    ]);
    expect(review.year).toBe(2025);
    expect(review.sourceYear).toBe(2024);
  });

  it('carries the national field set; last year’s 年度指标值 becomes 上年指标值', async () => {
    const dir = tempDir();
    const source = lastYear(dir);
    const edit = TargetDocument.open(source);
    const p0 = edit.snapshot().units[0]!.projects[0]!;
    edit.updateProject(p0.id, {
      overallGoal: '三年内完成系统升级',
      periodStart: '2024-01',
      periodEnd: '2026-12',
      continuity: '新增',
      recurrence: '阶段性',
      category: '其他运转类',
      totalBudget: wanCents(12_000),
      carryOver: wanCents(300),
    });
    const [first, second] = p0.indicators;
    edit.updateIndicator(first!.id, {
      cycle: { kind: 'structured', operator: '≥', value: '95', unit: '%', source: '≥95%' },
      weight: '20',
      basis: { kind: '计划标准', text: '年度计划' },
      explanation: '按时完成率',
      polarity: '正向',
      previous: '≥90%',
    });
    edit.close();

    for (const keepAmounts of [false, true]) {
      const target = path.join(dir, `2025-${keepAmounts}.jxmb`);
      await rollover(source, target, { keepAmounts });
      const doc = TargetDocument.open(target, { readonly: true });
      const p = doc.snapshot().units[0]!.projects[0]!;
      doc.close();
      expect(p).toMatchObject({
        overallGoal: '三年内完成系统升级',
        period: { start: '2024-01', end: '2026-12' },
        continuity: '新增',
        recurrence: '阶段性',
        category: '其他运转类',
        totalBudget: wanCents(12_000),
        // 上年结转 is this year's money, like the amounts.
        carryOver: keepAmounts ? wanCents(300) : 0,
      });
      expect(p.indicators[0]).toMatchObject({
        cycle: { kind: 'structured', operator: '≥', value: '95', unit: '%', source: '≥95%' },
        annualFollowsCycle: true,
        weight: '20',
        basis: { kind: '计划标准', text: '年度计划' },
        explanation: '按时完成率',
        polarity: '正向',
        previous: '≥95%',
      });
      expect(p.indicators[1]!.previous).toBe(second!.annualValue);
      expect(p.indicators[1]!.previous).toBe('2024年巡检12次');
    }
  });

  it('gives 上年指标值 from a published table too (its values stay sentences)', async () => {
    const dir = tempDir();
    const text = path.join(dir, '2024.txt');
    writeFileSync(text, readFileSync(ownFixture('small-published.txt')));
    const target = path.join(dir, '2025.jxmb');
    await rollover(text, target);
    const doc = TargetDocument.open(target, { readonly: true });
    const indicators = doc
      .snapshot()
      .units.flatMap((u) => u.projects)
      .flatMap((p) => p.indicators);
    doc.close();
    expect(indicators.length).toBeGreaterThan(0);
    for (const i of indicators) {
      expect(i.previous).toBe(i.annualValue);
      expect([i.cycle.kind, i.annual.kind]).toEqual(['sentence', 'sentence']);
    }
  });

  it('keeps this year’s amounts only when asked', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'kept.jxmb');
    await rollover(lastYear(dir), target, { keepAmounts: true, year: 2026 });
    const doc = TargetDocument.open(target, { readonly: true });
    const p = doc.snapshot().units[0]!.projects[0]!;
    doc.close();
    expect(p.totals.total).toBe(39_410_000);
    expect(p.previous?.total).toBe(39_410_000);
  });

  it('refuses a year that is not later, and writes nothing', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'x.jxmb');
    await expect(rollover(lastYear(dir), target, { year: 2024 })).rejects.toThrow('应晚于');
    expect(() => statSync(target)).toThrow();
  });

  it('refuses a source holding a value it cannot read, instead of carrying it as 0', async () => {
    const dir = tempDir();
    const source = lastYear(dir);
    const db = new Database(source);
    db.exec('UPDATE project SET fiscal = 10000000000000000');
    db.close();
    const before = sha256(source);
    const target = path.join(dir, 'x.jxmb');
    await expect(rollover(source, target)).rejects.toThrow(
      /上年文件中有 1 处无效的值.*超过金额上限/s,
    );
    expect(() => statSync(target)).toThrow();
    expect(sha256(source)).toBe(before);
  });
});

describe('the year review', () => {
  async function made() {
    const dir = tempDir();
    const target = path.join(dir, '2025.jxmb');
    const { review } = await rollover(lastYear(dir), target);
    return { target, review };
  }

  it('lists last year’s mentions, other years and vague values — not document numbers', async () => {
    const { review } = await made();
    const years = review.items.filter((i) => i.kind !== 'vague');
    const summary = years.map((i) => [i.kind, i.label, i.written]);
    expect(summary).toEqual([
      ['source-year', '项目名称', '2024年'],
      ['source-year', '绩效目标', '2024年'],
      ['source-year', '实施周期指标值', '2023-2024年'],
      ['source-year', '年度指标值', '2024年'],
      ['source-year', '实施周期指标值和年度指标值', '2024年'],
      // 完成2023年度结算: a settlement, the year before last in a 2025 table — 顺延, not 改为2025年.
      ['past-year', '实施周期指标值和年度指标值', '2023年'],
    ]);
    // Not listed: 〔2024〕12号 (it dates a regulation: one 绩效目标 entry above, not two) and
    // 2025年起… (the new year itself).
    expect(review.items.filter((i) => i.kind === 'vague').map((i) => i.indicatorName)).toContain(
      '满意度',
    );
  });

  it('replaces one mention, then all, as undoable edits; the file keeps them', async () => {
    const { target, review } = await made();
    const doc = TargetDocument.open(target);
    const name = review.items.find((i) => i.label === '项目名称')!;
    expect(replaceSourceYear(doc, 2024, [name.key])).toEqual({ replaced: 1, skipped: 0 });
    expect(doc.snapshot().units[0]!.projects[0]!.name).toBe('2025年信息化运维');

    const result = replaceSourceYear(doc, 2024, 'all');
    expect(result.replaced).toBe(4);
    const p = doc.snapshot().units[0]!.projects[0]!;
    expect(p.goal).toBe('依据《办法》（穗财行〔2024〕12号），2025年内完成系统运维。');
    const byName = Object.fromEntries(p.indicators.map((i) => [i.name, i]));
    expect(byName['按时完成']).toMatchObject({
      cycleValue: '2025年内完成',
      annualValue: '2025年内完成',
      annualFollowsCycle: true,
    });
    expect(byName['巡检次数']).toMatchObject({
      cycleValue: '2023-2025年累计巡检24次',
      annualValue: '2025年巡检12次',
    });
    expect(byName['结算']!.cycleValue).toBe('完成2023年度结算');
    expect(
      reviewNextYear(doc.snapshot(), 2024).items.filter((i) => i.kind === 'source-year'),
    ).toEqual([]);

    expect(doc.historyState.undo).toBe('将 2024 年改为 2025 年');
    doc.undo();
    expect(doc.snapshot().units[0]!.projects[0]!.goal).toContain('2024年内完成');
    doc.close();
  });

  it('refuses a key whose text has changed since the review', async () => {
    const { target, review } = await made();
    const doc = TargetDocument.open(target);
    const goal = review.items.find((i) => i.label === '绩效目标')!;
    doc.updateProject(goal.location.projectId!, { goal: '2024年完成。' });
    expect(() => replaceSourceYear(doc, 2024, [goal.key])).toThrow('已不存在');
    doc.close();
  });
});

describe('the rollover command', () => {
  it('makes next year’s table from published text and prints the review', () => {
    const dir = tempDir();
    const out = path.join(dir, 'new.jxmb');
    const r = runCli(['rollover', ownFixture('small-published.txt'), '--year', '2025', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('已由表格文字（2024 年，4 个项目）新建 2025 年的表');
    expect(r.stdout).toContain('提到其他年份（请确认）');
    expect(r.stdout).toContain('2023年');
  });

  it('refuses a bad year with a clear message', () => {
    const dir = tempDir();
    const r = runCli([
      'rollover',
      ownFixture('small-published.txt'),
      '--year',
      '25',
      '-o',
      path.join(dir, 'x.jxmb'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('四位年份');
  });

  it('keeps a JSON round trip of the new fields', () => {
    const dir = tempDir();
    const draft = importPublishedText(
      readFileSync(ownFixture('small-published.txt'), 'utf8'),
    ).draft;
    const file = path.join(dir, 'a.jxmb');
    writeDraft({ ...draft, previousYear: 2023 }, file);
    const dumped = runCli(['dump', file]).stdout;
    expect(JSON.parse(dumped).previousYear).toBe(2023);
    const json = path.join(dir, 'a.json');
    writeFileSync(json, dumped);
    expect(runCli(['load', json, '-o', path.join(dir, 'b.jxmb')]).status).toBe(0);
    expect(runCli(['dump', path.join(dir, 'b.jxmb')]).stdout).toBe(dumped);
  });
});
