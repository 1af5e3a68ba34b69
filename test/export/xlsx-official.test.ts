import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAmount, type MoneyDisplay } from '../../db/shared/money.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { official } from '../../templates/layout/official.ts';
import { renderXlsx, SHEETS } from '../../templates/export/xlsx/index.ts';
import { mmToColumnWidth } from '../../templates/export/xlsx/sheet-style.ts';
import { buildSample, SAMPLE } from './sample.ts';
import { calcSheets, HAS_CALC, loadWorkbook, readWorkbook } from './xlsx-tools.ts';

/** The official table as a workbook: read back with exceljs, and opened by LibreOffice Calc. */
describe('the official table as an Excel workbook', () => {
  let dir: string;
  let doc: DocumentData;
  let file: string;
  let book: ExcelJS.Workbook;
  let sheet: ExcelJS.Worksheet;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-xlsx-'));
    doc = buildSample(dir);
    file = path.join(dir, 'official.xlsx');
    writeFileSync(file, await renderXlsx(doc, 'official'));
    book = await readWorkbook(file);
    sheet = book.getWorksheet(SHEETS.official)!;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const columnHeaders = Object.values(official.columns).map((c) => c.header);
  const amountFormat = '#,##0.00;-#,##0.00;';

  it('has the title, the 部门名称 line and the header, as printed', () => {
    expect(book.worksheets.map((s) => s.name)).toEqual([SHEETS.official, SHEETS.about]);
    expect(book.creator).toBe('绩效目标表编制器');
    expect(book.title).toBe(doc.title);
    expect(sheet.getCell('A1').value).toBe(doc.title);
    expect(sheet.getCell('G1').isMerged).toBe(true);
    expect(sheet.getCell('A2').value).toBe(`部门名称：${SAMPLE.department}`);
    expect(sheet.getCell('G2').value).toBe('单位：万元');
    expect(sheet.getRow(3).values).toEqual([undefined, ...columnHeaders]);
    expect(sheet.getCell('A3').alignment.wrapText).toBe(true);
    expect(sheet.getCell('A3').font.bold).toBe(true);
  });

  it('prints A4 landscape, one page wide, the header on every page, frozen', () => {
    const setup = sheet.pageSetup;
    expect(setup.paperSize).toBe(9);
    expect(setup.orientation).toBe('landscape');
    expect(setup.fitToPage).toBe(true);
    expect(setup.fitToWidth).toBe(1);
    expect(setup.fitToHeight).toBe(0);
    expect(setup.printTitlesRow).toBe('3:3');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.headerFooter.oddFooter).toBe('&C第 &P 页 共 &N 页');
    const widths = Object.values(official.columns).map((c) => mmToColumnWidth(c.width));
    expect(sheet.columns.map((c) => c.width)).toEqual(widths);
    // Wider on paper, wider in the sheet: 绩效指标 (85 mm) over 项目名称 (38 mm).
    expect(widths[6]! / widths[0]!).toBeCloseTo(85 / 38, 1);
  });

  it('writes 合计, each unit and its projects, every amount a number', () => {
    const names = ['合计', ...doc.units.flatMap((u) => [u.name, ...u.projects.map((p) => p.name)])];
    const rows = names.map((_, i) => sheet.getRow(4 + i));
    expect(rows.map((r) => r.getCell(1).value)).toEqual(names);
    expect(sheet.rowCount).toBe(3 + names.length);
    const totals = [
      doc.totals,
      ...doc.units.flatMap((u) => [u.totals, ...u.projects.map((p) => p.totals)]),
    ];
    rows.forEach((row, i) => {
      const t = totals[i]!;
      [t.total, t.fiscal, t.specialAccount, t.other].forEach((cents, k) => {
        const cell = row.getCell(2 + k);
        expect(cell.type).toBe(ExcelJS.ValueType.Number);
        expect(cell.value).toBe(Number(formatAmount(cents, doc.money)));
        expect(cell.numFmt).toBe(amountFormat);
        expect(cell.border.top?.style).toBe('thin');
      });
    });
    // A project is indented under its unit, as printed.
    expect(rows[2]!.getCell(1).alignment.indent).toBe(1);
    expect(rows[1]!.getCell(1).alignment.indent).toBeUndefined();
    const training = rows[2]!;
    expect(training.getCell(1).value).toBe('培训经费');
    expect(training.getCell(2).value).toBe(38.41);
    expect(String(training.getCell(7).value)).toMatch(/^1、1-产出指标；11-数量指标；/);
  });

  it('shows the display unit’s decimals: 6 for 万元 with 6, 2 for 元', async () => {
    const cases: [MoneyDisplay, string, number][] = [
      [{ unit: '万元', decimals: 6 }, '#,##0.000000;-#,##0.000000;', 38.41],
      [{ unit: '元', decimals: 2 }, amountFormat, 384_100],
    ];
    for (const [money, numFmt, training] of cases) {
      const b = await loadWorkbook(await renderXlsx({ ...doc, money }, 'official'));
      const s = b.getWorksheet(SHEETS.official)!;
      expect(s.getCell('G2').value).toBe(`单位：${money.unit}`);
      expect(s.getCell('B6').value).toBe(training);
      expect(s.getCell('B6').numFmt).toBe(numFmt);
      expect(s.getCell('B4').value).toBe(Number(formatAmount(doc.totals.total, money)));
    }
  });

  it('says department, year and unit on the 说明 sheet', () => {
    const about = book.getWorksheet(SHEETS.about)!;
    const pairs = new Map<string, unknown>();
    about.eachRow((row) => pairs.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(pairs.get('部门名称')).toBe(SAMPLE.department);
    expect(pairs.get('预算年度')).toBe(SAMPLE.year);
    expect(pairs.get('金额单位')).toBe('万元');
    expect(pairs.get('金额小数位数')).toBe(2);
    expect(pairs.get('标题')).toBe(doc.title);
  });

  it.skipIf(!HAS_CALC)('opens in LibreOffice Calc, showing what the PDF prints', () => {
    const sheets = calcSheets(file);
    expect(Object.keys(sheets).sort()).toEqual([SHEETS.official, SHEETS.about].sort());
    const rows = sheets[SHEETS.official]!;
    expect(rows[0]![0]).toBe(doc.title);
    expect(rows[1]).toEqual([`部门名称：${SAMPLE.department}`, '', '', '', '', '', '单位：万元']);
    expect(rows[2]).toEqual(columnHeaders);
    expect(rows[3]!.slice(0, 2)).toEqual(['合计', '124,815.77']);
    // A zero is an empty cell, as printed; 0.02 万元 keeps its digits.
    const training = rows.find((r) => r[0] === '培训经费')!;
    expect(training.slice(1, 5)).toEqual(['38.41', '38.41', '', '']);
    const video = rows.find((r) => r[0] === '电教片制作')!;
    expect(video.slice(1, 5)).toEqual(['20.02', '20.00', '', '0.02']);
  });
});
