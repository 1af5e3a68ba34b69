import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { textCellRows, type CellSource } from '../../db/import/cell-rows.ts';
import { writeDraft } from '../../db/import/draft.ts';
import {
  looksLikeProjectForm,
  readProjectForms,
  type ProjectFormOptions,
} from '../../db/import/forms/project-form.ts';
import { ImportError, type ImportResult } from '../../db/import/table-draft.ts';
import { UserError } from '../../db/shared/errors.ts';
import { formatAmount, type Cents } from '../../db/shared/money.ts';
import type { DocumentData, IndicatorData } from '../../db/shared/types.ts';
import { readPdfGrid } from '../../db/import/pdf-grid.ts';
import { formatValue } from '../../db/shared/indicator-value.ts';
import { printedIndicators } from '../../db/shared/printed-order.ts';
import { buildPrintModel, renderPdf } from '../../templates/export/index.ts';
import { indicatorColumns, perProject } from '../../templates/layout/per-project.ts';
import { FIELD_LABELS, fieldOfLabel } from '../../db/import/forms/header-labels.ts';
import { buildNationalSample } from '../export/national-sample.ts';
import { ownFixture, ROOT, tempDir } from '../helpers.ts';

// The per-project forms (申报表 / 审批表) of other regions: the three real ones beside the clone
// (../shared/fixtures/other-regions/) and the project's own, each with the defects real tables
// have. Counts are the forms' own: every indicator row that is there.

const SHARED = path.resolve(ROOT, '..', 'shared', 'fixtures', 'other-regions');
const XIANGTAN = path.join(SHARED, 'xiangtan-huanwei-wupaoche-2023.txt');
const CHONGQING = path.join(SHARED, 'fengjie-yunwu-2023-chongqing.txt');
const EZHOU = path.join(SHARED, 'ezhou-2022-binhu-dalou-yunxing.txt');
const HAS_SHARED = [XIANGTAN, CHONGQING, EZHOU].every((f) => existsSync(f));
if (!HAS_SHARED) {
  console.warn(`[skip] ${SHARED} is not here: tests of the other regions' real forms are skipped`);
}

const own = (name: string) => ownFixture(path.join('other-regions', name));

function source(file: string): CellSource {
  return textCellRows(readFileSync(file, 'utf8'));
}

function read(file: string, options: ProjectFormOptions = {}): ImportResult {
  return readProjectForms(source(file), options);
}

/** The draft written to a real document file and read back. */
function stored(result: ImportResult): DocumentData {
  const file = path.join(tempDir(), 'form.jxmb');
  writeDraft(result.draft, file);
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

function refusal(f: () => unknown): ImportError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('not refused');
}

const indicators = (d: DocumentData): IndicatorData[] =>
  d.units.flatMap((u) => u.projects.flatMap((p) => p.indicators));
const codes = (d: DocumentData) => indicators(d).map((i) => i.level2.code);
const messages = (r: ImportResult, severity?: 'info' | 'warning') =>
  r.notes.filter((n) => severity === undefined || n.severity === severity).map((n) => n.message);
const wan = (d: DocumentData) => (c: Cents | null) =>
  c === null ? 'null' : formatAmount(c, d.money);

