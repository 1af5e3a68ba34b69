import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError } from '../shared/errors.ts';
import type { PageText } from './pdf-layout.ts';

/**
 * A PDF read with pdf.js, page by page: one opening of the file, its errors said in Chinese, for
 * every reader of PDFs (the official table's, published-pdf.ts, and the grid's, pdf-grid-pdfjs.ts),
 * each taking what it needs of a page.
 */

export type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfjsDocument = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;
type PdfjsPage = Awaited<ReturnType<PdfjsDocument['getPage']>>;
export type Matrix = [number, number, number, number, number, number];

/** One page as pdf.js opened it, and the matrix to points, y downwards from the page's top. */
export interface OpenPage {
  /** 1-based. */
  readonly number: number;
  readonly pdfjs: Pdfjs;
  readonly page: PdfjsPage;
  readonly toPage: Matrix;
}

export interface PdfPages<P> {
  readonly pages: P[];
  /** The document's Creator and Keywords ('' where it has none). */
  readonly creator: string;
  readonly keywords: string;
}

/**
 * What `readPage` reads of every page of a PDF. A page it cannot read is said as
 * `第 n 页：无法读取该页的<what>`.
 */
export async function readPdfPages<P>(
  bytes: Uint8Array,
  what: string,
  readPage: (page: OpenPage) => Promise<P>,
): Promise<PdfPages<P>> {
  if (Buffer.from(bytes.subarray(0, 1024)).toString('latin1').indexOf('%PDF-') < 0) {
    throw new UserError('不是 PDF 文件（文件开头没有“%PDF-”）');
  }
  startExtraction();
  try {
    return await readPdf(bytes, what, readPage);
  } finally {
    endExtraction();
  }
}

/** A page's horizontal text, with positions. */
export async function pageText({ pdfjs, page, toPage }: OpenPage): Promise<PageText[]> {
  const content = await page.getTextContent();
  const items: PageText[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const [a, b, c, d, x, y] = pdfjs.Util.transform(toPage, item.transform) as Matrix;
    // Only horizontal text: the table's. (Rotated stamps and watermarks are not.)
    if (Math.abs(b) > 0.01 * Math.abs(a) || a <= 0) continue;
    items.push({ text: item.str, x, y, width: item.width, size: Math.hypot(c, d) });
  }
  return items;
}

async function readPdf<P>(
  bytes: Uint8Array,
  what: string,
  readPage: (page: OpenPage) => Promise<P>,
): Promise<PdfPages<P>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // The worker's code runs in this thread: Node has no web worker, and the import is what
  // pdf.js would otherwise look for beside itself.
  const workerModule = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  await import(workerModule);
  const task = pdfjs.getDocument({
    // pdf.js takes the buffer over: give it a copy.
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    ...pdfjsData(),
  });
  let doc: PdfjsDocument;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy();
    if ((e as { name?: string }).name === 'PasswordException') {
      throw new UserError('PDF 文件已加密（需要密码才能打开），无法读取：请使用未加密的文件');
    }
    throw new UserError(`无法读取 PDF 文件：文件已损坏或不是有效的 PDF（${(e as Error).message}）`);
  }
  try {
    const { info } = await doc.getMetadata().catch(() => ({ info: {} }));
    const creator = String((info as { Creator?: unknown }).Creator ?? '');
    const keywords = String((info as { Keywords?: unknown }).Keywords ?? '');
    const pages: P[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const page = await doc.getPage(n);
        const toPage = page.getViewport({ scale: 1 }).transform as Matrix;
        pages.push(await readPage({ number: n, pdfjs, page, toPage }));
        page.cleanup();
      } catch (e) {
        if (e instanceof UserError) throw e;
        throw new UserError(`第 ${n} 页：无法读取该页的${what}（${(e as Error).message}）`);
      }
    }
    return { pages, creator, keywords };
  } finally {
    await task.destroy();
  }
}

/** pdf.js's own data files (CMaps for PDFs whose Chinese fonts are not embedded). */
function pdfjsData(): { cMapUrl?: string; standardFontDataUrl?: string } {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return {
      cMapUrl: path.join(dir, 'cmaps') + path.sep,
      standardFontDataUrl: path.join(dir, 'standard_fonts') + path.sep,
    };
  } catch {
    return {};
  }
}

/**
 * pdf.js (6.5) reads ahead: when asked for one page, Catalog.getPageDict starts fetching every
 * page of the top-level page tree (`pageDictCache.put(kid, xref.fetchAsync(kid))`) and awaits
 * only the page asked for. In a damaged file the others reject with nobody listening, and Node
 * ends a process on an unhandled rejection: the browser-mode server died of a damaged PDF. The
 * same error reaches us, awaited, if that page is read; so while pdf.js works, its own unhandled
 * rejections are ignored. Others are left to whoever else listens, or rethrown as Node would.
 */
let extractions = 0;

function isPdfjsError(reason: unknown): boolean {
  const stack = reason instanceof Error ? reason.stack : undefined;
  return typeof stack === 'string' && /pdfjs-dist|pdf\.worker\.m?js/u.test(stack);
}

function onUnhandledRejection(reason: unknown): void {
  if (isPdfjsError(reason)) return;
  if (process.listenerCount('unhandledRejection') > 1) return;
  throw reason;
}

function startExtraction(): void {
  if (extractions++ === 0) process.on('unhandledRejection', onUnhandledRejection);
}

function endExtraction(): void {
  // A rejection is reported unhandled after the microtasks that could have handled it: stay
  // listening until then.
  setImmediate(() => {
    if (--extractions === 0) process.off('unhandledRejection', onUnhandledRejection);
  });
}
