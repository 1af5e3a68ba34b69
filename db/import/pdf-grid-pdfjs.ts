import { collectRules, type PathOps, type Rule } from './pdf-grid-rules.ts';
import type { PageText } from './pdf-layout.ts';
import { pageText, readPdfPages, type OpenPage } from './pdfjs-pages.ts';
import type { PdfText } from './published-pdf.ts';

/**
 * A PDF's pages as pdf.js gives them: the positioned text (as published-pdf.ts reads it) and the
 * ruling lines the page draws (pdf-grid-rules.ts), both in points, y downwards from the page's
 * top. One reading of the file serves both the official table's reader and the grid reader.
 */

export interface RuledPage {
  /** 1-based. */
  readonly page: number;
  readonly items: readonly PageText[];
  readonly rules: readonly Rule[];
}

export interface RuledPdf extends PdfText {
  readonly pages: readonly RuledPage[];
}

export async function readRuledPdf(bytes: Uint8Array): Promise<RuledPdf> {
  const { pages, creator, keywords } = await readPdfPages(bytes, '内容', async (p) => ({
    page: p.number,
    items: await pageText(p),
    rules: await pageRules(p),
  }));
  // Keywords too: a PDF printed from this program's DOCX says so there (published-pdf.ts).
  return { pages, creator, keywords };
}

async function pageRules({ pdfjs, page, toPage }: OpenPage): Promise<Rule[]> {
  const ops: PathOps = {
    save: pdfjs.OPS.save,
    restore: pdfjs.OPS.restore,
    transform: pdfjs.OPS.transform,
    formBegin: pdfjs.OPS.paintFormXObjectBegin,
    formEnd: pdfjs.OPS.paintFormXObjectEnd,
    constructPath: pdfjs.OPS.constructPath,
    stroke: [
      pdfjs.OPS.stroke,
      pdfjs.OPS.closeStroke,
      pdfjs.OPS.fillStroke,
      pdfjs.OPS.eoFillStroke,
      pdfjs.OPS.closeFillStroke,
      pdfjs.OPS.closeEOFillStroke,
    ],
    fill: [pdfjs.OPS.fill, pdfjs.OPS.eoFill],
  };
  const list = await page.getOperatorList();
  return collectRules(list.fnArray, list.argsArray, ops, toPage);
}
