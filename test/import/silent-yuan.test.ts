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
