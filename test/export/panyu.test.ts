import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { buildPrintModel, renderDocx, renderPdf } from '../../templates/export/index.ts';
import { official } from '../../templates/layout/official.ts';
import { perProject } from '../../templates/layout/per-project.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { expectedColumns, officialColumns, withoutContinuations } from './columns.ts';
import { HAS_POPPLER, HAS_SOFFICE, libreOfficeToPdf, pdfPages, pdfWords } from './tools.ts';

/** The published fixture, imported, printed again: the real table in its real layout. */
describe.skipIf(!HAS_PANYU || !HAS_POPPLER)('printing the published fixture', () => {
  let dir: string;
  let doc: DocumentData;
  const files: Record<string, string> = {};
  const pages: Record<string, number> = {};

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-panyu-'));
    const file = path.join(dir, 'panyu.jxmb');
    writeDraft(importPublishedText(readFileSync(PANYU_FIXTURE, 'utf8')).draft, file);
    const opened = TargetDocument.open(file, { readonly: true });
    doc = opened.snapshot();
    opened.close();
    for (const layout of [official, perProject]) {
      const model = buildPrintModel(doc, layout);
      const pdf = await renderPdf(model);
      files[`${layout.id}.pdf`] = path.join(dir, `${layout.id}.pdf`);
      writeFileSync(files[`${layout.id}.pdf`]!, pdf.bytes);
      pages[layout.id] = pdf.pages;
      files[`${layout.id}.docx`] = path.join(dir, `${layout.id}.docx`);
      writeFileSync(files[`${layout.id}.docx`]!, await renderDocx(model));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives back all 3 units, 51 projects, every amount and all 273 indicators in order', () => {
    expect(doc.units.length).toBe(3);
    const got = officialColumns(pdfWords(files['official.pdf']!));
    const want = expectedColumns(doc);
    expect(withoutContinuations(got[0]!, doc).names).toBe(want[0]);
    expect(got.slice(1)).toEqual(want.slice(1));
    expect(want[6]!.match(/\d+、\d-/g)?.length).toBe(273);
    expect(got[1]).toContain('10,584.83');
  });

  it.skipIf(!HAS_SOFFICE)(
    'converts in LibreOffice to as many pages, give or take 15%',
    () => {
      const out = path.join(dir, 'lo');
      libreOfficeToPdf([files['official.docx']!, files['per-project.docx']!], out);
      for (const id of [official.id, perProject.id]) {
        const lo = pdfPages(path.join(out, `${id}.pdf`));
        const ours = pages[id]!;
        expect(
          Math.abs(lo - ours) / ours,
          `${id}: LibreOffice ${lo}, ours ${ours}`,
        ).toBeLessThanOrEqual(0.15);
      }
      const got = officialColumns(pdfWords(path.join(out, 'official.pdf')));
      expect(got).toEqual(expectedColumns(doc));
    },
    180_000,
  );
});
