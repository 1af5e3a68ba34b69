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

  it('keeps custom titles, other trees and indicator details', () => {
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
        const p = doc.addProject(u, { name: '项目', fiscal: wanCents(1), other: wanCents(99) });
        doc.addIndicator(p, {
          level2Code: '41',
          name: '单位成本',
          cycleValue: '≤100',
          direction: '≤',
          measureUnit: '元/人',
          weight: 10,
          basis: '历史标准',
        });
      },
    );
    const doc = TargetDocument.open(file, { readonly: true });
    const json = dumpToString(doc.snapshot());
    doc.close();
    expect(JSON.parse(json).title).toBe('某部门 2026年绩效目标表（调整）');
    expect(JSON.parse(json).units[0].projects[0].indicators[0]).toMatchObject({
      level1: { code: '4', name: '成本指标' },
      level2: { code: '41', name: '经济成本指标' },
      direction: '≤',
      measureUnit: '元/人',
      weight: 10,
      basis: '历史标准',
    });
    expect(roundTrip(json)).toBe(json);
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
  it('a linked annual value that differs', () =>
    refuse((d) => (d.units[0].projects[0].indicators[0].annualValue = 'x'), 'annualFollowsCycle'));
  it('another format', () => refuse((d) => (d.format = 'other/1'), 'target-table/1'));
});

it('reads the fixture JSON shape from the issue (amounts as strings)', () => {
  const json = readFileSync(ownFixture('minimal.json'), 'utf8');
  const draft = loadDocumentJson(JSON.parse(json));
  expect(draft.units[0]!.projects[0]!.amounts.fiscal).toBe(38_410_000);
});
