import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { ownFixture, tempDir } from '../helpers.ts';
import { runCli } from '../cli/run.ts';

// The Guangzhou layout, with the unit stated on a line of its own below the 部门名称 line, as
// many departments' own copies have it. Its amounts are 元: read as 万元 they are 10,000 times
// too large, and no check can tell.
const SMALL = readFileSync(ownFixture('small-published.txt'), 'utf8');
const IN_YUAN = SMALL.replace(
  '部门名称：示例市示例区教育局 单位：万元',
  '部门名称：示例市示例区教育局\n金额单位：元',
);
const NO_UNIT = SMALL.replace(
  '部门名称：示例市示例区教育局 单位：万元',
  '部门名称：示例市示例区教育局',
);

function snapshotOf(text: string) {
  const { draft, notes } = importPublishedText(text);
  const file = path.join(tempDir(), 'yuan.jxmb');
  writeDraft(draft, file);
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return { d: doc.snapshot(), notes };
  } finally {
    doc.close();
  }
}

describe('a published table in 元 (the unit on a line of its own)', () => {
  it('is read in 元: 合计 1,100.00 元 = 110,000 分, shown in 元', () => {
    const { d } = snapshotOf(IN_YUAN);
    expect(d.totals.total).toBe(110_000);
    expect(d.totals.fiscal).toBe(109_000);
    expect(d.money).toEqual({ unit: '元', decimals: 2 });
    const p = d.units[0]!.projects.find((x) => x.name === '教师培训经费')!;
    expect(p.totals.total).toBe(105_000);
  });

  it('the command line writes a document whose dump says 元 and the printed figures', () => {
    const dir = tempDir();
    const input = path.join(dir, 'yuan.txt');
    writeFileSync(input, IN_YUAN);
    const doc = path.join(dir, 'yuan.jxmb');
    const r = runCli(['import', input, '-o', doc]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const dump = runCli(['dump', doc]);
    const json = JSON.parse(dump.stdout) as {
      moneyUnit: string;
      units: { projects: { name: string; amounts: { fiscal: string } }[] }[];
    };
    expect(json.moneyUnit).toBe('元');
    const p = json.units[0]!.projects.find((x) => x.name === '教师培训经费')!;
    expect(p.amounts.fiscal).toBe('1050.00');
  });
});

describe('a published table that states no unit', () => {
  it('is refused, saying so and naming the option', () => {
    expect(() => importPublishedText(NO_UNIT)).toThrow(/找不到金额单位.*--unit 万元\|元/);
  });

  it('is read in the unit the caller gives', () => {
    const { draft, notes } = importPublishedText(NO_UNIT, { unit: '元' });
    expect(draft.money).toEqual({ unit: '元', decimals: 2 });
    expect(notes.some((n) => n.message.includes('按指定的金额单位元读取'))).toBe(true);
  });

  it('a unit given that contradicts the stated one is refused, not reinterpreted', () => {
    expect(() => importPublishedText(IN_YUAN, { unit: '万元' })).toThrow(
      /第 5 行：表格注明金额单位为元.*与指定的单位万元不一致/,
    );
  });
});

describe('amounts as printed in the document’s decimals', () => {
  it('a table in 万元 printed with 4 decimals is read exactly, shown with 4', () => {
    const text = [
      '示例部门 2024年项目支出绩效目标表（含转移支付项目）',
      '部门名称：示例部门 单位：万元',
      '项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标',
      '合计 38.4123 38.4123',
      '本级 38.4123 38.4123',
      '  培训经费 38.4123 38.4123',
      '举办培训。',
      '1、1-产出指标；11-数量指标；举办培训班；实施周期指标值:举办12期；年度指标值:举办12期。',
    ].join('\n');
    const { d } = snapshotOf(text);
    expect(d.totals.fiscal).toBe(384_123_00);
    expect(d.money).toEqual({ unit: '万元', decimals: 4 });
  });

  it('in 元, a figure with more decimals than 分 is no amount (the row is not read as one)', () => {
    const text = IN_YUAN.replace(
      '合计 1,100.00 1,090.00 8.00 2.00',
      '合计 1,100.001 1,090.001 8.00 2.00',
    );
    expect(() => importPublishedText(text)).toThrow('找不到“合计”行');
  });
});
