import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { textCellRows } from '../../db/import/cell-rows.ts';
import { writeDraft } from '../../db/import/draft.ts';
import { readPerRowTable } from '../../db/import/forms/per-row-table.ts';
import { ImportError } from '../../db/import/source-where.ts';
import { UserError } from '../../db/shared/errors.ts';
import type { ReadOptions } from '../../db/import/source-where.ts';
import { ownFixture, tempDir } from '../helpers.ts';

const fixture = (name: string) => readFileSync(ownFixture(`other-regions/${name}`), 'utf8');

function read(text: string, options: ReadOptions = {}) {
  const { draft, notes } = readPerRowTable(textCellRows(text), options);
  const file = path.join(tempDir(), 'per-row.jxmb');
  writeDraft(draft, file);
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return { draft, notes, d: doc.snapshot() };
  } finally {
    doc.close();
  }
}

const projectsOf = (d: ReturnType<typeof read>['d']) => d.units.flatMap((u) => u.projects);
const indicatorCount = (d: ReturnType<typeof read>['d']) =>
  projectsOf(d).reduce((n, p) => n + p.indicators.length, 0);

describe('the per-row table in this program’s own layout', () => {
  const { d, notes } = read(fixture('per-row-own-layout-2025.txt'));
  const project = (name: string) => projectsOf(d).find((p) => p.name === name)!;

  it('reads department, year, units, projects and indicators', () => {
    expect(d.department).toBe('示例市示例区文化局');
    expect(d.year).toBe(2025);
    expect(d.titleIsDerived).toBe(true);
    expect(d.units.map((u) => u.name)).toEqual(['区文化局本级', '区图书馆']);
    expect(projectsOf(d).map((p) => p.name)).toEqual([
      '公共文化服务经费',
      '非遗保护专项',
      '办公设备更新',
      '图书购置',
    ]);
    expect(projectsOf(d).map((p) => p.indicators.length)).toEqual([6, 3, 0, 2]);
    expect(indicatorCount(d)).toBe(11);
    expect(d.tree.id).toBe('default');
  });

  it('carries merged 一级/二级 cells down and matches names to the tree', () => {
    expect(project('公共文化服务经费').indicators.map((i) => i.level2.code)).toEqual([
      '11',
      '11',
      '12',
      '13',
      '22',
      '31',
    ]);
    expect(project('非遗保护专项').indicators.map((i) => i.level2.code)).toEqual([
      '11',
      '14',
      '24',
    ]);
  });

  it('reads money by source exactly, with the decimals that show it', () => {
    expect(project('非遗保护专项').totals).toMatchObject({
      fiscal: 80_000_000,
      other: 6_000_000,
      total: 86_000_000,
    });
    expect(project('办公设备更新').totals.fiscal).toBe(12_345_678);
    expect(project('公共文化服务经费').totals.fiscal).toBe(1_250_500_000);
    expect(d.money).toEqual({ unit: '万元', decimals: 6 });
  });

  it('reads split values structured, sentences as sentences, the cycle value apart', () => {
    const [first, , safety] = project('公共文化服务经费').indicators;
    expect(first!.annual).toMatchObject({
      kind: 'structured',
      operator: '≥',
      value: '120',
      unit: '场',
    });
    expect(first!.annualFollowsCycle).toBe(true);
    expect(first!.weight).toBe('20');
    expect(safety!.annual).toEqual({ kind: 'sentence', text: '不发生安全责任事故' });
    const [records] = project('非遗保护专项').indicators;
    expect(records!.annualFollowsCycle).toBe(false);
    expect(records!.cycle).toMatchObject({ kind: 'structured', operator: '≥', value: '5' });
    expect(records!.annual).toMatchObject({ kind: 'structured', operator: '≥', value: '3' });
  });

  it('says nothing to check: the layout is its own', () => {
    expect(notes.filter((n) => n.severity === 'warning')).toEqual([]);
  });
});

