import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { UserError } from '../../db/shared/errors.ts';
import { writeDraft } from '../../db/import/index.ts';
import { dumpDocument, dumpToString, loadDocumentJson } from '../../db/interchange.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE, tempDir } from '../helpers.ts';
import { importToSnapshot } from '../import/build.ts';
import { wanCents } from '../amounts.ts';

function roundTrip(json: string): string {
  const file = path.join(tempDir(), 'loaded.jxmb');
  writeDraft(loadDocumentJson(JSON.parse(json)), file);
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return dumpToString(doc.snapshot());
  } finally {
    doc.close();
  }
}

const sources = [ownFixture('small-published.txt'), ...(HAS_PANYU ? [PANYU_FIXTURE] : [])];

describe('JSON interchange', () => {
  it.each(sources)('dump → load → dump is identical for %s', (source) => {
    const first = dumpToString(importToSnapshot(source).snapshot);
    expect(roundTrip(first)).toBe(first);
  });

  it('has the documented shape, with amounts as exact decimal strings', () => {
    const d = dumpDocument(importToSnapshot(ownFixture('small-published.txt')).snapshot);
    expect(d).toMatchObject({
      format: 'target-table/2',
      department: '示例市示例区教育局',
      year: 2024,
      moneyUnit: '万元',
      moneyDecimals: 2,
      tree: 'default',
      totals: { total: '1100.00', fiscal: '1090.00', specialAccount: '8.00', other: '2.00' },
    });
    const project = d.units[0]!.projects[1]!;
    expect(project.amounts).toEqual({
      total: '8.00',
      fiscal: '0.00',
      specialAccount: '8.00',
      other: '0.00',
    });
    expect(project.indicators[0]).toEqual({
      level1: { code: '1', name: '产出指标' },
      level2: { code: '11', name: '数量指标' },
      name: '资助学生人数',
      cycleValue: '资助学生200人',
      annualValue: '资助学生200人',
      annualFollowsCycle: true,
    });
  });

  it('keeps custom titles, other trees and every field of the national set (target-table/2)', () => {
    const file = path.join(tempDir(), 'custom.jxmb');
    TargetDocument.create(
      file,
      {
        department: '某部门',
        year: 2026,
        tree: 'mof-2021',
        title: '某部门 2026年绩效目标表（调整）',
      },
      {},
      (doc) => {
        const u = doc.addUnit('本级');
        const p = doc.addProject(u, {
          name: '项目',
          fiscal: wanCents(1),
          other: wanCents(99),
          overallGoal: '三年内完成全部改造',
          periodStart: '2025年1月',
          periodEnd: '2027.12',
          continuity: '延续',
          recurrence: '阶段性',
          category: '特定目标类',
          totalBudget: wanCents(30_000),
          carryOver: wanCents(250),
        });
        doc.addIndicator(p, {
          level2Code: '41',
          name: '单位成本',
          cycle: { kind: 'structured', operator: '<=', value: '100', unit: '元/人' },
          annual: {
            kind: 'structured',
            operator: '≤',
            value: '90.0',
            unit: '元/人',
            source: '≤90.0元/人',
          },
          weight: '12.5',
          basis: { kind: '历史标准', text: '2024年决算' },
          explanation: '人均培训成本',
          polarity: '反向',
          previous: '≤110元/人',
        });
        doc.addIndicator(p, {
          level2Code: '11',
          name: '等级',
          cycle: { kind: 'structured', operator: '定性', value: '优', unit: '' },
        });
      },
    );
    const doc = TargetDocument.open(file, { readonly: true });
    const json = dumpToString(doc.snapshot());
    doc.close();
    const parsed = JSON.parse(json);
    expect(parsed.format).toBe('target-table/2');
    expect(parsed.title).toBe('某部门 2026年绩效目标表（调整）');
    const project = parsed.units[0].projects[0];
    expect(project).toMatchObject({
      overallGoal: '三年内完成全部改造',
      period: { start: '2025-01', end: '2027-12' },
      continuity: '延续',
      recurrence: '阶段性',
      category: '特定目标类',
      totalBudget: '300.00',
      carryOver: '2.50',
    });
    expect(project.indicators[0]).toEqual({
      level1: { code: '4', name: '成本指标' },
      level2: { code: '41', name: '经济成本指标' },
      name: '单位成本',
      cycleValue: '≤100元/人',
      annualValue: '≤90.0元/人',
      annualFollowsCycle: false,
      cycle: { operator: '≤', value: '100', unit: '元/人' },
      annual: { operator: '≤', value: '90.0', unit: '元/人', source: '≤90.0元/人' },
      weight: '12.5',
      basisKind: '历史标准',
      basis: '2024年决算',
      explanation: '人均培训成本',
      polarity: '反向',
      previousValue: '≤110元/人',
    });
    expect(project.indicators[1]).toMatchObject({
      cycleValue: '优',
      annualValue: '优',
      annualFollowsCycle: true,
      cycle: { operator: '定性', value: '优', unit: '' },
      annual: { operator: '定性', value: '优', unit: '' },
    });
    expect(roundTrip(json)).toBe(json);
  });

  it('still loads target-table/1, with 指标性质 in any spelling and 计量单位 made structured', () => {
    const v1 = JSON.parse(readFileSync(ownFixture('minimal.json'), 'utf8'));
    expect(v1.format).toBe('target-table/1');
    const indicator = v1.units[0].projects[0].indicators[0];
    Object.assign(indicator, {
      cycleValue: '95',
      annualValue: '95',
      annualFollowsCycle: true,
      direction: '>=',
      measureUnit: '%',
      weight: 20,
      basis: '计划标准',
    });
    const second = {
      ...indicator,
      cycleValue: '举办12期',
      annualValue: '举办12期',
      direction: '=',
      measureUnit: '期',
      weight: undefined,
      basis: '往年完成情况',
    };
    v1.units[0].projects[0].indicators.push(second);
    const again = JSON.parse(roundTrip(JSON.stringify(v1)));
    expect(again.format).toBe('target-table/2');
    const [first, other] = again.units[0].projects[0].indicators;
    expect(first).toMatchObject({
      cycleValue: '≥95%',
      annualValue: '≥95%',
      cycle: { operator: '≥', value: '95', unit: '%', source: '95' },
      weight: '20',
      basisKind: '计划标准',
    });
    expect(first.basis).toBeUndefined();
    // A sentence no operator can take stays itself; the details are kept for the clerk.
    expect(other).toMatchObject({
      cycleValue: '举办12期',
      basis: '往年完成情况',
      explanation: '原指标性质：=；原计量单位：期',
    });
    expect(other.cycle).toBeUndefined();
    // An operator nobody can read is refused with its place.
    indicator.direction = '≈';
    expect(() => loadDocumentJson(v1)).toThrow(/indicators\[0\]\.direction：计算符号“≈”无法识别/);
  });
});

