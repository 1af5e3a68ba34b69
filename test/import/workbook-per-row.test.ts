import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { writeDraft } from '../../db/import/draft.ts';
import type { ImportNote, ReadOptions } from '../../db/import/source-where.ts';
import { ImportError } from '../../db/import/source-where.ts';
import { importWorkbook } from '../../db/import/workbook/import-workbook.ts';
import { printedIndicators } from '../../db/shared/printed-order.ts';
import type { DocumentData, ProjectData } from '../../db/shared/types.ts';
import { ROOT, tempDir } from '../helpers.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures/workbooks/per-row');

async function readBytes(bytes: Uint8Array, format: 'xlsx' | 'csv', options: ReadOptions = {}) {
  const { draft, notes } = await importWorkbook(bytes, format, options);
  const file = path.join(tempDir(), 'book.jxmb');
  writeDraft(draft, file);
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return { draft, notes, d: doc.snapshot() };
  } finally {
    doc.close();
  }
}

function readFixture(name: string, options: ReadOptions = {}) {
  const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, name)));
  return readBytes(bytes, name.endsWith('.csv') ? 'csv' : 'xlsx', options);
}

const projectsOf = (d: DocumentData) => d.units.flatMap((u) => u.projects);
const projectOf = (d: DocumentData, name: string): ProjectData =>
  projectsOf(d).find((p) => p.name === name)!;
const indicatorOf = (p: ProjectData, name: string) => p.indicators.find((i) => i.name === name)!;
const messages = (notes: readonly ImportNote[]) => notes.map((n) => n.message);
const noteWith = (notes: readonly ImportNote[], text: string) =>
  notes.find((n) => n.message.includes(text));

describe.each(['sichuan-flat-yuan.xlsx', 'sichuan-flat-yuan-calc.xlsx'])(
  'a Sichuan-style flat sheet in 元 (%s)',
  (name) => {
    const read = readFixture(name);

    it('reads 2 units, 4 projects, 20 indicators; the cells given once carried down', async () => {
      const { d } = await read;
      expect(d.department).toBe('四川省示例厅');
      expect(d.year).toBe(2025);
      expect(d.units.map((u) => u.name)).toEqual(['四川省示例厅本级', '四川省示例研究院']);
      expect(projectsOf(d).map((p) => [p.name, p.indicators.length])).toEqual([
        ['信息化运维经费', 7],
        ['干部培训专项', 5],
        ['科研设备购置', 5],
        ['学术交流经费', 3],
      ]);
    });

    it('reads 项目金额（元） exactly in 分, numbers and text alike, shown in 元', async () => {
      const { d, notes } = await read;
      expect(d.money).toEqual({ unit: '元', decimals: 2 });
      expect(projectsOf(d).map((p) => p.totals.fiscal)).toEqual([
        123_456_789, 35_000_000, 200_000_000, 8_600_050,
      ]);
      expect(noteWith(notes, '金额单位为元')).toMatchObject({ line: 2, column: 3 });
      expect(noteWith(notes, '金额单位为元')!.message).toContain('“项目金额（元）”');
      expect(noteWith(notes, '4 个项目的预算数按财政拨款导入')).toBeDefined();
    });

    it('regroups indicators given in any category order by the tree', async () => {
      const { d } = await read;
      const p = projectOf(d, '信息化运维经费');
      expect(p.indicators.map((i) => i.level2.code)).toEqual([
        '31',
        '11',
        '22',
        '12',
        '13',
        '14',
        '24',
      ]);
      expect(printedIndicators(p).map((i) => i.level2.code)).toEqual([
        '11',
        '12',
        '13',
        '14',
        '22',
        '24',
        '31',
      ]);
    });

    it('reads 指标性质 | 指标值 | 度量单位: ＝ for `=`, a percent cell, 定性 grades and words', async () => {
      const { d } = await read;
      const ops = projectOf(d, '信息化运维经费');
      expect(indicatorOf(ops, '运维系统数量').annual).toMatchObject({
        kind: 'structured',
        operator: '＝',
        value: '12',
        unit: '个',
      });
      expect(indicatorOf(ops, '系统可用率').annual).toMatchObject({
        operator: '≥',
        value: '98',
        unit: '%',
      });
      expect(indicatorOf(ops, '运维成本').annual).toMatchObject({
        operator: '≤',
        value: '123.456789',
        unit: '万元',
      });
      expect(indicatorOf(ops, '信息安全保障水平').annual).toMatchObject({
        kind: 'structured',
        operator: '定性',
        value: '优',
      });
      expect(indicatorOf(ops, '政务服务效率').annual).toEqual({
        kind: 'sentence',
        text: '有效提升',
      });
      expect(indicatorOf(projectOf(d, '科研设备购置'), '设备验收合格率').annualValue).toBe(
        '＝100%',
      );
      expect(indicatorOf(ops, '使用人员满意度').weight).toBe('10');
      expect(indicatorOf(ops, '使用人员满意度').annualFollowsCycle).toBe(true);
    });

    it('reads 指标方向性 正向指标/反向指标 as 指标方向, and says what it did not read', async () => {
      const { d, notes } = await read;
      const ops = projectOf(d, '信息化运维经费');
      expect(indicatorOf(ops, '故障响应时间').polarity).toBe('反向');
      expect(indicatorOf(ops, '系统可用率').polarity).toBe('正向');
      expect(indicatorOf(ops, '信息安全保障水平').polarity).toBeNull();
      expect(indicatorOf(projectOf(d, '干部培训专项'), '培训完成时间').polarity).toBeNull();
      expect(noteWith(notes, '读作指标方向')!.message).toBe(
        '“指标方向性”栏的正向/反向读作指标方向（18 个指标）',
      );
      const unread = noteWith(notes, '不是正向或反向');
      expect(unread).toMatchObject({ severity: 'warning', line: 9, column: 12 });
      expect(unread!.message).toContain('“中性”');
    });

    it('says every inference, and warns of nothing else', async () => {
      const { notes } = await read;
      expect(notes.filter((n) => n.severity === 'warning')).toHaveLength(1);
      expect(noteWith(notes, '3 个指标性质为“定性”的指标值是文字表述')).toMatchObject({
        line: 5,
        column: 9,
      });
      expect(notes[0]!.message).toMatch(/^按每行一个指标的汇总表读取/u);
    });
  },
);