describe('a county’s per-row sheet in 元, with OCR noise, (空) rows and a cut-off end', () => {
  const { d, notes } = read(fixture('per-row-county-2024-yuan-defects.txt'));
  const project = (name: string) => projectsOf(d).find((p) => p.name === name)!;

  it('reads what is there: 2 units, 3 projects, 10 indicators', () => {
    expect(d.department).toBe('某县农业农村局');
    expect(d.year).toBe(2024);
    expect(d.units.map((u) => u.name)).toEqual(['县农业农村局本级', '县农技推广中心']);
    expect(projectsOf(d).map((p) => p.indicators.length)).toEqual([6, 2, 2]);
    expect(indicatorCount(d)).toBe(10);
  });

  it('reads amounts in 元 (the unit on a line of its own) exactly, shown in 元', () => {
    expect(d.money).toEqual({ unit: '元', decimals: 2 });
    expect(project('高标准农田建设').totals.fiscal).toBe(330_984_000);
    expect(project('农技推广服务').totals.fiscal).toBe(12_000_050);
    expect(notes.some((n) => n.message.includes('按财政拨款导入'))).toBe(true);
  });

  it('picks the 2021 tree for 成本指标 as a first level, and says so', () => {
    expect(d.tree.id).toBe('mof-2021');
    expect(project('高标准农田建设').indicators.map((i) => i.level2.code)).toEqual([
      '41',
      '11',
      '12',
      '13',
      '21',
      '31',
    ]);
    expect(notes.some((n) => n.message.includes('成本指标为一级指标'))).toBe(true);
  });

  it('reads through OCR noise: spaces in names, full-width digits, ＞＝', () => {
    const area = project('高标准农田建设').indicators[1]!;
    expect(area.annual).toMatchObject({
      kind: 'structured',
      operator: '≥',
      value: '2000',
      unit: '亩',
    });
    const time = project('高标准农田建设').indicators[3]!;
    expect(time.annual).toMatchObject({ operator: '定性', value: '2024年11月底前' });
    expect(project('高标准农田建设').indicators[0]!.weight).toBe('10');
  });

  it('reports the (空) rows and where the table stops', () => {
    const empty = notes.find((n) => n.message.includes('有意留空'));
    expect(empty?.message).toMatch(/^2 行为有意留空的指标类别/);
    const cut = notes.find((n) => n.message.includes('中断，之后的内容缺失'));
    expect(cut).toMatchObject({ severity: 'warning', line: 25 });
    expect(cut!.message).toContain('项目“农技推广服务”的指标“培训完成时间”');
    const last = project('农技推广服务').indicators[1]!;
    expect(last.name).toBe('培训完成时间');
    expect(last.annual).toMatchObject({ operator: '定性', value: '2024年10月底前完' });
  });
});

describe('a per-row table cut off in the middle of a row (a download that stopped)', () => {
  const text = fixture('per-row-own-layout-2025.txt');
  const cut = text.slice(0, text.indexOf('新增馆藏图书 | ＝1万册') + 10);
  const { d, notes } = read(cut);

  it('imports what is there, the cut row too', () => {
    expect(projectsOf(d).map((p) => p.indicators.length)).toEqual([6, 3, 0, 1]);
    expect(projectsOf(d)[3]!.indicators[0]!.name).toBe('新增馆藏图书');
  });

  it('names where it stops, once', () => {
    const warnings = notes.filter((n) => n.severity === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ line: 22 });
    expect(warnings[0]!.message).toBe(
      '表格在第 22 行（项目“图书购置”的指标“新增馆藏图书”）处中断，之后的内容缺失，该行的指标值可能不完整；已导入此前的全部内容，请补全',
    );
  });
});

describe('a per-row sheet with every source of money in its own column', () => {
  const text = [
    '某区教育局 2025年项目支出绩效目标表',
    '单位：元',
    '单位 | 项目 | 预算数 | 财政拨款 | 财政专户拨款 | 其他资金 | 年度目标 | 一级指标 | 二级指标 | 三级指标 | 指标值',
    '甲单位 | 项目一 | 100.00 | 60.00 | 30.00 | 10.00 | 目标一 | 产出指标 | 数量指标 | 次数 | 10次',
    '| 项目二 | 50.00 | 40.00 | | | 目标二 | 产出指标 | 数量指标 | 人数 | ≥5人',
  ].join('\n');
  const { d, notes } = read(text);

  it('reads each source; a 预算数 that is not their sum is reported, the sources kept', () => {
    expect(
      projectsOf(d).map((p) => [p.totals.fiscal, p.totals.specialAccount, p.totals.other]),
    ).toEqual([
      [6000, 3000, 1000],
      [4000, 0, 0],
    ]);
    expect(notes.filter((n) => n.severity === 'warning').map((n) => [n.line, n.message])).toEqual([
      [5, '项目“项目二”的预算数“50.00”与各资金来源之和不一致；按各资金来源导入'],
    ]);
  });

  it('a merged value column: `10次` read as ＝10次, `≥5人` as ≥5人, and said so', () => {
    const [one, two] = projectsOf(d).map((p) => p.indicators[0]!);
    expect(one!.annual).toMatchObject({
      kind: 'structured',
      operator: '＝',
      value: '10',
      unit: '次',
    });
    expect(two!.annual).toMatchObject({
      kind: 'structured',
      operator: '≥',
      value: '5',
      unit: '人',
    });
    expect(notes.some((n) => n.message.startsWith('1 个指标值只有数值和单位'))).toBe(true);
  });
});

