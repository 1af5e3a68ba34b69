import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentData } from '../../db/shared/types.ts';
import { amountText } from '../../templates/export/cells.ts';
import { buildPrintModel, renderDocx, renderPdf } from '../../templates/export/index.ts';
import { indicatorCellText, printedIndicators } from '../../templates/export/notation.ts';
import { mmToPt, mmToTwip } from '../../templates/export/units.ts';
import { official } from '../../templates/layout/official.ts';
import { perProject } from '../../templates/layout/per-project.ts';
import {
  expectedColumns,
  inOrder,
  officialColumns,
  perProjectBaseColumns,
  textBetween,
} from './columns.ts';
import { buildSample } from './sample.ts';
import {
  docxPart,
  docxText,
  HAS_POPPLER,
  HAS_SOFFICE,
  libreOfficeToPdf,
  pdfFonts,
  pdfPages,
  pdfPageSize,
  pdftotext,
  pdfWords,
  squash,
} from './tools.ts';

/** Every text the official table must show, in document order. */
function officialTexts(doc: DocumentData): string[] {
  const texts = [doc.title, `部门名称：${doc.department}`, '单位：万元', '合计'];
  const amounts = (t: DocumentData['totals']) =>
    [t.total, t.fiscal, t.specialAccount, t.other]
      .map((a) => amountText(a, doc.money))
      .filter(Boolean);
  texts.push(...amounts(doc.totals));
  for (const u of doc.units) {
    texts.push(u.name, ...amounts(u.totals));
    for (const p of u.projects) {
      texts.push(p.name, ...amounts(p.totals), ...p.goal.split('\n'), indicatorCellText(p));
    }
  }
  return texts.filter((t) => t !== '');
}

function perProjectTexts(doc: DocumentData): string[] {
  return doc.units.flatMap((u) =>
    u.projects.flatMap((p) => [
      p.name,
      u.name,
      ...printedIndicators(p).flatMap((i) => [i.level1.name, i.level2.name]),
    ]),
  );
}