describe.each(['two-header-rows-wanyuan.xlsx', 'two-header-rows-wanyuan-calc.xlsx'])(
  'two header rows, merged cells, 单位：万元 above (%s)',
  (name) => {
    const read = readFixture(name);

    it('finds the header of two rows under a title and a 部门名称 line', async () => {
      const { d, notes } = await read;
      expect(d.department).toBe('示例市示例区教育局');
      expect(d.year).toBe(2025);
      expect(notes[0]!.message).toContain('工作表“绩效目标”第 3 行为其表头');
      expect(d.units.map((u) => [u.name, u.projects.map((p) => p.indicators.length)])).toEqual([
        ['区教育局本级', [5, 3]],
        ['区实验小学', [4]],
      ]);
    });

    it('reads 资金来源 by source in 万元 exactly, with the decimals that show it', async () => {
      const { d, notes } = await read;
      expect(
        projectsOf(d).map((p) => [p.totals.fiscal, p.totals.specialAccount, p.totals.other]),
      ).toEqual([
        [120_500_000, 0, 3_250_000],
        [88_123_456, 0, 0],
        [50_000_000, 10_000_000, 0],
      ]);
      expect(d.money).toEqual({ unit: '万元', decimals: 6 });
      expect(noteWith(notes, '金额单位为万元')).toMatchObject({ line: 2, column: 13 });
    });

    it('carries merged 一级/二级 down; reads values merged into 指标值', async () => {
      const { d, notes } = await read;
      const training = projectOf(d, '教师培训经费');
      expect(training.indicators.map((i) => i.level2.code)).toEqual(['11', '11', '12', '22', '31']);
      expect(training.indicators.map((i) => i.annualValue)).toEqual([
        '≥2000人',
        '≥120课时',
        '≥95%',
        '明显提升',
        '＝100%',
      ]);
      expect(indicatorOf(projectOf(d, '校车购置'), '购置校车数量').annual).toMatchObject({
        operator: '＝',
        value: '10',
        unit: '辆',
      });
      const merged = noteWith(notes, '写在指标值中');
      expect(merged).toMatchObject({ line: 6, column: 11 });
      expect(merged!.message).toMatch(/^4 个指标的计算符号没有单独填写/u);
      expect(notes.filter((n) => n.severity === 'warning')).toEqual([]);
    });
  },
);

