import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentData } from '../../db/shared/types.ts';
import { TargetDocument } from '../../db/document.ts';
import {
  buildPrintModel,
  renderDocx,
  renderPdf,
  type PdfResult,
} from '../../templates/export/index.ts';
import { amountText } from '../../templates/export/cells.ts';
import { printedIndicators } from '../../templates/export/notation.ts';
import { official } from '../../templates/layout/official.ts';
import { perProject } from '../../templates/layout/per-project.ts';
import { mmToPt } from '../../templates/export/units.ts';
import {
  expectedColumns,
  inOrder,
  officialColumns,
  perProjectBaseColumns,
  textBetween,
  withoutContinuations,
} from './columns.ts';
import { buildSample, SAMPLE } from './sample.ts';
import {
  HAS_POPPLER,
  hasTool,
  pdfFonts,
  pdfPages,
  pdfPageSize,
  pdftotext,
  pdfWords,
  squash,
  type PdfWord,
} from './tools.ts';

const NO_LINE_START = Array.from('，。；：、？！）》”’%');
const NO_LINE_END = Array.from('（《“‘');

describe.skipIf(!HAS_POPPLER)('PDF of the official table', () => {
  let dir: string;
  let doc: DocumentData;
  let file: string;
  let result: PdfResult;
  let words: PdfWord[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-pdf-'));
    doc = buildSample(dir);
    result = await renderPdf(buildPrintModel(doc, official));
    file = path.join(dir, 'official.pdf');
    writeFileSync(file, result.bytes);
    words = pdfWords(file);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives back every unit, project, amount, goal and indicator, in order, column by column', () => {
    const got = officialColumns(words);
    const want = expectedColumns(doc);
    const { names, labels } = withoutContinuations(got[0]!, doc);
    expect(names).toBe(want[0]);
    expect(labels.length).toBeGreaterThan(0);
    for (let i = 1; i < want.length; i++)
      expect(got[i], official.columns.name.header).toBe(want[i]);
    expect(result.missingGlyphs).toEqual([]);
  });

  it('prints the title, the 部门名称 line and the page footer', () => {
    const text = squash(pdftotext(file));
    expect(text).toContain(squash(doc.title));
    expect(text).toContain(`部门名称：${SAMPLE.department}`);
    expect(text).toContain('单位：万元');
    const pages = pdfPages(file);
    expect(pages).toBe(result.pages);
    for (let p = 1; p <= pages; p++) {
      const page = squash(pdftotext(file, '-f', String(p), '-l', String(p)));
      expect(page, `page ${p}`).toContain(`第${p}页共${pages}页`);
    }
  });

  it('repeats the header row at the top of every page', () => {
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThanOrEqual(4);
    const top = mmToPt(official.page.margins.top);
    for (let p = 2; p <= pages; p++) {
      const first = words.filter((w) => w.page === p).sort((a, b) => a.yMin - b.yMin)[0]!;
      expect(official.columns.name.header.startsWith(first.text), `page ${p}`).toBe(true);
      expect(first.yMin).toBeLessThan(top + 12);
      const headerTexts = words.filter((w) => w.page === p && w.yMin < first.yMin + 20);
      for (const h of ['总计', '财政拨款', '其他资金', '绩效目标', '绩效指标']) {
        expect(
          headerTexts.map((w) => w.text),
          `page ${p}`,
        ).toContain(h);
      }
    }
  });

  it('splits a row taller than a page, naming its project on every continued part', () => {
    const pagesWithTall = new Set(
      words.filter((w) => w.text.includes('培训保障事项')).map((w) => w.page),
    );
    expect(pagesWithTall.size).toBeGreaterThanOrEqual(3);
    const label = squash(`${SAMPLE.tallName}（续）`);
    for (const p of [...pagesWithTall].slice(1)) {
      const page = squash(pdftotext(file, '-f', String(p), '-l', String(p)));
      expect(page, `page ${p}`).toContain(label);
    }
  });

  it('breaks lines by the Chinese rules', () => {
    let x = mmToPt(official.page.margins.left);
    const edges: Record<string, [number, number]> = {};
    for (const [key, col] of Object.entries(official.columns)) {
      edges[key] = [x, x + mmToPt(col.width)];
      x += mmToPt(col.width);
    }
    let checked = 0;
    for (const key of ['name', 'goal', 'indicators']) {
      const [from, to] = edges[key]!;
      const lines = new Map<string, PdfWord[]>();
      for (const w of words.filter((w) => w.xMin >= from && w.xMin < to)) {
        const k = `${w.page}:${w.yMin.toFixed(1)}`;
        lines.set(k, [...(lines.get(k) ?? []), w]);
      }
      for (const line of lines.values()) {
        const text = line
          .sort((a, b) => a.xMin - b.xMin)
          .map((w) => w.text)
          .join('');
        expect(NO_LINE_START, text).not.toContain(Array.from(text)[0]);
        expect(NO_LINE_END, text).not.toContain(Array.from(text).at(-1));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('is A4 landscape with embedded subset fonts, none of Type 3', () => {
    const [w, h] = pdfPageSize(file);
    expect(Math.round(w)).toBe(842);
    expect(Math.round(h)).toBe(595);
    const fonts = pdfFonts(file);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f.embedded, f.name).toBe(true);
      expect(f.subset, f.name).toBe(true);
      expect(f.type).toMatch(/^CID /);
      expect(f.type).not.toMatch(/Type 3/);
    }
  });

  it.skipIf(!hasTool('pdftoppm'))('renders to an image', () => {
    const out = path.join(dir, 'page');
    const r = spawnSync('pdftoppm', ['-png', '-r', '30', '-f', '1', '-l', '1', file, out]);
    expect(r.status).toBe(0);
    const png = [`${out}-1.png`, `${out}-01.png`, `${out}-001.png`].find((f) => existsSync(f));
    expect(png && statSync(png).size).toBeGreaterThan(1000);
  });
});

describe.skipIf(!HAS_POPPLER)(
  'PDF with the bundled font only (a machine with no Chinese font)',
  () => {
    it('embeds Noto Serif SC from the npm package and still prints every word', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-pdf-'));
      try {
        const doc = buildSample(dir);
        const result = await renderPdf(buildPrintModel(doc, official), {
          fonts: { systemFonts: false, env: {} },
        });
        expect(result.font).toContain('Noto Serif SC');
        const file = path.join(dir, 'bundled.pdf');
        writeFileSync(file, result.bytes);
        const fonts = pdfFonts(file);
        expect(fonts.map((f) => f.name).join(' ')).toMatch(/NotoSerifSC/);
        expect(fonts.every((f) => f.embedded && f.subset && f.type.startsWith('CID'))).toBe(true);
        const got = officialColumns(pdfWords(file));
        const want = expectedColumns(doc);
        expect(withoutContinuations(got[0]!, doc).names).toBe(want[0]);
        expect(got.slice(1)).toEqual(want.slice(1));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

describe.skipIf(!HAS_POPPLER)('PDF of the per-project 申报表', () => {
  let dir: string;
  let doc: DocumentData;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-pdf-'));
    doc = buildSample(dir);
    file = path.join(dir, 'per-project.pdf');
    writeFileSync(file, (await renderPdf(buildPrintModel(doc, perProject))).bytes);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts every project on a new page, A4 portrait, with its money and every indicator', () => {
    const [w, h] = pdfPageSize(file);
    expect([Math.round(w), Math.round(h)]).toEqual([595, 842]);
    const pages = pdfPages(file);
    const projects = doc.units.flatMap((u) => u.projects.map((p) => ({ unit: u, p })));
    let lastPage = 0;
    for (const { unit, p } of projects) {
      // The page whose title block names this project.
      let found = 0;
      for (let n = lastPage + 1; n <= pages && !found; n++) {
        const page = squash(pdftotext(file, '-f', String(n), '-l', String(n)));
        if (page.startsWith(squash(perProject.title)) && page.includes(squash(p.name))) found = n;
      }
      expect(found, p.name).toBeGreaterThan(lastPage);
      lastPage = found;
      const page = squash(pdftotext(file, '-f', String(found), '-l', String(found)));
      expect(page).toContain(squash(unit.name));
      for (const a of [p.totals.total, p.totals.fiscal, p.totals.specialAccount, p.totals.other]) {
        expect(page).toContain(amountText(a, doc.money));
      }
    }
    // Each value column, read top to bottom across pages, holds every value in order.
    const words = pdfWords(file);
    const footerTop = pdfPageSize(file)[1] - mmToPt(perProject.page.margins.bottom);
    let x = mmToPt(perProject.page.margins.left);
    const edges = perProjectBaseColumns.map((col) => {
      const from = x;
      x += mmToPt(col.width);
      return [from, x] as const;
    });
    const all = doc.units.flatMap((u) => u.projects.flatMap((p) => printedIndicators(p)));
    // The repeated header row is the only thing between the two parts of a split row.
    const headers = perProjectBaseColumns.map((c) => squash(c.header));
    const [, , names, cycle, annual] = edges.map(([from, to], i) =>
      textBetween(words, from, to, footerTop).replaceAll(headers[i]!, ''),
    );
    expect(
      inOrder(
        names!,
        all.map((i) => i.name),
      ),
    ).toBeNull();
    expect(
      inOrder(
        cycle!,
        all.map((i) => i.cycleValue),
      ),
    ).toBeNull();
    expect(
      inOrder(
        annual!,
        all.map((i) => i.annualValue),
      ),
    ).toBeNull();
  });

  it('repeats the indicator header on the pages a project continues on, naming the row', () => {
    const pages = pdfPages(file);
    let continued = 0;
    for (let n = 1; n <= pages; n++) {
      const page = squash(pdftotext(file, '-f', String(n), '-l', String(n)));
      if (page.startsWith(squash(perProject.title))) continue;
      continued++;
      expect(page.startsWith('一级指标'), `page ${n}`).toBe(true);
      for (const h of ['二级指标', '三级指标', '实施周期指标值', '年度指标值'])
        expect(page).toContain(h);
      // The merged 一级 cell goes on with its name, and so does a split indicator row.
      expect(page).toMatch(/产出指标|效益指标/);
    }
    expect(continued).toBeGreaterThanOrEqual(2);
    expect(squash(pdftotext(file))).toMatch(/培训保障事项\d+（续）/);
  });
});

describe('an empty document', () => {
  it('prints a one-page table with its 合计 row, or a per-project page saying so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-pdf-'));
    try {
      const file = path.join(dir, 'empty.jxmb');
      TargetDocument.create(file, { department: '空部门', year: 2026 });
      const opened = TargetDocument.open(file, { readonly: true });
      const doc = opened.snapshot();
      opened.close();
      for (const layout of [official, perProject]) {
        const model = buildPrintModel(doc, layout);
        const pdf = await renderPdf(model);
        expect(pdf.pages).toBe(1);
        expect((await renderDocx(model)).length).toBeGreaterThan(1000);
        if (HAS_POPPLER) {
          const out = path.join(dir, `${layout.id}.pdf`);
          writeFileSync(out, pdf.bytes);
          const text = squash(pdftotext(out));
          expect(text).toContain(layout.id === 'official' ? '合计' : '（本表没有项目）');
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