describe.skipIf(!HAS_SHARED)('the three real forms of other regions', () => {
  it('Xiangtan 申报表: 7 indicators, 3 categories left empty, 250万 as 财政拨款', () => {
    const r = read(XIANGTAN);
    const d = stored(r);
    expect(d).toMatchObject({ department: '湘潭市环境卫生管理处', year: 2023 });
    expect(d.tree.id).toBe('default');
    expect(d.money.unit).toBe('万元');
    const p = d.units[0]!.projects[0]!;
    expect(d.units.map((u) => u.name)).toEqual(['湘潭市环境卫生管理处']);
    expect(p.name).toBe('雾炮车降尘抑尘服务');
    expect(formatAmount(p.totals.fiscal, d.money)).toBe('250.00');
    expect(p.totals.total).toBe(p.totals.fiscal);
    expect(p.period).toEqual({ start: '2023-07', end: '2024-01' });
    expect(p.overallGoal).toContain('全市空气质量达到优良');
    expect(p.goal).toBe(p.overallGoal);
    expect(codes(d)).toEqual(['11', '11', '12', '13', '14', '22', '31']);
    expect(p.indicators.every((i) => i.basis.kind === '计划标准')).toBe(true);
    expect(p.indicators.every((i) => i.annualFollowsCycle)).toBe(true);
    // 10辆, ≥80M, 优良, ≥85%, ≥90% structured; the period and the bare 250万 stay sentences.
    expect(p.indicators.map((i) => i.cycle.kind)).toEqual([
      'structured',
      'structured',
      'structured',
      'sentence',
      'sentence',
      'structured',
      'structured',
    ]);
    expect(p.indicators[0]!.cycle).toMatchObject({ operator: '＝', value: '10', unit: '辆' });
    const empty = messages(r, 'info').filter((m) => m.includes('有意留空'));
    expect(empty).toHaveLength(1);
    expect(empty[0]).toMatch(
      /3 个二级指标.*经济效益指标（21）、生态效益指标（23）、可持续影响指标（24）/u,
    );
    expect(messages(r).join()).toContain('单位:万元');
    expect(messages(r, 'warning')).toEqual([]);
  });

  it('Chongqing 审批表: the 2021 tree, 1 indicator before the cut, 2 cost categories left empty', () => {
    const r = read(CHONGQING);
    const d = stored(r);
    expect(d.tree.id).toBe('mof-2021');
    expect(messages(r).some((m) => m.includes('采用指标体系') && m.includes('成本指标'))).toBe(
      true,
    );
    expect(d.department).toBe('奉节县云雾土家族乡人民政府');
    expect(d.units.map((u) => u.name)).toEqual(['云雾土家族乡']);
    const p = d.units[0]!.projects[0]!;
    expect(p.category).toBe('资产资源类--房屋类');
    expect(p.period).toEqual({ start: '2023-04', end: '2024-02' });
    expect(p.overallGoal).toContain('群众满意度达到95%以上');
    expect(p.goal.startsWith('新建中药材晾晒房一座')).toBe(true);
    expect([p.totalBudget, p.totals.fiscal, p.totals.other].map(wan(d))).toEqual([
      '65.00',
      '65.00',
      '0.00',
    ]);
    expect(codes(d)).toEqual(['41']);
    expect(p.indicators[0]).toMatchObject({
      name: '项目建设成本',
      weight: '10',
      cycle: { kind: 'structured', operator: '≤', value: '65', unit: '万元' },
    });
    expect(messages(r).filter((m) => m.includes('有意留空'))).toEqual([
      expect.stringMatching(/2 个二级指标.*社会成本指标（42）、生态环境成本指标（43）/u),
    ]);
    expect(messages(r).some((m) => m.includes('分值范围 0–20 分'))).toBe(true);
    const cut = r.notes.filter((n) => n.severity === 'warning' && n.message.includes('截断'));
    expect(cut).toHaveLength(1);
    expect(cut[0]!.line).toBe(34);
    expect(cut[0]!.message).toContain('数量指');
    // What the document has no field for is listed, not dropped silently.
    expect(messages(r).join()).toMatch(/业务主管部门“县民宗委”/u);
  });

  it('Ezhou: refused without a unit; with 万元 given, 7 indicators and the cut named', () => {
    const e = refusal(() => read(EZHOU));
    expect(e.message).toContain('找不到金额单位');
    expect(e.message).toContain('--unit');

    const r = read(EZHOU, { unit: '万元' });
    const d = stored(r);
    expect(d).toMatchObject({ year: 2022, department: '鄂州市' });
    expect(messages(r, 'warning').some((m) => m.includes('部门名称取自标题'))).toBe(true);
    const p = d.units[0]!.projects[0]!;
    expect(p).toMatchObject({ continuity: '延续', category: '本级支出项目' });
    expect(messages(r).some((m) => m.includes('持续性项目') && m.includes('延续'))).toBe(true);
    expect(wan(d)(p.totals.fiscal)).toBe('814.00');
    expect(codes(d)).toEqual(['11', '11', '12', '12', '12', '14', '14']);
    // OCR noise kept as printed; the 绩效标准 column's sentences are explanations.
    expect(p.indicators[0]).toMatchObject({
      name: '办公大楼日常维修维护次数',
      cycleValue: '＝2280次',
      explanation: '反映办公大楼全年维修维护情况',
    });
    expect(p.indicators[0]!.cycle).toMatchObject({ source: '2280次' });
    expect(p.indicators[4]!.name).toBe('重.要设备维修维保验收合格率');
    expect(p.indicators[5]).toMatchObject({ cycleValue: '', explanation: '不超预算' });
    const cut = r.notes.find((n) => n.severity === 'warning' && n.message.includes('截断'));
    expect(cut?.line).toBe(27);
    expect(cut?.message).toContain('水电气消耗下降率');
  });

  it('all three are recognised as per-project forms', () => {
    for (const f of [XIANGTAN, CHONGQING, EZHOU])
      expect(looksLikeProjectForm(source(f))).toBe(true);
  });
});