describe('a CSV, in UTF-8 with BOM and in GBK', () => {
  const utf8 = readFixture('county-utf8-bom.csv');
  const gbk = readFixture('county-gbk.csv');

  it('reads 1 unit, 2 projects, 8 indicators; amounts with separators', async () => {
    const { d } = await utf8;
    expect(d.department).toBe('示例县农业农村局');
    expect(d.year).toBe(2024);
    expect(d.units.map((u) => u.name)).toEqual(['县农业农村局本级']);
    expect(projectsOf(d).map((p) => [p.name, p.indicators.length, p.totals.fiscal])).toEqual([
      ['高标准农田建设', 4, 1_200_500_000],
      ['动物防疫补助', 4, 85_600_000],
    ]);
    expect(d.money).toEqual({ unit: '万元', decimals: 2 });
  });

  it('matches 二级绩效指标, 三级指标名称, 计算符号 and 指标值设定依据 by their synonyms', async () => {
    const { d } = await utf8;
    const farm = projectOf(d, '高标准农田建设');
    expect(farm.indicators.map((i) => i.level2.code)).toEqual(['11', '12', '21', '31']);
    expect(indicatorOf(farm, '工程验收合格率').annual).toMatchObject({
      operator: '＝',
      value: '100',
      unit: '%',
    });
    expect(indicatorOf(farm, '新建高标准农田面积').basis).toEqual({ kind: '计划标准', text: '' });
    expect(indicatorOf(farm, '工程验收合格率').basis).toEqual({
      kind: '行业标准',
      text: '验收规范',
    });
    expect(indicatorOf(farm, '新建高标准农田面积').explanation).toBe('年度新建面积');
  });

  it('reads the GBK file to the same table, and says which encoding it took', async () => {
    const a = await utf8;
    const b = await gbk;
    expect(b.draft).toEqual(a.draft);
    expect(messages(b.notes)).toContain('CSV 文件不是 UTF-8 编码，按 GBK（GB18030）编码读取');
    expect(messages(a.notes).some((m) => m.includes('GBK'))).toBe(false);
  });
});

describe('a workbook with one per-row sheet per unit', () => {
  const read = readFixture('per-unit-sheets.xlsx');

  it('reads the sheets as one table: 3 units, 4 projects, 10 indicators', async () => {
    const { d, notes } = await read;
    expect(d.department).toBe('示例区文化局');
    expect(d.units.map((u) => [u.name, u.projects.map((p) => p.indicators.length)])).toEqual([
      ['区文化局本级', [4, 2]],
      ['区图书馆', [2]],
      ['区文化馆', [2]],
    ]);
    expect(noteWith(notes, '合为一张表读取')!.message).toBe(
      '工作簿中 3 个汇总表工作表的栏目一致，合为一张表读取：“局本级”、“图书馆”、“区文化馆”',
    );
  });

  it('names a unit by `单位名称：…`, else by its sheet, and says so', async () => {
    const { notes } = await read;
    expect(noteWith(notes, '单位名称取工作表名')!.message).toContain('（“区文化馆”）');
  });

  it('names the sheets it did not read', async () => {
    const { notes } = await read;
    expect(messages(notes)).toContain('未读取的工作表：“填报说明”（不是汇总表、项目表或说明）');
    expect(messages(notes)).toContain('隐藏的工作表未读取：“代码表”');
  });

  it('reads merged 指标值 cells: ≥, ＝, 定性 words', async () => {
    const { d } = await read;
    const p = projectOf(d, '公共文化服务经费');
    expect(p.indicators.map((i) => i.annualValue)).toEqual(['≥50场', '＝0%', '有效提高', '≥90%']);
    expect(p.totals.fiscal).toBe(125_050_000);
  });
});

