import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPdf } from '../../db/import/pdf-import.ts';
import { isUserError } from '../../db/shared/errors.ts';
import { damagePdf } from './damage.ts';
import { importPublishedPdf } from '../../db/import/published-pdf.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { buildPrintModel, renderPdf } from '../../templates/export/index.ts';
import { perProject } from '../../templates/layout/per-project.ts';
import { drawPdf } from './pdf-grid-draw.ts';
import { documentOf, exportPdf, richDraft } from './pdf-docs.ts';

// The PDF entry routes by layout: the Guangzhou summary table to its column reader, as before;
// anything else to the grid and the readers of cell rows.

let dir: string;
let doc: DocumentData;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jxmb-pdf-import-'));
  doc = documentOf(richDraft(), path.join(dir, 'small.jxmb'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the PDF entry', () => {
  it('reads the summary table as the summary reader does', async () => {
    const { bytes } = await exportPdf(doc, 'system');
    expect(await importPdf(bytes)).toEqual(await importPublishedPdf(bytes));
  });

  it('reads any other table by its grid: our per-project 申报表, saying which layout it took', async () => {
    const { bytes } = await renderPdf(buildPrintModel(doc, perProject), {});
    const { draft, notes } = await importPdf(bytes);
    expect(notes[0]!.message).toMatch(/^按逐项目申报表/u);
    const names = (units: readonly { projects: readonly { name: string }[] }[]) =>
      units.flatMap((u) => u.projects.map((p) => p.name));
    expect(names(draft.units)).toEqual(names(doc.units));
    expect(draft.department).toBe(doc.department);
  });

  it('refuses a PDF of no supported layout, listing those it reads', async () => {
    const bytes = await drawPdf(
      [
        {
          texts: [{ x: 50, y: 50, text: '关于印发2024年部门预算的通知' }],
          cells: [
            { x: 50, y: 90, w: 100, h: 20, lines: ['序号'] },
            { x: 150, y: 90, w: 200, h: 20, lines: ['事项'] },
          ],
        },
      ],
      'lines',
    );
    await expect(importPdf(bytes)).rejects.toThrow(/未能识别表格格式.*支持的格式：1\./u);
  });

  it('says so when the PDF has no text (a scan)', async () => {
    const pdf = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<void>((resolve) => pdf.on('end', resolve));
    pdf.rect(50, 50, 200, 100).stroke();
    pdf.end();
    await done;
    await expect(importPdf(Buffer.concat(chunks))).rejects.toThrow(/没有可以提取的文字.*扫描件/u);
  });

  it('reads a damaged per-project PDF or refuses it with a message, never with a crash', async () => {
    const { bytes } = await renderPdf(buildPrintModel(doc, perProject), {});
    let read = 0;
    for (let seed = 1; seed <= 12; seed++) {
      try {
        await importPdf(damagePdf(bytes, seed));
        read++;
      } catch (e) {
        expect(isUserError(e), String((e as Error).stack)).toBe(true);
      }
    }
    console.log(`[damaged per-project PDFs] ${read} of 12 read, the others refused`);
  });

  it('refuses what is not a PDF, without a stack trace', async () => {
    await expect(importPdf(Buffer.from('hello'))).rejects.toThrow('不是 PDF 文件');
  });
});
