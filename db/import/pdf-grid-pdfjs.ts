import { UserError } from '../shared/errors.ts';
import { collectRules, type PathOps, type Rule } from './pdf-grid-rules.ts';
import type { PageText } from './pdf-layout.ts';
import { endExtraction, pdfjsData, startExtraction, type PdfText } from './published-pdf.ts';

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
  if (Buffer.from(bytes.subarray(0, 1024)).toString('latin1').indexOf('%PDF-') < 0) {
    throw new UserError('不是 PDF 文件（文件开头没有“%PDF-”）');
  }
  startExtraction();
  try {
    return await readPdf(bytes);
  } finally {
    endExtraction();
  }
}

type Matrix = [number, number, number, number, number, number];

async function readPdf(bytes: Uint8Array): Promise<RuledPdf> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const workerModule = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  await import(workerModule);
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    ...pdfjsData(),
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy();
    if ((e as { name?: string }).name === 'PasswordException') {
      throw new UserError('PDF 文件已加密（需要密码才能打开），无法读取：请使用未加密的文件');
    }
    throw new UserError(`无法读取 PDF 文件：文件已损坏或不是有效的 PDF（${(e as Error).message}）`);
  }
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
  try {
    const { info } = await doc.getMetadata().catch(() => ({ info: {} }));
    const creator = String((info as { Creator?: unknown }).Creator ?? '');
    const pages: RuledPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const page = await doc.getPage(n);
        const viewport = page.getViewport({ scale: 1 });
        const toPage = viewport.transform as Matrix;
        const content = await page.getTextContent();
        const items: PageText[] = [];
        for (const item of content.items) {
          if (!('str' in item) || item.str.trim() === '') continue;
          const [a, b, c, d, x, y] = pdfjs.Util.transform(toPage, item.transform) as Matrix;
          // Only horizontal text: the table's. (Rotated stamps and watermarks are not.)
          if (Math.abs(b) > 0.01 * Math.abs(a) || a <= 0) continue;
          items.push({ text: item.str, x, y, width: item.width, size: Math.hypot(c, d) });
        }
        const list = await page.getOperatorList();
        const rules = collectRules(list.fnArray, list.argsArray, ops, toPage);
        page.cleanup();
        pages.push({ page: n, items, rules });
      } catch (e) {
        if (e instanceof UserError) throw e;
        throw new UserError(`第 ${n} 页：无法读取该页的内容（${(e as Error).message}）`);
      }
    }
    return { pages, creator };
  } finally {
    await task.destroy();
  }
}