describe('the national import shape: 年度指标 + 实施期指标 + 项目', () => {
  const read = readFixture('national-shape.xlsx');

  it('reads department and year from the title row; units and projects from 项目', async () => {
    const { d } = await read;
    expect(d.department).toBe('示例市卫生健康委员会');
    expect(d.year).toBe(2026);
    expect(d.units.map((u) => [u.name, u.projects.map((p) => p.indicators.length)])).toEqual([
      ['市卫健委本级', [4, 0]],
      ['市疾控中心', [2]],
      ['市卫生监督所', []],
    ]);
  });

  it('joins each indicator’s 年度 and 实施周期 values', async () => {
    const { d } = await read;
    const p = projectOf(d, '基层医疗能力提升');
    const doctors = indicatorOf(p, '培训基层医生人数');
    expect(doctors.annualFollowsCycle).toBe(false);
    expect(doctors.cycle).toMatchObject({ operator: '≥', value: '1500', unit: '人' });
    expect(doctors.annual).toMatchObject({ operator: '≥', value: '500', unit: '人' });
    expect(indicatorOf(p, '培训考核合格率').annualFollowsCycle).toBe(true);
    expect(indicatorOf(p, '患者满意度').cycleValue).toBe('≥92%');
    const visits = indicatorOf(p, '基层诊疗量');
    expect(visits.annual).toEqual({ kind: 'sentence', text: '稳步增长' });
    expect(visits.cycleValue).toBe('');
    expect(visits.explanation).toBe('基层医疗机构诊疗人次');
    expect(doctors.basis).toEqual({ kind: '计划标准', text: '年度培训计划' });
    expect(doctors.polarity).toBe('正向');
    expect(indicatorOf(projectOf(d, '疫苗冷链运维'), '冷链故障处置时间').polarity).toBe('反向');
  });

  it('reads the 项目 sheet’s amounts, 实施期, 性质, 类别 and goals', async () => {
    const { d, notes } = await read;
    const p = projectOf(d, '基层医疗能力提升');
    expect(p.totals).toMatchObject({ fiscal: 280_000_000, other: 20_000_000, total: 300_000_000 });
    expect(p.totalBudget).toBe(900_000_000);
    expect(p.carryOver).toBe(15_500_000);
    expect(p.period).toEqual({ start: '2026-01', end: '2028-12' });
    expect([p.continuity, p.recurrence, p.category]).toEqual(['延续', '经常性', '特定目标类']);
    expect(p.overallGoal).toBe('三年培训基层医生1500人。');
    expect(p.goal).toBe('培训基层医生500人。');
    expect(projectOf(d, '卫生应急物资储备').totals.fiscal).toBe(45_250_000);
    expect(noteWith(notes, '金额单位为万元')).toMatchObject({ sheet: '项目', line: 2, column: 4 });
    expect(noteWith(notes, '取自工作表“项目”')).toBeDefined();
    expect(noteWith(notes, '实施周期指标值取自工作表“实施期指标”')).toBeDefined();
    expect(notes.filter((n) => n.severity === 'warning')).toEqual([]);
  });
});

// ---- workbooks made here: this program's export shape, and refusals ------------------------

type Row = readonly (string | number | null)[];

async function workbook(sheets: Record<string, readonly Row[]>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const s = wb.addWorksheet(name);
    rows.forEach((r, i) =>
      r.forEach((v, c) => {
        if (v !== null && v !== '') s.getCell(i + 1, c + 1).value = v;
      }),
    );
  }
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const HEADER: Row = [
  '单位名称',
  '项目名称',
  '预算金额',
  '一级指标',
  '二级指标',
  '三级指标',
  '指标性质',
  '指标值',
  '计量单位',
];
const BODY: Row[] = [
  ['甲单位', '项目一', 10, '产出指标', '数量指标', '次数', '≥', 3, '次'],
  [null, null, null, '满意度指标', '服务对象满意度指标', '满意度', '≥', 90, '%'],
];