describe('a per-row sheet whose header has two rows (merged 资金来源 over its sources)', () => {
  it('reads the second row’s labels as columns, and skips the header repeated on page 2', () => {
    const text = [
      '某区民政局 2025年项目支出绩效目标表',
      '金额单位：万元',
      '单位 | 项目 | 预算数 | 资金来源 | | 一级指标 | 二级指标 | 三级指标 | 指标值',
      '| | | 财政拨款 | 其他资金 | | | |',
      '区民政局 | 养老服务补贴 | 120.00 | 100.00 | 20.00 | 产出指标 | 数量指标 | 补贴人数 | ≥500人',
      '单位 | 项目 | 预算数 | 资金来源 | | 一级指标 | 二级指标 | 三级指标 | 指标值',
      '| | | 财政拨款 | 其他资金 | | | |',
      '| | | | | 满意度指标 | 服务对象满意度 | 老人满意度 | ≥90%',
    ].join('\n');
    const { d, notes } = read(text);
    const [p] = projectsOf(d);
    expect(p!.totals).toMatchObject({ fiscal: 100_000_000, other: 20_000_000 });
    expect(p!.indicators.map((i) => i.level2.code)).toEqual(['11', '31']);
    expect(notes.filter((n) => n.severity === 'warning')).toEqual([]);
  });
});

describe('the per-row reader refuses what it cannot read', () => {
  const own = fixture('per-row-own-layout-2025.txt');

  it('a table with amounts and no unit, unless one is given', () => {
    const text = own.replace(
      '部门名称：示例市示例区文化局 | 单位：万元',
      '部门名称：示例市示例区文化局',
    );
    expect(() => read(text)).toThrow(ImportError);
    expect(() => read(text)).toThrow(/找不到金额单位.*--unit 万元\|元/);
    expect(read(text, { unit: '万元' }).d.money.unit).toBe('万元');
  });

  it('a unit given that contradicts the table', () => {
    expect(() => read(own, { unit: '元' })).toThrow(/表格注明金额单位为万元.*与指定的单位元不一致/);
  });

  it('a second-level name in no tree, naming the row', () => {
    const text = own.replace('| 质量指标 | 演出安全事故', '| 神秘指标 | 演出安全事故');
    expect(() => read(text)).toThrow(
      /^第 14 行：项目“公共文化服务经费”的指标“演出安全事故”：指标类别/,
    );
  });

  it('an amount that is not one', () => {
    const text = own.replace('| 1,250.50 | | 举办', '| 1,250.50 | 一千二百 | 举办');
    expect(() => read(text)).toThrow(
      /第 12 行：项目“公共文化服务经费”的“其他资金”栏“一千二百”不是金额/,
    );
  });

  it('no year anywhere, unless one is given', () => {
    const text = own.replace(
      '示例市示例区文化局 2025年项目支出绩效目标表（含转移支付项目）',
      '绩效指标汇总',
    );
    expect(() => read(text)).toThrow(/找不到预算年度/);
    expect(read(text, { year: 2025 }).d.year).toBe(2025);
  });
});

describe('the per-row reader on any input', () => {
  it('reads a Word copy (cells separated by tabs, merged cells as empty ones) the same', () => {
    const text = fixture('per-row-own-layout-2025.txt');
    const tabs = textCellRows(text)
      .rows.map((r) => r.cells.join('\t'))
      .join('\n');
    const a = read(text).d;
    const b = read(tabs).d;
    expect(
      projectsOf(b).map((p) => p.indicators.map((i) => [i.level2.code, i.name, i.annualValue])),
    ).toEqual(
      projectsOf(a).map((p) => p.indicators.map((i) => [i.level2.code, i.name, i.annualValue])),
    );
  });

  it('every prefix of every fixture: a draft or a clear refusal, never a crash', () => {
    for (const name of ['per-row-own-layout-2025.txt', 'per-row-county-2024-yuan-defects.txt']) {
      const lines = fixture(name).split('\n');
      for (let n = 0; n <= lines.length; n++) {
        const text = lines.slice(0, n).join('\n');
        try {
          readPerRowTable(textCellRows(text));
        } catch (e) {
          expect(e, `${name}, ${n} lines`).toBeInstanceOf(UserError);
        }
        // Cut in the middle of the last line, too.
        const half = text.slice(0, Math.max(0, text.length - 7));
        try {
          readPerRowTable(textCellRows(half));
        } catch (e) {
          expect(e, `${name}, ${n} lines less 7 characters`).toBeInstanceOf(UserError);
        }
      }
    }
  });
});
