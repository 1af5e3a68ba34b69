import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { formatAmount, formatAmountGrouped } from '../../db/shared/money.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { indicatorCellText } from '../../templates/export/notation.ts';
import { renderXlsx, SHEETS } from '../../templates/export/xlsx/index.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { calcSheets, HAS_CALC, readWorkbook } from './xlsx-tools.ts';

/** The published fixture, imported, written as both workbooks: the real table, every figure. */
describe.skipIf(!HAS_PANYU)('the published fixture as Excel workbooks', () => {
  let dir: string;
  let doc: DocumentData;
  const files = { official: '', rows: '' };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-xlsx-panyu-'));
    const file = path.join(dir, 'panyu.jxmb');
    writeDraft(importPublishedText(readFileSync(PANYU_FIXTURE, 'utf8')).draft, file);
    const opened = TargetDocument.open(file, { readonly: true });
    doc = opened.snapshot();
    opened.close();
    for (const shape of ['official', 'rows'] as const) {
      files[shape] = path.join(dir, `${shape}.xlsx`);
      writeFileSync(files[shape], await renderXlsx(doc, shape));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const projects = () => doc.units.flatMap((u) => u.projects);

  it('writes 合计, 3 units and 51 projects with every amount, as numbers', async () => {
    const sheet = (await readWorkbook(files.official)).getWorksheet(SHEETS.official)!;
    expect(doc.units.length).toBe(3);
    expect(projects().length).toBe(51);
    // Rows of the print; a project whose 绩效指标 is taller than a row goes on below.
    const starts: number[] = [];
    for (let r = 4; r <= sheet.rowCount; r++) {
      const a = sheet.getCell(r, 1);
      if (a.master.address === a.address) starts.push(r);
    }
    expect(starts.length).toBe(1 + 3 + 51);
    const all = [
      doc.totals,
      ...doc.units.flatMap((u) => [u.totals, ...u.projects.map((p) => p.totals)]),
    ];
    all.forEach((t, i) => {
      const row = sheet.getRow(starts[i]!);
      [t.total, t.fiscal, t.specialAccount, t.other].forEach((cents, k) => {
        expect(row.getCell(2 + k).type).toBe(ExcelJS.ValueType.Number);
        expect(row.getCell(2 + k).value).toBe(Number(formatAmount(cents, doc.money)));
      });
    });
    expect(sheet.getCell('B4').value).toBe(10_584.83);
  });

  it('writes all 273 indicators, one a row, and every project', async () => {
    const book = await readWorkbook(files.rows);
    const count = projects().reduce((n, p) => n + p.indicators.length, 0);
    expect(count).toBe(273);
    expect(book.getWorksheet(SHEETS.annual)!.rowCount).toBe(1 + 273);
    const withCycle = projects()
      .flatMap((p) => p.indicators)
      .filter((i) => i.cycle.kind === 'structured' || i.cycle.text.trim() !== '').length;
    expect(book.getWorksheet(SHEETS.cycle)!.rowCount).toBe(1 + withCycle);
    expect(book.getWorksheet(SHEETS.projects)!.rowCount).toBe(1 + 51);
  });

  it.skipIf(!HAS_CALC)('both open in LibreOffice Calc with the published figures', () => {
    const official = calcSheets(files.official)[SHEETS.official]!;
    expect(official[3]!.slice(0, 2)).toEqual(['合计', '10,584.83']);
    // Rows going on from the row above show nothing in the merged columns.
    const starts = official.slice(4).filter((r) => r[0] !== '');
    const names = starts.map((r) => r[0]);
    expect(names).toEqual(doc.units.flatMap((u) => [u.name, ...u.projects.map((p) => p.name)]));
    const totals = starts.map((r) => r[1]);
    expect(totals).toEqual(
      doc.units.flatMap((u) =>
        [u.totals, ...u.projects.map((p) => p.totals)].map((t) =>
          t.total === 0 ? '' : formatAmountGrouped(t.total, doc.money),
        ),
      ),
    );
    // Every project's 绩效指标 whole, across the rows it takes.
    const indicators: string[] = [];
    for (const r of official.slice(4)) {
      if (r[0] !== '') indicators.push(r[6] ?? '');
      else indicators[indicators.length - 1] += r[6] ?? '';
    }
    expect(indicators).toEqual(
      doc.units.flatMap((u) => ['', ...u.projects.map((p) => indicatorCellText(p))]),
    );
    const rows = calcSheets(files.rows);
    expect(rows[SHEETS.annual]!.length).toBe(1 + 273);
    expect(rows[SHEETS.projects]!.length).toBe(1 + 51);
  });
});