describe('this program’s own rows export (header in row 1, a 说明 sheet)', () => {
  it('takes department, year, unit, decimals and tree from 说明', async () => {
    const bytes = await workbook({
      年度指标: [
        [
          '序号',
          '单位名称',
          '项目名称',
          '一级指标',
          '二级指标',
          '三级指标',
          '指标性质',
          '指标值',
          '计量单位',
          '权重',
          '指标值设定依据',
          '指标解释',
          '指标方向',
        ],
        [1, '甲单位', '项目一', '产出指标', '数量指标', '次数', '≥', 3, '次', 50, '', '', '正向'],
        [
          2,
          '甲单位',
          '项目一',
          '成本指标',
          '经济成本指标',
          '成本',
          '≤',
          10,
          '万元',
          50,
          '',
          '',
          '反向',
        ],
      ],
      项目: [
        [
          '序号',
          '单位名称',
          '项目名称',
          '总计（万元）',
          '财政拨款（万元）',
          '财政专户拨款（万元）',
          '其他资金（万元）',
          '项目资金总额（万元）',
          '上年结转（万元）',
          '实施期',
          '项目性质',
          '项目类别',
          '项目总体目标',
          '年度目标',
        ],
        [1, '甲单位', '项目一', 12.3456, 12.3456, 0, 0, null, 0, '', '', '', '', '目标一'],
      ],
      说明: [
        ['项目', '内容'],
        ['部门名称', '某区某局'],
        ['预算年度', 2027],
        ['标题', '某区某局 2027年项目支出绩效目标表（含转移支付项目）'],
        ['金额单位', '万元'],
        ['金额小数位数', 4],
        ['指标体系', '财预〔2021〕101号'],
        ['指标体系代码', 'mof-2021'],
      ],
    });
    const { d, notes } = await readBytes(bytes, 'xlsx');
    expect([d.department, d.year, d.titleIsDerived]).toEqual(['某区某局', 2027, true]);
    expect(d.money).toEqual({ unit: '万元', decimals: 4 });
    expect(d.tree.id).toBe('mof-2021');
    expect(projectOf(d, '项目一').totals.fiscal).toBe(12_345_600);
    expect(projectOf(d, '项目一').indicators.map((i) => [i.level2.code, i.annualValue])).toEqual([
      ['11', '≥3次'],
      ['41', '≤10万元'],
    ]);
    expect(noteWith(notes, '部门名称、预算年度取自工作表“说明”')).toBeDefined();
  });
});

