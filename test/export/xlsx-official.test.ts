import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAmount, type MoneyDisplay } from '../../db/shared/money.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { official } from '../../templates/layout/official.ts';
import { indicatorCellText } from '../../templates/export/notation.ts';
import { renderXlsx, SHEETS } from '../../templates/export/xlsx/index.ts';
import { mmToColumnWidth } from '../../templates/export/xlsx/sheet-style.ts';
import { buildSample, SAMPLE } from './sample.ts';
import { calcSheets, HAS_CALC, loadWorkbook, readWorkbook } from './xlsx-tools.ts';

/** The table's rows below the header that start a row of the print (not the rest of a tall one). */
function tableRows(sheet: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  for (let r = 4; r <= sheet.rowCount; r++) {
    const a = sheet.getCell(r, 1);
    if (a.master.address === a.address) rows.push(sheet.getRow(r));
  }
  return rows;
}

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
    // A 16 pt title on one line: a row tall enough for it (a merged cell is not auto-sized).
    expect(sheet.getRow(1).height).toBe(24);
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
    const rows = tableRows(sheet);
    expect(rows.map((r) => r.getCell(1).value)).toEqual(names);
    // The tall project goes on over rows of its own (a row is at most 409 pt high).
    expect(sheet.rowCount).toBeGreaterThan(3 + names.length);
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

  it('sizes rows to their text; a cell taller than a row goes on below, whole', () => {
    const rows = tableRows(sheet);
    for (let r = 1; r <= sheet.rowCount; r++) {
      expect(sheet.getRow(r).height).toBeGreaterThan(0);
      expect(sheet.getRow(r).height).toBeLessThanOrEqual(409);
    }
    // 培训经费's goal: two paragraphs, a few lines at 60 mm.
    expect(rows[2]!.height).toBeGreaterThan(4 * 9);
    const tall = doc.units[0]!.projects.find((p) => p.name === SAMPLE.tallName)!;
    const first = rows.find((r) => r.getCell(1).value === SAMPLE.tallName)!.number;
    const next = rows.find((r) => r.number > first)!.number;
    const pieces = [];
    for (let r = first; r < next; r++) pieces.push(String(sheet.getCell(r, 7).value));
    expect(next - first).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(indicatorCellText(tall));
    // Cut where an indicator ends, never inside one.
    for (const piece of pieces.slice(0, -1)) expect(piece).toMatch(/。$/);
    for (const piece of pieces.slice(1)) expect(piece).toMatch(/^\d+、1-产出指标|^\d+、2-效益指标/);
    // Its name, amounts and goal are one cell merged down over those rows.
    for (const c of [1, 2, 3, 4, 5, 6]) {
      expect(sheet.getCell(next - 1, c).isMerged).toBe(true);
      expect(sheet.getCell(next - 1, c).master.address).toBe(sheet.getCell(first, c).address);
    }
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
    const names = rows
      .slice(3)
      .map((r) => r[0])
      .filter((n) => n !== '');
    expect(names).toEqual([
      '合计',
      ...doc.units.flatMap((u) => [u.name, ...u.projects.map((p) => p.name)]),
    ]);
    const training = rows.find((r) => r[0] === '培训经费')!;
    expect(training.slice(1, 5)).toEqual(['38.41', '38.41', '', '']);
    const video = rows.find((r) => r[0] === '电教片制作')!;
    expect(video.slice(1, 5)).toEqual(['20.02', '20.00', '', '0.02']);
  });
});