describe('DOCX', () => {
  let dir: string;
  let doc: DocumentData;
  const files = { official: '', perProject: '', officialPdf: '', perProjectPdf: '' };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-docx-'));
    doc = buildSample(dir);
    for (const [key, layout] of [
      ['official', official],
      ['perProject', perProject],
    ] as const) {
      const model = buildPrintModel(doc, layout);
      files[key] = path.join(dir, `${layout.id}.docx`);
      writeFileSync(files[key], await renderDocx(model));
      files[`${key}Pdf`] = path.join(dir, `${layout.id}.pdf`);
      writeFileSync(files[`${key}Pdf`], (await renderPdf(model)).bytes);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is a landscape A4 section with the layout’s margins and page numbers in the footer', () => {
    const xml = docxPart(files.official, 'word/document.xml');
    const pgSz = /<w:pgSz [^>]*\/>/.exec(xml)?.[0] ?? '';
    expect(pgSz).toContain('w:w="16838"');
    expect(pgSz).toContain('w:h="11906"');
    expect(pgSz).toContain('w:orient="landscape"');
    const pgMar = /<w:pgMar [^>]*\/>/.exec(xml)?.[0] ?? '';
    expect(pgMar).toContain(`w:left="${mmToTwip(official.page.margins.left)}"`);
    const footer = docxPart(files.official, 'word/footer1.xml');
    expect(footer).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
    expect(footer).toMatch(/<w:instrText[^>]*>NUMPAGES<\/w:instrText>/);
    expect(docxText(footer)).toBe('第  页 共  页');
    const portrait = /<w:pgSz [^>]*\/>/.exec(docxPart(files.perProject, 'word/document.xml'))?.[0];
    expect(portrait).toContain('w:w="11906"');
    expect(portrait).not.toContain('landscape');
  });

  it('is a real table: fixed widths, a header row that repeats, body rows free to split', () => {
    const xml = docxPart(files.official, 'word/document.xml');
    expect(xml).toContain('<w:tblLayout w:type="fixed"/>');
    const grid = [...xml.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(grid).toEqual(Object.values(official.columns).map((c) => mmToTwip(c.width)));
    const rows = [...xml.matchAll(/<w:tr>(.*?)<\/w:tr>/g)].map((m) => m[1]!);
    const rowCount = 1 + doc.units.length + doc.units.reduce((n, u) => n + u.projects.length, 0);
    expect(rows).toHaveLength(1 + rowCount);
    expect(rows[0]).toContain('<w:tblHeader/>');
    for (const row of rows.slice(1)) {
      expect(row).not.toContain('<w:tblHeader');
      expect(row).not.toContain('<w:cantSplit');
    }
    // Cell margins set on the table, so Word and WPS agree.
    expect(xml).toMatch(/<w:tblCellMar>.*<w:left w:type="dxa" w:w="\d+"\/>.*<\/w:tblCellMar>/);
  });

  it('names the layout’s font as the East Asian and Latin font, with its stand-ins', () => {
    const styles = docxPart(files.official, 'word/styles.xml');
    expect(official.fonts.body.family).toBe('宋体');
    const chain = 'SimSun;宋体;Songti SC;Noto Serif CJK SC;AR PL SungtiL GB';
    // Every run takes its font from a style or the document defaults: each names the chain.
    const rFonts = [...styles.matchAll(/<w:rFonts [^>]*\/>/g)].map((m) => m[0]);
    expect(rFonts.length).toBeGreaterThanOrEqual(Object.keys(official.fonts).length + 1);
    for (const r of rFonts) {
      for (const slot of ['eastAsia', 'ascii', 'hAnsi', 'cs']) {
        expect(r).toContain(`w:${slot}="${chain}"`);
      }
    }
    const document = docxPart(files.official, 'word/document.xml');
    expect(document).not.toMatch(/<w:rFonts /);
    // Latin text and digits English, so that LibreOffice does not break a number in two.
    const langs = [...styles.matchAll(/<w:lang [^>]*\/>/g)].map((m) => m[0]);
    expect(langs.length).toBeGreaterThan(0);
    for (const l of langs) {
      expect(l).toContain('w:val="en-US"');
      expect(l).toContain('w:eastAsia="zh-CN"');
    }
  });

  it('describes the font in the font table, for Word to find a stand-in', () => {
    const table = docxPart(files.official, 'word/fontTable.xml');
    const font = /<w:font w:name="SimSun;宋体;[^"]*">(.*?)<\/w:font>/.exec(table)?.[1] ?? '';
    expect(font).toContain(
      '<w:altName w:val="SimSun,宋体,Songti SC,Noto Serif CJK SC,AR PL SungtiL GB"/>',
    );
    expect(font).toContain('<w:panose1 w:val="02010600030101010101"/>');
    expect(font).toContain('<w:charset w:val="86"/>');
    expect(font).toContain('<w:family w:val="roman"/>');
  });

  it('holds every text of the table in order', () => {
    const text = squash(docxText(docxPart(files.official, 'word/document.xml')));
    let at = 0;
    for (const t of officialTexts(doc)) {
      const i = text.indexOf(squash(t), at);
      expect(i, t).toBeGreaterThanOrEqual(at);
      at = i + squash(t).length;
    }
  });

  it('merges the 一级 and 二级 cells of the per-project table down their rows', () => {
    const xml = docxPart(files.perProject, 'word/document.xml');
    expect(xml).toContain('<w:vMerge w:val="restart"/>');
    expect(xml).toMatch(/<w:vMerge(?: w:val="continue")?\/>/);
    // Each indicator table's header row repeats.
    const projects = doc.units.reduce((n, u) => n + u.projects.length, 0);
    expect(xml.split('<w:tblHeader/>').length - 1).toBe(projects);
  });

  describe.skipIf(!HAS_SOFFICE || !HAS_POPPLER)('opened by LibreOffice', () => {
    const converted = { official: '', perProject: '' };

    beforeAll(() => {
      const out = path.join(dir, 'lo');
      libreOfficeToPdf([files.official, files.perProject], out);
      converted.official = path.join(out, 'official.pdf');
      converted.perProject = path.join(out, 'per-project.pdf');
    }, 180_000);

    it('converts without error, and every column reads as the document', () => {
      const got = officialColumns(pdfWords(converted.official));
      // LibreOffice splits rows its own way and adds no （续）.
      expect(got).toEqual(expectedColumns(doc));
      const text = squash(pdftotext(converted.official));
      expect(text).toContain(squash(doc.title));
      expect(text).toContain(`部门名称：${doc.department}`);
    });

    it('converts the per-project table with every indicator in order', () => {
      const words = pdfWords(converted.perProject);
      const footerTop =
        pdfPageSize(converted.perProject)[1] - mmToPt(perProject.page.margins.bottom);
      let x = mmToPt(perProject.page.margins.left);
      const headers = perProjectBaseColumns.map((c) => squash(c.header));
      const columns = perProjectBaseColumns.map((col, i) => {
        const from = x;
        x += mmToPt(col.width);
        return textBetween(words, from, x, footerTop).replaceAll(headers[i]!, '');
      });
      const all = doc.units.flatMap((u) => u.projects.flatMap((p) => printedIndicators(p)));
      expect(
        inOrder(
          columns[2]!,
          all.map((i) => i.name),
        ),
      ).toBeNull();
      expect(
        inOrder(
          columns[3]!,
          all.map((i) => i.cycleValue),
        ),
      ).toBeNull();
      expect(
        inOrder(
          columns[4]!,
          all.map((i) => i.annualValue),
        ),
      ).toBeNull();
      const text = squash(pdftotext(converted.perProject));
      for (const t of perProjectTexts(doc)) expect(text, t).toContain(squash(t));
    });

    it('paginates within 15% of the PDF exporter', () => {
      for (const [lo, ours] of [
        [converted.official, files.officialPdf],
        [converted.perProject, files.perProjectPdf],
      ] as const) {
        const a = pdfPages(lo);
        const b = pdfPages(ours);
        expect(
          Math.abs(a - b) / b,
          `${path.basename(lo)}: LibreOffice ${a}, ours ${b}`,
        ).toBeLessThanOrEqual(0.15);
      }
    });

    it('repeats the header row on every page', () => {
      const pages = pdfPages(converted.official);
      for (let p = 1; p <= pages; p++) {
        const page = squash(pdftotext(converted.official, '-f', String(p), '-l', String(p)));
        expect(page, `page ${p}`).toContain('绩效指标');
        expect(page, `page ${p}`).toContain(`第${p}页共${pages}页`);
      }
    });
  });

  // No fontconfig alias for 宋体 here: the names in the DOCX must be enough.
  describe.skipIf(!HAS_SOFFICE || !HAS_POPPLER)('opened by LibreOffice as installed', () => {
    let pdf = '';

    beforeAll(() => {
      const out = path.join(dir, 'lo-plain');
      libreOfficeToPdf([files.official], out, { asInstalled: true });
      pdf = path.join(out, 'official.pdf');
    }, 180_000);

    it('prints in a serif face: a Song face for Chinese, never a sans', () => {
      const fonts = pdfFonts(pdf);
      expect(fonts.length).toBeGreaterThan(0);
      const cjk = fonts.filter((f) => /CJK|Song|Sung|SimSun|Ming/iu.test(f.name));
      expect(cjk.length, fonts.map((f) => f.name).join(', ')).toBeGreaterThan(0);
      for (const f of fonts) {
        expect(f.embedded).toBe(true);
        expect(f.name).not.toMatch(/Sans|Gothic|Hei/iu);
      }
      for (const f of cjk) expect(f.name).toMatch(/Serif|Song|Sung|SimSun|Ming/iu);
    });
  });
});