describe('refusals: all or nothing, naming sheet, row and column', () => {
  it('a sheet that states no unit of money is refused, naming --unit; given, it is read', async () => {
    const bytes = await workbook({ 汇总: [['某局2025年项目支出绩效目标表'], HEADER, ...BODY] });
    const refused = await importWorkbook(bytes, 'xlsx').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImportError);
    expect((refused as Error).message).toContain('--unit 万元|元');
    expect((refused as Error).message).toContain('找不到金额单位');
    const { d, notes } = await readBytes(bytes, 'xlsx', { unit: '元' });
    expect(d.money.unit).toBe('元');
    expect(projectOf(d, '项目一').totals.fiscal).toBe(1000);
    expect(noteWith(notes, '按指定的金额单位元读取')?.severity).toBe('warning');
  });

  it('an amount that is no amount: 工作表, 行 and 列 named', async () => {
    const bytes = await workbook({
      汇总: [
        ['某局2025年项目支出绩效目标表'],
        ['单位：万元'],
        HEADER,
        ['甲单位', '项目一', '十万', ...BODY[0]!.slice(3)],
      ],
    });
    const e = await importWorkbook(bytes, 'xlsx').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportError);
    expect(e).toMatchObject({ sheet: '汇总', line: 4, column: 3 });
    expect((e as Error).message).toMatch(
      /^工作表“汇总”第 4 行 C 列：按每行一个指标的汇总表读取（.*），无法导入：项目“项目一”的“预算数”栏“十万”不是金额（单位万元）$/u,
    );
  });

  it('a category the tree does not have: the 二级指标 cell named', async () => {
    const bytes = await workbook({
      汇总: [
        ['某局2025年项目支出绩效目标表'],
        ['单位：万元'],
        HEADER,
        [...BODY[0]!.slice(0, 4), '影响指标', ...BODY[0]!.slice(5)],
      ],
    });
    const e = await importWorkbook(bytes, 'xlsx').catch((x: unknown) => x);
    expect(e).toMatchObject({ sheet: '汇总', line: 4, column: 5 });
    expect((e as Error).message).toContain('指标类别“产出指标 / 影响指标”不在指标体系');
  });

  it('sheets whose columns differ are refused rather than read in part', async () => {
    const other = [...HEADER.slice(0, 8)];
    const bytes = await workbook({
      甲: [['某局2025年项目支出绩效目标表'], ['单位：万元'], HEADER, ...BODY],
      乙: [
        ['某局2025年项目支出绩效目标表'],
        ['单位：万元'],
        other,
        ['乙单位', '项目二', 5, '产出指标', '数量指标', '人数', '≥', 3],
      ],
    });
    const e = await importWorkbook(bytes, 'xlsx').catch((x: unknown) => x);
    expect(e).toMatchObject({ sheet: '乙', line: 3 });
    expect((e as Error).message).toContain('工作表“乙”的栏目与工作表“甲”不同（没有“计量单位”栏）');
  });

  it('finds a header below 20 rows of preface, not one below the 30th row', async () => {
    const preface: Row[] = Array.from({ length: 20 }, (_, i) => [`说明第${i + 1}条`]);
    const near = await workbook({
      汇总: [['某局2025年项目支出绩效目标表'], ['单位：万元'], ...preface, HEADER, ...BODY],
    });
    const { d } = await readBytes(near, 'xlsx');
    expect(projectsOf(d).map((p) => p.indicators.length)).toEqual([2]);
    const far = await workbook({
      汇总: [
        ['某局2025年项目支出绩效目标表'],
        ['单位：万元'],
        ...preface,
        ...preface,
        HEADER,
        ...BODY,
      ],
    });
    const e = await importWorkbook(far, 'xlsx').catch((x: unknown) => x);
    expect((e as Error).message).toContain('未能识别表格格式');
  });
});

