import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDocument, summarize, type Finding } from '../../db/shared/check/index.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { buildReviewList, type ReviewList } from '../../templates/export/review-list/list.ts';
import { renderReviewPdf } from '../../templates/export/review-list/pdf.ts';
import { HAS_PANYU } from '../helpers.ts';
import {
  markChecked,
  panyuDocumentFile,
  reviewColumns,
  rowTexts,
  snapshotOf,
} from './review-list-tools.ts';
import {
  HAS_POPPLER,
  pdfFonts,
  pdfPages,
  pdfPageSize,
  pdftotext,
  pdfWords,
  squash,
} from './tools.ts';

/** 导出审核清单 as PDF: the fixture's findings on paper, read back with poppler. */

const MADE_ON = new Date(2025, 2, 14, 9, 30);

const fixtureSuite = describe.skipIf(!HAS_PANYU || !HAS_POPPLER);

fixtureSuite('the review list of the published fixture, as PDF', () => {
  let dir: string;
  let doc: DocumentData;
  let findings: Finding[];
  let longest: Finding;
  let list: ReviewList;
  let file: string;
  let pages: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-review-pdf-'));
    const source = panyuDocumentFile(dir);
    findings = checkDocument(snapshotOf(source));
    // The first finding and the one with the longest message, marked 已核对 by the clerk.
    // Two different findings, even when the first is also the longest.
    longest = findings.slice(1).reduce((a, b) => (b.message.length > a.message.length ? b : a));
    markChecked(source, [findings[0]!, longest]);
    doc = snapshotOf(source);
    list = buildReviewList(doc, { madeOn: MADE_ON });
    const pdf = await renderReviewPdf(doc, { madeOn: MADE_ON });
    file = path.join(dir, 'list.pdf');
    writeFileSync(file, pdf.bytes);
    pages = pdf.pages;
    expect(pdf.missingGlyphs).toEqual([]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is A4 landscape, several pages, numbered 第 N 页 共 M 页, fonts embedded', () => {
    expect(pdfPages(file)).toBe(pages);
    expect(pages).toBeGreaterThan(1);
    const [w, h] = pdfPageSize(file);
    expect(Math.round(w)).toBe(842);
    expect(Math.round(h)).toBe(595);
    const text = pdftotext(file);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`第 ${n} 页 共 ${pages} 页`);
    expect(pdfFonts(file).every((f) => f.embedded)).toBe(true);
  });

  it('says whose list it is, when it was made, and how many findings of each kind', () => {
    const text = squash(pdftotext(file));
    expect(text).toContain(
      squash('中国共产党广州市番禺区委员会组织部 2024年项目支出绩效目标表 审核清单'),
    );
    expect(text).toContain('制表日期：2025-03-14');
    const open = summarize(findings.filter((f) => f !== findings[0] && f !== longest));
    expect(open.warning).toBeGreaterThan(0);
    expect(text).toContain(
      squash(
        `审核结果：错误 ${open.error} 项，警告 ${open.warning} 项，提示 ${open.hint} 项；已核对 2 项`,
      ),
    );
  });

  it('prints every finding whole, in document order, under the header on every page', () => {
    expect(list.rows.length).toBe(findings.length);
    const { columns, pages: read } = reviewColumns(pdfWords(file));
    expect(read).toBe(pages);
    const want = [0, 1, 2, 3, 4, 5, 6].map((c) =>
      squash(list.rows.map((r) => rowTexts(r)[c]).join('')),
    );
    // The fixture's rows are each printed whole on one page: no `（续）` in 序号.
    expect(columns).toEqual(want);
    // The longest message, whole (wrapped over several lines), and each one unshortened.
    expect(longest.message.length).toBeGreaterThan(80);
    expect(columns[5]).toContain(squash(longest.message));
    expect(list.rows.map((r) => r.message)).toEqual(findings.map((f) => f.message));
  });

  it('lists the checked findings too, with the day they were checked', () => {
    const day = doc.reviewMarks[0]!.checkedOn;
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
    const states = list.rows.map((r) => r.state);
    expect(states[0]).toBe(`已核对 ${day}`);
    expect(states[findings.indexOf(longest)]).toBe(`已核对 ${day}`);
    expect(states.filter((s) => s === '未核对')).toHaveLength(findings.length - 2);
    const { columns } = reviewColumns(pdfWords(file));
    expect(columns[6]!.split(squash(`已核对 ${day}`))).toHaveLength(3);
  });
});

describe.skipIf(!HAS_POPPLER)('a finding too long for a page', () => {
  it('goes on over the page break under the repeated header, its number marked （续）', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-review-pdf-'));
    try {
      const sentence = (n: number) =>
        `第${n}句：指标值应写成可检验的目标，请对照上年批复逐条核对。`;
      const long = Array.from({ length: 160 }, (_, i) => sentence(i + 1)).join('');
      const place = {
        location: { unitId: 1, projectId: 2 },
        unitName: '本级',
        projectName: '培训经费',
      };
      const findings: Finding[] = [
        { ...place, severity: 'hint', ruleId: 'a', message: '短的一条。' },
        { ...place, severity: 'warning', ruleId: 'b', message: long },
        { ...place, severity: 'error', ruleId: 'c', message: '最后一条。' },
      ];
      const doc = { department: '某部门', year: 2025, reviewMarks: [] } as unknown as DocumentData;
      const pdf = await renderReviewPdf(doc, { findings, madeOn: MADE_ON });
      const file = path.join(dir, 'long.pdf');
      writeFileSync(file, pdf.bytes);
      expect(pdf.pages).toBeGreaterThan(1);
      const { columns } = reviewColumns(pdfWords(file));
      expect(columns[5]).toBe(squash(`短的一条。${long}最后一条。`));
      expect(columns[0]).toMatch(/^12(2（续）)+3$/);
      expect(columns[6]).toBe('未核对未核对未核对');
      expect(squash(pdftotext(file))).toContain('审核结果：错误1项，警告1项，提示1项；已核对0项');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