describe('the project’s own per-project forms', () => {
  it('two projects in one file, merged cells empty, the second form without its own unit line', () => {
    const r = read(own('project-form-two-projects.txt'));
    const d = stored(r);
    expect(d).toMatchObject({ department: '示例市示例区教育局', year: 2024 });
    expect(d.units.map((u) => [u.name, u.projects.map((p) => p.name)])).toEqual([
      ['示例区教师发展中心', ['教师专业发展培训']],
      ['示例市示例区教育局', ['校园安全设施维护']],
    ]);
    expect(indicators(d)).toHaveLength(11);
    const [a, b] = [d.units[0]!.projects[0]!, d.units[1]!.projects[0]!];
    expect(codes({ ...d, units: [d.units[0]!] })).toEqual([
      '11',
      '11',
      '12',
      '13',
      '14',
      '22',
      '24',
      '31',
    ]);
    expect([a.totals.fiscal, a.totals.other, a.totalBudget, a.carryOver].map(wan(d))).toEqual([
      '100.00',
      '20.25',
      '360.50',
      '3.50',
    ]);
    expect(a).toMatchObject({
      continuity: '延续',
      recurrence: '经常性',
      category: '特定目标类',
      period: { start: '2024-01', end: '2026-12' },
    });
    // The merged 一级/二级 cells carried down.
    expect(a.indicators[1]).toMatchObject({ name: '举办培训班期数', level2: { code: '11' } });
    expect(a.indicators[2]).toMatchObject({
      name: '培训合格率',
      weight: '10',
      basis: { kind: '行业标准', text: '' },
      explanation: '考核合格人数/参训人数',
      cycle: { kind: 'structured', operator: '≥', value: '90.00', unit: '%' },
    });
    expect(a.indicators[3]!.cycle).toMatchObject({ operator: '＝', value: '300', unit: '天' });
    expect(a.indicators[7]!.cycle).toMatchObject({ operator: '＝', value: '99', unit: '%' });
    expect(a.indicators[7]!.cycle).toMatchObject({ source: '%=99百分比' });
    // OCR noise (a letter O for a zero) and a vague value stay sentences.
    expect(a.indicators[6]!.cycle).toEqual({ kind: 'sentence', text: '2O0课时' });
    expect(a.indicators[5]!.cycle).toEqual({ kind: 'sentence', text: '有所提高' });
    expect(b).toMatchObject({
      continuity: '新增',
      period: { start: '2024-03', end: '2024-11' },
      goal: '完成全区32所学校安全设施维护。',
    });
    expect(wan(d)(b.totals.fiscal)).toBe('48.00');
    expect(messages(r).some((m) => m.includes('按同一文件'))).toBe(true);
    expect(messages(r).some((m) => m.includes('2 张'))).toBe(true);
  });

  it('a form in 元, the unit on a line of its own, read exactly in 元', () => {
    const r = read(own('project-form-yuan.txt'));
    const d = stored(r);
    expect(d.money).toEqual({ unit: '元', decimals: 2 });
    expect(d.tree.id).toBe('mof-2021');
    const p = d.units[0]!.projects[0]!;
    expect(p.totals.total).toBe(330_984_000);
    expect(p.totals.fiscal).toBe(300_000_000);
    expect(p.totals.other).toBe(30_984_000);
    expect(p.totalBudget).toBe(330_984_000);
    expect(d.units[0]!.name).toBe('示例县公路养护中心');
    expect(d.department).toBe('示例县交通运输局');
    expect(codes(d)).toEqual(['41', '11', '12', '13', '22', '31']);
    // The printed order follows the tree: the cost category prints after 满意度 in this tree.
    expect(p.indicators.map((i) => i.weight)).toEqual(['10', '20', '20', '10', '10', '10']);
    expect(messages(r).filter((m) => m.includes('有意留空'))).toEqual([
      expect.stringMatching(/2 个二级指标.*社会成本指标（42）、生态环境成本指标（43）/u),
    ]);
    expect(messages(r).filter((m) => m.includes('分值'))).not.toHaveLength(0);
    // 元 read as 万元 would be 10,000 times too large: the refusal of a contradicting option.
    const e = refusal(() => read(own('project-form-yuan.txt'), { unit: '万元' }));
    expect(e.message).toContain('金额单位为元');
  });

  it('no unit anywhere: refused unless given; the first column of 二级 names; a cut at the end', () => {
    const e = refusal(() => read(own('project-form-ezhou-like.txt')));
    expect(e.message).toMatch(/找不到金额单位.*--unit/u);
    const r = read(own('project-form-ezhou-like.txt'), { unit: '万元' });
    const d = stored(r);
    const p = d.units[0]!.projects[0]!;
    expect(wan(d)(p.totals.fiscal)).toBe('150.75');
    expect(codes(d)).toEqual(['11', '12', '12', '13']);
    expect(p.indicators[2]).toMatchObject({ name: '食品抽检合格率', cycleValue: '2l00%' });
    const cut = r.notes.find((n) => n.message.includes('可能在此截断'));
    expect(cut).toMatchObject({ severity: 'warning', line: 19 });
    expect(messages(r).some((m) => m.includes('第一列印的是二级指标'))).toBe(true);
  });

  it('Word copy (tabs): merged cells, split 符号/值/单位 columns, 实施期 and 年度 values', () => {
    const r = read(own('project-form-national.txt'));
    const d = stored(r);
    expect(d.year).toBe(2025);
    const p = d.units[0]!.projects[0]!;
    expect(p.period).toEqual({ start: '2025-01', end: '2027-12' });
    expect(p.indicators).toHaveLength(5);
    expect(p.indicators[0]).toMatchObject({
      cycle: { kind: 'structured', operator: '≥', value: '60', unit: '个' },
      annual: { kind: 'structured', operator: '≥', value: '20', unit: '个' },
      annualFollowsCycle: false,
      weight: '30',
      basis: { kind: '计划标准' },
    });
    // Under the merged 一级/二级 cells (leading tabs) the categories carry down.
    expect(p.indicators.map((i) => i.level2.code)).toEqual(['11', '11', '12', '22', '31']);
    expect(p.indicators[2]).toMatchObject({ annualFollowsCycle: true, cycleValue: '＝100%' });
    expect(p.indicators[3]).toMatchObject({
      cycle: { kind: 'structured', operator: '定性', value: '明显提升', unit: '' },
      annual: { kind: 'structured', operator: '定性', value: '有所提升' },
    });
    expect(messages(r).some((m) => m.includes('只有年度指标值'))).toBe(false);
  });

  it('the national 申报表 (财预〔2020〕10号): the period’s money beside the year’s, goals side by side', () => {
    const r = read(own('project-form-national-2020.txt'));
    const d = stored(r);
    expect(d).toMatchObject({ department: '示例省卫生健康委员会', year: 2021 });
    const p = d.units[0]!.projects[0]!;
    expect(d.units[0]!.name).toBe('示例省基层卫生指导中心');
    expect(p.continuity).toBe('延续');
    // The year's sources, not the period's printed in the same rows to their left.
    expect([p.totalBudget, p.totals.fiscal, p.totals.other].map(wan(d))).toEqual([
      '3000.00',
      '800.50',
      '200.00',
    ]);
    expect(p.overallGoal).toBe(
      '目标1：三年内完成300家基层医疗机构设备更新。\n目标2：培训基层医务人员3000人次。',
    );
    expect(p.goal).toBe(
      '目标1：完成100家基层医疗机构设备更新。\n目标2：培训基层医务人员1000人次。',
    );
    expect(codes(d)).toEqual(['11', '11', '12', '22', '31']);
    expect(p.indicators[1]).toMatchObject({
      name: '培训医务人员人次',
      annualFollowsCycle: false,
      cycle: { operator: '≥', value: '3000', unit: '人次' },
      annual: { operator: '≥', value: '1000', unit: '人次' },
    });
    expect(messages(r).join()).toMatch(/其他资金（项目资金总额中）“500”/u);
    expect(messages(r).join()).toMatch(/项目期“3年”/u);
  });

  it('a split value header on a second row (Word copy): 计算符号 | 指标值 | 计量单位 under each value', () => {
    const text = [
      '2024年项目支出绩效目标申报表',
      '单位：万元',
      '项目名称\t示例项目\t主管部门\t示例局',
      '年度资金\t10',
      '一级指标\t二级指标\t三级指标\t实施期指标值\t年度指标值\t权重',
      '\t\t\t计算符号\t指标值\t计量单位\t计算符号\t指标值\t计量单位\t',
      '产出指标\t数量指标\t培训人次\t≥\t300\t人次\t≥\t100\t人次\t40',
      '\t\t培训班期数\t＝\t12\t期\t全年完成6期\t30',
      '满意度指标\t服务对象满意度指标\t满意度\t全年均达到90%以上\t≥\t90\t%\t30',
    ].join('\n');
    const d = stored(readProjectForms(textCellRows(text)));
    const p = d.units[0]!.projects[0]!;
    expect(p.indicators.map((i) => [i.name, i.cycleValue, i.annualValue, i.weight])).toEqual([
      ['培训人次', '≥300人次', '≥100人次', '40'],
      ['培训班期数', '＝12期', '全年完成6期', '30'],
      ['满意度', '全年均达到90%以上', '≥90%', '30'],
    ]);
    expect(p.indicators[1]!.annual.kind).toBe('sentence');
  });

  it('a PDF grid: merged cells as empty cells, notes by page', () => {
    const rows = [
      ['2024年项目支出绩效目标申报表（单位：万元）'],
      ['项目名称', '示例项目', '主管部门', '示例局'],
      ['年度资金', '10'],
      ['一级指标', '二级指标', '三级指标', '指标值'],
      ['产出指标', '数量指标', '甲', '≥1个'],
      ['', '', '乙', '≥2个'],
      ['', '质量指标', '丙', '100%'],
      ['满意度指标', '', '丁', '≥90%'],
    ];
    const r = readProjectForms({
      rows: rows.map((cells, i) => ({ cells, where: { page: 1, line: i + 1 } })),
      origin: 'pdf',
    });
    const d = stored(r);
    expect(codes(d)).toEqual(['11', '11', '12', '31']);
    expect(r.notes.every((n) => n.page === 1)).toBe(true);
    expect(messages(r).some((m) => m.includes('唯一的 31-服务对象满意度'))).toBe(true);
  });
});