describe('headers and cells of other regions', () => {
  it('reads `指标值` over `符号 | 值 | 单位`: 单位 under 指标值 is the 计量单位', async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('表');
    const rows: Row[] = [
      ['某局2025年项目支出绩效目标表'],
      ['单位：万元'],
      ['单位', '项目', '金额', '一级指标', '二级指标', '三级指标', '指标值', null, null, '权重'],
      [null, null, null, null, null, null, '符号', '值', '单位'],
      ['甲单位', '项目一', 8, '产出指标', '数量指标', '人数', '≥', 30, '人', 100],
    ];
    rows.forEach((r, i) => r.forEach((v, c) => v !== null && (s.getCell(i + 1, c + 1).value = v)));
    for (const c of [1, 2, 3, 4, 5, 6, 10]) s.mergeCells(3, c, 4, c);
    s.mergeCells(3, 7, 3, 9);
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const { d } = await readBytes(bytes, 'xlsx');
    expect(d.units.map((u) => u.name)).toEqual(['甲单位']);
    const [ind] = projectOf(d, '项目一').indicators;
    expect(ind!.annual).toMatchObject({ operator: '≥', value: '30', unit: '人' });
    expect(ind!.weight).toBe('100');
  });

  it('reads 指标性质 定量 with the comparison in 指标方向性 or in the value, and says so', async () => {
    const bytes = await workbook({
      表: [
        ['某局2025年项目支出绩效目标表'],
        ['单位：万元'],
        [
          '单位名称',
          '项目名称',
          '项目金额',
          '一级指标',
          '二级指标',
          '三级指标',
          '指标性质',
          '指标值',
          '度量单位',
          '指标方向性',
        ],
        ['甲单位', '项目一', 8, '产出指标', '数量指标', '人数', '定量', 30, '人', '大于等于'],
        [null, null, null, '产出指标', '质量指标', '合格率', '定量', '≥95', '%', '正向指标'],
        [null, null, null, '满意度指标', '满意度指标', '满意度', '定量', 90, '%', '逆向'],
        [null, null, null, '产出指标', '时效指标', '完成时间', '≤', 6, '月', '≥'],
      ],
    });
    const { d, notes } = await readBytes(bytes, 'xlsx');
    const inds = projectOf(d, '项目一').indicators;
    expect(inds.map((i) => i.annualValue)).toEqual(['≥30人', '≥95%', '＝90%', '≤6月']);
    expect(inds.map((i) => i.polarity)).toEqual([null, '正向', '反向', null]);
    expect(noteWith(notes, '与指标性质“≤”不一致')).toMatchObject({
      severity: 'warning',
      line: 7,
      column: 10,
    });
    expect(noteWith(notes, '写的是计算符号')).toMatchObject({ line: 4, column: 10 });
    expect(noteWith(notes, '指标性质为“定量”')!.message).toMatch(/^2 个指标的指标性质为“定量”/u);
    expect(noteWith(notes, '读作“＝”的结构化指标值')).toMatchObject({ line: 6 });
  });

  it('reads a CSV with two header rows; its refusals name row and column', async () => {
    const csv = [
      '某局2025年项目支出绩效目标表',
      '金额单位：元',
      '单位名称,项目名称,项目金额,绩效指标,,,指标值,,',
      ',,,一级指标,二级指标,三级指标,计算符号,指标值,计量单位',
      '甲单位,项目一,"1,000.5",产出指标,数量指标,人数,≥,30,人',
      ',,,满意度指标,服务对象满意度指标,满意度,≥,90,%',
    ].join('\r\n');
    const { d } = await readBytes(new TextEncoder().encode(csv), 'csv');
    expect(projectOf(d, '项目一').totals.fiscal).toBe(100_050);
    expect(projectOf(d, '项目一').indicators.map((i) => i.annualValue)).toEqual(['≥30人', '≥90%']);
    const bad = csv.replace('"1,000.5"', '一千');
    const e = await importWorkbook(new TextEncoder().encode(bad), 'csv').catch((x: unknown) => x);
    expect(e).toMatchObject({ line: 5, column: 3 });
    expect((e as Error).message).toMatch(/^第 5 行 C 列：/u);
  });
});

describe('value cells that hold their unit or their operator again', () => {
  it('reads `≥`|`98%`, `＝`|`10辆`, `≥`|`≥95%` as one comparison; warns of a word, naming its cell', async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('表');
    const rows: Row[] = [
      ['某局2025年项目支出绩效目标表'],
      ['单位：万元'],
      [
        '单位名称',
        '项目名称',
        '项目金额',
        '一级指标',
        '二级指标',
        '三级指标',
        '指标性质',
        '指标值',
        '度量单位',
      ],
      ['甲单位', '项目一', 8, '产出指标', '质量指标', '合格率', '≥', 0.98, null],
      [null, null, null, '产出指标', '数量指标', '车辆', '＝', '10辆', null],
      [null, null, null, '满意度指标', '服务对象满意度指标', '满意度', '≥', '≥95%', null],
      [null, null, null, '产出指标', '数量指标', '人数', '≥', '很多', '人'],
    ];
    rows.forEach((r, i) => r.forEach((v, c) => v !== null && (s.getCell(i + 1, c + 1).value = v)));
    s.getCell(4, 8).numFmt = '0%';
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const { d, notes } = await readBytes(bytes, 'xlsx');
    const inds = projectOf(d, '项目一').indicators;
    expect(inds.map((i) => i.annualValue)).toEqual(['≥98%', '＝10辆', '≥95%', '≥很多人']);
    expect(inds[3]!.annual.kind).toBe('sentence');
    const warnings = notes.filter((n) => n.severity === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ sheet: '表', line: 7, column: 8 });
    expect(warnings[0]!.message).toContain('指标值“很多”不是数字');
  });
});
