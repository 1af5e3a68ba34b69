import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDocument, summarize } from '../../db/shared/check/index.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import {
  buildReviewList,
  REVIEW_COLUMNS,
  type ReviewList,
} from '../../templates/export/review-list/list.ts';
import { REVIEW_SHEET, renderReviewXlsx } from '../../templates/export/review-list/xlsx.ts';
import { PAPER_A4 } from '../../templates/export/xlsx/sheet-style.ts';
import { HAS_PANYU } from '../helpers.ts';
import { markChecked, panyuDocumentFile, rowTexts, snapshotOf } from './review-list-tools.ts';
import { calcSheets, HAS_CALC, loadWorkbook, readWorkbook } from './xlsx-tools.ts';

/** 导出审核清单 as Excel: the fixture's findings in one sheet, read back by exceljs and Calc. */

const MADE_ON = new Date(2025, 2, 14);
/** Title, summary, then the header. */
const HEADER_ROW = 3;

describe.skipIf(!HAS_PANYU)('the review list of the published fixture, as a workbook', () => {
  let dir: string;
  let doc: DocumentData;
  let list: ReviewList;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-review-xlsx-'));
    const source = panyuDocumentFile(dir);
    // The first finding marked 已核对: the list shows it, with the day.
    markChecked(source, checkDocument(snapshotOf(source)).slice(0, 1));
    doc = snapshotOf(source);
    list = buildReviewList(doc, { madeOn: MADE_ON });
    file = path.join(dir, 'list.xlsx');
    writeFileSync(file, await renderReviewXlsx(doc, { madeOn: MADE_ON }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has one sheet 审核清单: title, summary and date, then one row per finding in order', async () => {
    const book = await readWorkbook(file);
    expect(book.worksheets.map((s) => s.name)).toEqual([REVIEW_SHEET]);
    const sheet = book.getWorksheet(REVIEW_SHEET)!;
    expect(sheet.getCell('A1').value).toBe(
      '中国共产党广州市番禺区委员会组织部 2024年项目支出绩效目标表 审核清单',
    );
    const s = summarize(checkDocument(doc).slice(1));
    expect(sheet.getCell('A2').value).toBe(
      `审核结果：错误 ${s.error} 项，警告 ${s.warning} 项，提示 ${s.hint} 项；已核对 1 项`,
    );
    expect(sheet.getCell(HEADER_ROW + 1, 7).value).toBe(`已核对 ${doc.reviewMarks[0]!.checkedOn}`);
    expect(sheet.getCell(HEADER_ROW + 2, 7).value).toBe('未核对');
    expect(sheet.getCell(2, REVIEW_COLUMNS.length).value).toBe('制表日期：2025-03-14');
    expect((sheet.getRow(HEADER_ROW).values as unknown[]).slice(1)).toEqual([...REVIEW_COLUMNS]);
    expect(sheet.rowCount).toBe(HEADER_ROW + list.rows.length);
    list.rows.forEach((r, i) => {
      const row = sheet.getRow(HEADER_ROW + 1 + i);
      const want: unknown[] = rowTexts(r).map((t) => (t === '' ? null : t));
      want[0] = r.number;
      expect(REVIEW_COLUMNS.map((_, c) => row.getCell(c + 1).value ?? null)).toEqual(want);
    });
    expect(sheet.getCell(HEADER_ROW + 1, 1).type).toBe(ExcelJS.ValueType.Number);
  });

  it('prints like the PDF: header frozen and repeated, A4 landscape fitted to the width, wrapped', async () => {
    const sheet = (await readWorkbook(file)).getWorksheet(REVIEW_SHEET)!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
    expect(sheet.pageSetup).toMatchObject({
      paperSize: PAPER_A4,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    });
    expect(sheet.headerFooter.oddFooter).toBe('&C第 &P 页 共 &N 页');
    expect(sheet.autoFilter).toBeTruthy();
    // 问题 is the widest column, and its messages wrap in rows tall enough for them.
    const widths = REVIEW_COLUMNS.map((_, c) => sheet.getColumn(c + 1).width ?? 0);
    expect(Math.max(...widths)).toBe(widths[5]);
    const longest = list.rows.reduce((a, b) => (b.message.length > a.message.length ? b : a));
    const row = sheet.getRow(HEADER_ROW + longest.number);
    expect(row.getCell(6).value).toBe(longest.message);
    expect(row.getCell(6).alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(row.height).toBeGreaterThanOrEqual(4 * 9 * 1.3);
  });

  it.skipIf(!HAS_CALC)(
    'opens in LibreOffice Calc with every finding whole',
    () => {
      const rows = calcSheets(file)[REVIEW_SHEET]!;
      expect(rows[0]![0]).toBe(list.title);
      expect(rows[HEADER_ROW - 1]).toEqual([...REVIEW_COLUMNS]);
      const body = rows.slice(HEADER_ROW).filter((r) => r.some((c) => c !== ''));
      expect(body).toEqual(list.rows.map(rowTexts));
    },
    180_000,
  );
});

describe('a document with nothing to report', () => {
  it('says so in one row under the header', async () => {
    const doc = { department: '某部门', year: 2025, reviewMarks: [] } as unknown as DocumentData;
    const bytes = await renderReviewXlsx(doc, { findings: [], madeOn: MADE_ON });
    const sheet = (await loadWorkbook(bytes)).getWorksheet(REVIEW_SHEET)!;
    expect(sheet.getCell('A1').value).toBe('某部门 2025年项目支出绩效目标表 审核清单');
    expect(sheet.getCell('A2').value).toBe('审核结果：未发现待核对的问题；已核对 0 项');
    expect(sheet.rowCount).toBe(HEADER_ROW + 1);
    expect(sheet.getCell(HEADER_ROW + 1, 1).value).toBe('未发现问题');
    expect(sheet.getCell(HEADER_ROW + 1, 1).isMerged).toBe(true);
  });
});