describe('refusals say what is wrong', () => {
  const form = (...lines: string[]) =>
    textCellRows(
      [
        '单位：万元',
        '项目名称 | 示例项目',
        '主管部门 | 示例局',
        '年度资金 | 10',
        '一级指标 | 二级指标 | 三级指标 | 指标值',
        ...lines,
      ].join('\n'),
    );

  it('no year: refused naming the option; given, imported', () => {
    const rows = form('产出指标 | 数量指标 | 甲 | 1个');
    const e = refusal(() => readProjectForms(rows));
    expect(e.message).toContain('找不到预算年度');
    expect(e.message).toContain('--year');
    expect(readProjectForms(rows, { year: 2024 }).draft.year).toBe(2024);
    // A year the title states is the table's, whatever year is given.
    const titled = textCellRows(
      ['2023年项目支出绩效目标申报表', ...rows.rows.map((r) => r.cells.join(' | '))].join('\n'),
    );
    const r = readProjectForms(titled, { year: 2024 });
    expect(r.draft.year).toBe(2023);
    expect(messages(r).some((m) => m.includes('指定的 2024 年只用于未注明年度的表格'))).toBe(true);
  });

  it('an unknown category: refused with the line and the tree’s names', () => {
    const e = refusal(() => readProjectForms(form('产出指标 | 数量指 | 甲 | 1个'), { year: 2024 }));
    expect(e.line).toBe(6);
    expect(e.message).toContain('“产出指标 / 数量指”');
    expect(e.message).toContain('数量指标');
  });

  it('a second set of indicator columns side by side: the first read, the rest said', () => {
    const r = readProjectForms(
      textCellRows(
        [
          '2024年项目支出绩效目标申报表',
          '单位：万元',
          '项目名称 | 甲',
          '主管部门 | 乙',
          '年度资金 | 1',
          '一级指标 | 二级指标 | 三级指标 | 指标值 | 二级指标 | 三级指标 | 指标值',
          '产出指标 | 数量指标 | 丙 | 1个 | 数量指标 | 丁 | 2个',
        ].join('\n'),
      ),
    );
    expect(r.draft.units[0]!.projects[0]!.indicators.map((i) => i.name)).toEqual(['丙']);
    expect(messages(r, 'warning').filter((m) => m.includes('第二组'))).toEqual([
      expect.stringContaining('只导入了第一组；第二组的指标未导入'),
    ]);
  });

  it('a form’s header repeated on its next page: one project', () => {
    const page = (rows: string[]) => [
      '2024年项目支出绩效目标申报表',
      '单位：万元',
      '项目名称 | 甲',
      '主管部门 | 乙',
      '年度资金 | 1',
      '一级指标 | 二级指标 | 三级指标 | 指标值',
      ...rows,
    ];
    const text = [
      ...page(['产出指标 | 数量指标 | 丙 | 1个']),
      '第 1 页 共 2 页',
      ...page(['效益指标 | 社会效益 | 丁 | 提高']),
      '第 2 页 共 2 页',
    ].join('\n');
    const r = readProjectForms(textCellRows(text));
    const projects = r.draft.units.flatMap((u) => u.projects);
    expect(projects.map((p) => [p.name, p.indicators.map((i) => i.name)])).toEqual([
      ['甲', ['丙', '丁']],
    ]);
    expect(messages(r).some((m) => m.includes('续页'))).toBe(true);
  });

  it('labels over their values; a name label with no name refused', () => {
    const form = (second: string) =>
      textCellRows(
        [
          '2024年项目支出绩效目标申报表',
          '单位：万元',
          '项目名称 | 主管部门 | 年度资金',
          second,
          '一级指标 | 二级指标 | 三级指标 | 指标值',
          '产出指标 | 数量指标 | 丙 | 1个',
        ].join('\n'),
      );
    const d = stored(readProjectForms(form('甲 | 乙 | 12.5')));
    expect([d.department, d.units[0]!.projects[0]!.name]).toEqual(['乙', '甲']);
    expect(wan(d)(d.units[0]!.projects[0]!.totals.fiscal)).toBe('12.50');
    const e = refusal(() => readProjectForms(form('实施期 | 2024年')));
    expect(e.message).toContain('“项目名称”一栏没有内容');
    expect(e.line).toBe(3);
  });

  it('an amount that is not one: refused naming its label', () => {
    const rows = textCellRows(
      ['2024年申报表', '单位：万元', '项目名称 | 甲', '主管部门 | 乙', '年度资金 | 十万'].join(
        '\n',
      ),
    );
    const e = refusal(() => readProjectForms(rows));
    expect(e.message).toContain('“年度资金”为“十万”，不是金额');
  });

  it('not a per-project form at all', () => {
    const text = readFileSync(ownFixture('small-published.txt'), 'utf8');
    expect(looksLikeProjectForm(textCellRows(text))).toBe(false);
    const e = refusal(() => readProjectForms(textCellRows(text)));
    expect(e.message).toContain('找不到“项目名称”');
    const perRow = textCellRows(
      '单位 | 项目名称 | 预算数 | 一级指标 | 二级指标 | 三级指标 | 指标值\n甲 | 乙 | 1 | 产出指标 | 数量指标 | 丙 | 1个',
    );
    expect(looksLikeProjectForm(perRow)).toBe(false);
  });

  it('every prefix of every own fixture: a draft or a UserError, never a crash', () => {
    const files = [
      'project-form-two-projects.txt',
      'project-form-yuan.txt',
      'project-form-ezhou-like.txt',
      'project-form-national.txt',
    ];
    let drafts = 0;
    for (const f of files) {
      const lines = readFileSync(own(f), 'utf8').split('\n');
      for (let n = 0; n <= lines.length; n++) {
        const text = lines.slice(0, n).join('\n');
        try {
          readProjectForms(textCellRows(text), { unit: f.includes('yuan') ? '元' : '万元' });
          drafts++;
        } catch (e) {
          expect(e).toBeInstanceOf(UserError);
        }
      }
    }
    expect(drafts).toBeGreaterThan(20);
  });
});

