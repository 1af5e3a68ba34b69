import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { OPERATORS, sentenceValue } from '../../db/shared/indicator-value.ts';
import { formatAmount, sumCents, type Cents } from '../../db/shared/money.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { renderXlsx, SHEETS } from '../../templates/export/xlsx/index.ts';
import { decimalNumber } from '../../templates/export/xlsx/numbers.ts';
import { valueCells } from '../../templates/export/xlsx/indicator-rows.ts';
import { buildNationalSample, NATIONAL } from './national-sample.ts';
import { SAMPLE } from './sample.ts';
import { calcSheets, HAS_CALC, loadWorkbook, readWorkbook } from './xlsx-tools.ts';

const INDICATOR_HEADER = [
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
];

/** Rows of a sheet below its header, as exceljs reads them (column A first). */
function body(sheet: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) rows.push(row);
  });
  return rows;
}

describe('the one-row-per-indicator workbook (national import shape)', () => {
  let dir: string;
  let doc: DocumentData;
  let file: string;
  let book: ExcelJS.Workbook;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-xlsx-rows-'));
    const built = buildNationalSample(dir);
    // One more: a value typed with two decimals keeps them; an indicator with no 实施周期 value.
    const opened = TargetDocument.open(path.join(dir, 'sample.jxmb'));
    try {
      const video = built.doc.units
        .flatMap((u) => u.projects)
        .find((p) => p.name === '电教片制作')!;
      opened.updateIndicator(video.indicators[0]!.id, {
        cycle: sentenceValue(''),
        annual: { kind: 'structured', operator: '>=', value: '100.00', unit: '%' },
        weight: '12.50',
        explanation: '上传条数/应上传条数',
        polarity: '正向',
      });
      doc = opened.snapshot();
    } finally {
      opened.close();
    }
    file = path.join(dir, 'rows.xlsx');
    writeFileSync(file, await renderXlsx(doc, 'rows'));
    book = await readWorkbook(file);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const indicators = () => doc.units.flatMap((u) => u.projects.flatMap((p) => p.indicators));

  it('has the 年度, 实施期, 项目 and 说明 sheets, headers bold and frozen', () => {
    expect(book.worksheets.map((s) => s.name)).toEqual([
      SHEETS.annual,
      SHEETS.cycle,
      SHEETS.projects,
      SHEETS.about,
    ]);
    for (const name of [SHEETS.annual, SHEETS.cycle]) {
      const sheet = book.getWorksheet(name)!;
      expect(sheet.getRow(1).values).toEqual([undefined, ...INDICATOR_HEADER]);
      expect(sheet.getCell('A1').font.bold).toBe(true);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.pageSetup.printTitlesRow).toBe('1:1');
      expect(sheet.columns.map((c) => c.width)).toEqual([
        6, 20, 28, 12, 16, 30, 10, 24, 10, 7, 24, 30, 10,
      ]);
    }
  });

  it('writes one 年度 row per indicator, one 实施期 row per indicator with a 实施周期 value', () => {
    const annual = body(book.getWorksheet(SHEETS.annual)!);
    const cycle = body(book.getWorksheet(SHEETS.cycle)!);
    expect(annual.length).toBe(indicators().length);
    expect(annual.length).toBe(38);
    // 电教片制作's indicator has no 实施周期 value now.
    expect(cycle.length).toBe(37);
    expect(annual.map((r) => r.getCell(1).value)).toEqual(annual.map((_, i) => i + 1));
    const cycleNumbers = cycle.map((r) => r.getCell(1).value);
    expect(cycleNumbers).not.toContain(38);
    // The same 序号 is the same indicator on both sheets.
    for (const row of cycle) {
      const twin = annual[Number(row.getCell(1).value) - 1]!;
      expect([2, 3, 4, 5, 6].map((c) => row.getCell(c).value)).toEqual(
        [2, 3, 4, 5, 6].map((c) => twin.getCell(c).value),
      );
    }
  });

  it('writes 计算符号 full-width, numbers as numbers with their digits, sentences as 定性', () => {
    const annual = body(book.getWorksheet(SHEETS.annual)!);
    const operators = new Set(annual.map((r) => String(r.getCell(7).value)));
    for (const op of operators) expect(OPERATORS as readonly string[]).toContain(op);
    expect([...operators].sort()).toEqual(['≥', '定性', '＝'].sort());
    const row = (name: string) => annual.find((r) => r.getCell(6).value === name)!;

    const classes = row('举办公务员专题培训班');
    expect([7, 8, 9, 10].map((c) => classes.getCell(c).value)).toEqual(['＝', 12, '期', 30]);
    expect(classes.getCell(8).type).toBe(ExcelJS.ValueType.Number);
    expect(classes.getCell(11).value).toBe('历史标准：2024年举办12期');
    const cycleClasses = body(book.getWorksheet(SHEETS.cycle)!).find(
      (r) => r.getCell(6).value === '举办公务员专题培训班',
    )!;
    expect(cycleClasses.getCell(8).value).toBe(36);

    const sentence = row('干部任职培训');
    expect([7, 8, 9].map((c) => sentence.getCell(c).value)).toEqual([
      '定性',
      '举办1次干部任职培训班（上半年）',
      null,
    ]);

    // Rows as tall as their text (LibreOffice and WPS do not size them): 120 characters at
    // 10 pt in a 24-character column take 7 lines or more.
    expect(row('培训保障事项1').height).toBeGreaterThanOrEqual(7 * 13);
    expect(classes.height).toBeLessThanOrEqual(2 * 13 + 4);
    const upload = row('按时完成“学习强国”平台上传');
    expect([7, 8, 9, 10].map((c) => upload.getCell(c).value)).toEqual(['≥', 100, '%', 12.5]);
    expect(upload.getCell(8).numFmt).toBe('0.00');
    expect(upload.getCell(10).numFmt).toBe('0.00');
    expect([12, 13].map((c) => upload.getCell(c).value)).toEqual(['上传条数/应上传条数', '正向']);
  });

  it('writes every project with its amounts as numbers in the unit its headers state', () => {
    const sheet = book.getWorksheet(SHEETS.projects)!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
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
    ]);
    const rows = body(sheet);
    const projects = doc.units.flatMap((u) => u.projects);
    // Every project, and the unit without projects on a row of its own.
    expect(rows.length).toBe(projects.length + 1);
    expect(rows.filter((r) => r.getCell(3).value === null).map((r) => r.getCell(2).value)).toEqual([
      SAMPLE.emptyUnit,
    ]);
    const sum = (col: number) =>
      rows.reduce((s, r) => s + (typeof r.getCell(col).value === 'number' ? 1 : 0), 0);
    expect(sum(4)).toBe(projects.length);
    // The 总计 column read back adds up to the document's 合计, exactly, through decimal text.
    const cents = rows
      .map((r) => r.getCell(4).value)
      .filter((v): v is number => typeof v === 'number')
      .map((v) => Math.round(v * 1_000_000) as Cents);
    expect(formatAmount(sumCents(cents), doc.money)).toBe(
      formatAmount(doc.totals.total, doc.money),
    );
    const training = rows.find((r) => r.getCell(3).value === NATIONAL.project)!;
    expect(training.getCell(4).numFmt).toBe('#,##0.00');
    expect([8, 9, 10, 11, 12, 13].map((c) => training.getCell(c).value)).toEqual([
      115.23,
      5,
      NATIONAL.period,
      NATIONAL.nature,
      NATIONAL.category,
      NATIONAL.overallGoal,
    ]);
    // No 项目资金总额: an empty cell, not a zero.
    const other = rows.find((r) => r.getCell(3).value === NATIONAL.other)!;
    expect(other.getCell(8).value).toBeNull();
    expect(other.getCell(10).value).toBe(NATIONAL.otherPeriod);
  });

  it('states 元 in the headers of a document kept in 元', async () => {
    const yuan = await loadWorkbook(
      await renderXlsx({ ...doc, money: { unit: '元', decimals: 2 } }, 'rows'),
    );
    const sheet = yuan.getWorksheet(SHEETS.projects)!;
    expect(sheet.getCell('E1').value).toBe('财政拨款（元）');
    const training = body(sheet).find((r) => r.getCell(3).value === NATIONAL.project)!;
    expect(training.getCell(5).value).toBe(384_100);
    expect(training.getCell(8).value).toBe(1_152_300);
  });

  it('names department, year and unit on the 说明 sheet', () => {
    const pairs = new Map<string, unknown>();
    book
      .getWorksheet(SHEETS.about)!
      .eachRow((r) => pairs.set(String(r.getCell(1).value), r.getCell(2).value));
    expect(pairs.get('部门名称')).toBe(SAMPLE.department);
    expect(pairs.get('预算年度')).toBe(SAMPLE.year);
    expect(pairs.get('金额单位')).toBe('万元');
    expect(pairs.get('表格格式')).toBe('绩效指标导入表（每行一个指标）');
  });

  it.skipIf(!HAS_CALC)('opens in LibreOffice Calc with every row and sign as written', () => {
    const sheets = calcSheets(file);
    expect(Object.keys(sheets).sort()).toEqual(
      [SHEETS.annual, SHEETS.cycle, SHEETS.projects, SHEETS.about].sort(),
    );
    const annual = sheets[SHEETS.annual]!;
    expect(annual[0]).toEqual(INDICATOR_HEADER);
    expect(annual.length - 1).toBe(indicators().length);
    expect(sheets[SHEETS.cycle]!.length - 1).toBe(37);
    const upload = annual.find((r) => r[5] === '按时完成“学习强国”平台上传')!;
    expect(upload.slice(6, 10)).toEqual(['≥', '100.00', '%', '12.50']);
    expect(annual.find((r) => r[5] === '举办公务员专题培训班')!.slice(6, 9)).toEqual([
      '＝',
      '12',
      '期',
    ]);
    const projects = sheets[SHEETS.projects]!;
    const tall = projects.find((r) => r[2] === SAMPLE.tallName)!;
    expect(tall.slice(3, 9)).toEqual(['123,456.78', '123,456.78', '0.00', '0.00', '', '0.00']);
  });
});

describe('figures as spreadsheet numbers', () => {
  it('keeps a decimal’s digits, or leaves it text when a number would not', () => {
    expect(decimalNumber('95')).toEqual({ value: 95, numFmt: '0' });
    expect(decimalNumber('100.00')).toEqual({ value: 100, numFmt: '0.00' });
    expect(decimalNumber('0.5')).toEqual({ value: 0.5, numFmt: '0.0' });
    expect(decimalNumber('007')).toBeUndefined();
    expect(decimalNumber('12345678901234567')).toBeUndefined();
    expect(decimalNumber('1,000')).toBeUndefined();
  });

  it('splits a value into 指标性质, 指标值, 计量单位', () => {
    expect(valueCells(sentenceValue('  有效提升  '))).toEqual(['定性', '有效提升', '']);
    expect(valueCells(sentenceValue(''))).toEqual(['', '', '']);
  });
});