describe('load refuses what the model cannot hold, naming the place', () => {
  const base = () =>
    dumpDocument(importToSnapshot(ownFixture('small-published.txt')).snapshot) as unknown as {
      [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
  const refuse = (mutate: (d: ReturnType<typeof base>) => void, fragment: string) => {
    const d = base();
    mutate(d);
    expect(() => loadDocumentJson(d)).toThrow(UserError);
    expect(() => loadDocumentJson(d)).toThrow(fragment);
  };

  it('amounts written as JSON numbers (binary floats)', () =>
    refuse(
      (d) => (d.units[0].projects[0].amounts.fiscal = 1050),
      'units[0].projects[0].amounts.fiscal',
    ));
  it('more than two decimals', () =>
    refuse((d) => (d.units[0].projects[0].amounts.fiscal = '1050.001'), '超过 2 位小数'));
  it('an amount over the maximum, said as such', () =>
    refuse(
      (d) => (d.units[0].projects[0].amounts.fiscal = '9999999999999'),
      '超过金额上限 999,999,999.99 万元',
    ));
  it('a 总计 that is not the sum of its sources', () =>
    refuse((d) => (d.units[0].projects[0].amounts.total = '1.00'), '不等于'));
  it('a unit subtotal that does not add up', () =>
    refuse((d) => (d.units[1].totals.fiscal = '41.00'), 'units[1].totals.fiscal'));
  it('a second-level code outside the tree', () =>
    refuse((d) => (d.units[0].projects[0].indicators[0].level2.code = '15'), '不是指标体系'));
  it('a first level that is not the parent', () =>
    refuse(
      (d) => (d.units[0].projects[0].indicators[0].level1.code = '2'),
      '属于一级指标 1-产出指标',
    ));
  it('a structured value whose printed text is not its own', () =>
    refuse((d) => {
      const i = d.units[0].projects[0].indicators[0];
      i.cycle = { operator: '>=', value: '95', unit: '%' };
    }, '与 cycle 的结构化值（≥95%）不一致'));
  it('a 实施期 that ends before it starts', () =>
    refuse(
      (d) => (d.units[0].projects[0].period = { start: '2025-03', end: '2024-12' }),
      'units[0].projects[0].period：实施期结束（2024年12月）早于开始（2025年3月）',
    ));
  it('a weight over 100', () =>
    refuse((d) => (d.units[0].projects[0].indicators[0].weight = '100.5'), '权重'));
  it('a linked annual value that differs', () =>
    refuse((d) => (d.units[0].projects[0].indicators[0].annualValue = 'x'), 'annualFollowsCycle'));
  it('another format', () => refuse((d) => (d.format = 'other/1'), 'target-table/1'));
});

it('reads the fixture JSON shape from the issue (amounts as strings)', () => {
  const json = readFileSync(ownFixture('minimal.json'), 'utf8');
  const draft = loadDocumentJson(JSON.parse(json));
  expect(draft.units[0]!.projects[0]!.amounts.fiscal).toBe(38_410_000);
});