describe('the 申报表 this program prints, read back', () => {
  /** What the per-project layout prints of a document, field by field. */
  const printed = (d: DocumentData) => ({
    department: d.department,
    year: d.year,
    money: d.money,
    projects: d.units.flatMap((u) =>
      u.projects.map((p) => ({
        unit: u.name,
        name: p.name,
        totals: p.totals,
        goal: p.goal,
        overallGoal: p.overallGoal,
        period: p.period,
        continuity: p.continuity,
        recurrence: p.recurrence,
        category: p.category,
        totalBudget: p.totalBudget,
        carryOver: p.carryOver,
        indicators: printedIndicators(p).map((i) => ({
          category: i.level2.code,
          name: i.name,
          cycle: formatValue(i.cycle, 'merged'),
          annual: formatValue(i.annual, 'merged'),
          weight: i.weight,
          basis: i.basis,
        })),
      })),
    ),
  });

  const variants = {
    'values merged (as shipped)': perProject,
    'values split, a sentence across the three cells': {
      ...perProject,
      grid: { ...perProject.grid, columns: indicatorColumns('split'), sentenceInParts: 'across' },
    },
    'values split, a sentence in the 指标值 cell': {
      ...perProject,
      grid: { ...perProject.grid, columns: indicatorColumns('split'), sentenceInParts: 'value' },
    },
  } as const;
  for (const [what, layout] of Object.entries(variants)) {
    it(`its PDF, ${what}, read as a grid of cells, gives the same table`, async () => {
      const dir = tempDir();
      const { doc } = buildNationalSample(dir);
      const pdf = (await renderPdf(buildPrintModel(doc, layout), {})).bytes;
      const r = readProjectForms(await readPdfGrid(pdf));
      const back = stored(r);
      expect(printed(back)).toEqual(printed(doc));
      expect(indicators(back)).toHaveLength(indicators(doc).length);
      // A sentence that would print otherwise once structured stays a sentence.
      expect(messages(r, 'warning')).toEqual([]);
    }, 60_000);
  }

  it('every label the layout prints is one the reader knows', () => {
    const labels = perProject.header.flatMap((block) =>
      block.rows.flatMap((row) => row.cells.flatMap((c) => ('label' in c ? [c.label] : []))),
    );
    expect(labels.length).toBeGreaterThan(10);
    // `项目资金（{金额单位}）` heads the money block; 总计 is the year's money under 年度资金.
    const unknown = labels.filter(
      (l) => !l.includes('{') && l !== '总计' && fieldOfLabel(l) === undefined,
    );
    expect(unknown).toEqual([]);
    expect(fieldOfLabel('项目名称')).toBe('name');
    expect(FIELD_LABELS.unit).toContain('资金使用单位');
  });
});

describe('time grows with the input, not its square', () => {
  const form = (
    cell: (big: string) => Partial<Record<'l1' | 'l3' | 'value' | 'label', string>>,
  ) => {
    const big = (s: string) => s.repeat(200_000);
    const c = cell(big('x'));
    const lines = [
      ['2024年项目支出绩效目标申报表'],
      ['单位：万元'],
      ['项目名称', '甲'],
      [c.label ?? '主管部门', '乙'],
      ['年度资金', '1'],
      ['一级指标', '二级指标', '三级指标', '指标值'],
      [c.l1 ?? '产出指标', '数量指标', c.l3 ?? '丙', c.value ?? '1个'],
    ];
    return {
      rows: lines.map((cells, i) => ({ cells, where: { line: i + 1 } })),
      origin: 'text' as const,
    };
  };
  const cases = {
    'spaces in a first-level cell': form(() => ({ l1: `产出指标${' '.repeat(200_000)}(0-20` })),
    'digits in a first-level cell': form(() => ({ l1: `产出指标${'1'.repeat(200_000)}` })),
    'spaces in a value': form(() => ({ value: `1${' '.repeat(200_000)}x` })),
    'dots and spaces ending a value': form(() => ({ value: `1${'. '.repeat(200_000)}` })),
    'a bracket never closed': form(() => ({ l3: `丙[${' '.repeat(200_000)}excerpt` })),
    'a huge label cell': form(() => ({ label: `主管部门${' '.repeat(200_000)}：` })),
  };
  for (const [what, source] of Object.entries(cases)) {
    it(what, () => {
      const t0 = performance.now();
      try {
        readProjectForms(source);
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
      }
      expect(performance.now() - t0).toBeLessThan(3000);
    });
  }

  it('20,000 indicator rows and 3,000 forms in seconds', () => {
    const rows = [
      '2024年项目支出绩效目标申报表',
      '单位：万元',
      '项目名称 | 甲',
      '主管部门 | 乙',
      '年度资金 | 1',
      '一级指标 | 二级指标 | 三级指标 | 指标值',
    ];
    const many = [
      ...rows,
      ...Array.from({ length: 20_000 }, () => '产出指标 | 数量指标 | 丙 | 1个'),
    ];
    let t0 = performance.now();
    expect(
      readProjectForms(textCellRows(many.join('\n'))).draft.units[0]!.projects[0]!.indicators,
    ).toHaveLength(20_000);
    expect(performance.now() - t0).toBeLessThan(10_000);
    const forms = Array.from({ length: 3000 }, (_, k) =>
      [...rows, '产出指标 | 数量指标 | 丙 | 1个']
        .join('\n')
        .replace('项目名称 | 甲', `项目名称 | 甲${k}`),
    );
    t0 = performance.now();
    expect(readProjectForms(textCellRows(forms.join('\n'))).draft.units[0]!.projects).toHaveLength(
      3000,
    );
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});

describe('damaged forms', () => {
  // Seeded, so a failure replays: FORMS_FUZZ_SEED; FORMS_FUZZ_N for a long run.
  const N = Number(process.env['FORMS_FUZZ_N'] ?? 300);
  const SEED = Number(process.env['FORMS_FUZZ_SEED'] ?? 20261203);

  it(`${N} damaged copies of the forms: a draft that writes, or a UserError`, () => {
    const files = [
      'project-form-two-projects.txt',
      'project-form-yuan.txt',
      'project-form-ezhou-like.txt',
      'project-form-national.txt',
      'project-form-national-2020.txt',
    ].map(own);
    if (HAS_SHARED) files.push(XIANGTAN, CHONGQING, EZHOU);
    const texts = files.map((f) => readFileSync(f, 'utf8'));
    let seed = SEED;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
    const junk = ['|', ' | ', '\t', '(空)', '≥', '万元', '单位：元', '项目名称', '一级指标'];
    const more = ['[excerpt ends]', '...', '2023年', '：', '0', '（', '成本指标(0-20)分', '\n'];
    const dir = tempDir();
    let drafts = 0;
    for (let n = 0; n < N; n++) {
      const lines = pick(texts).split('\n');
      for (let k = 1 + Math.floor(rnd() * 4); k > 0; k--) {
        const i = Math.floor(rnd() * lines.length);
        const line = lines[i] ?? '';
        const at = Math.floor(rnd() * (line.length + 1));
        switch (Math.floor(rnd() * 6)) {
          case 0:
            lines.splice(i, 1);
            break;
          case 1:
            lines.splice(i, 0, pick(lines));
            break;
          case 2:
            lines[i] = line.slice(0, at) + pick([...junk, ...more]) + line.slice(at);
            break;
          case 3:
            lines[i] = line.slice(0, at) + line.slice(at + 1 + Math.floor(rnd() * 5));
            break;
          case 4:
            lines.length = i;
            break;
          default: {
            const j = Math.floor(rnd() * lines.length);
            [lines[i], lines[j]] = [lines[j] ?? '', line];
          }
        }
      }
      let result: ImportResult;
      try {
        result = readProjectForms(textCellRows(lines.join('\n')), {
          unit: rnd() < 0.5 ? '万元' : undefined,
        });
      } catch (e) {
        if (!(e instanceof UserError)) {
          throw new Error(`seed ${SEED}, copy ${n}: ${String(e)}`, { cause: e });
        }
        continue;
      }
      drafts++;
      if (n % 20 === 0) writeDraft(result.draft, path.join(dir, `${n}.jxmb`));
    }
    expect(drafts).toBeGreaterThan(N / 5);
  }, 120_000);
});
