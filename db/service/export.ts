import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExportRenderer, type ExportJob } from '../../templates/export/worker/renderer.ts';
import { writeFileAtomicAsync } from '../../templates/export/write-file.ts';
import { xlsxShapeForLayout, xlsxShapeInfo } from '../../templates/export/xlsx/shapes.ts';
import {
  exportExtension,
  isReviewListFormat,
  type ExportFormat,
} from '../shared/api/host-contract.ts';
import { layoutForExport, rememberedLayout } from '../print-layout.ts';
import { UserError } from '../shared/errors.ts';
import type { DocumentData } from '../shared/types.ts';
import type { FileFilter } from './asks.ts';
import { exportStem, safeFileName, stemOf, workbookStem } from './file-names.ts';
import type { HostPayload } from './payload.ts';
import type { HostPort } from './port.ts';
import { chooseTarget, sessionOf } from './targets.ts';

/** 导出 Word / PDF / Excel, 导出审核清单 and 打印预览, once for both hosts. */

const PDF_MIME = 'application/pdf';
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const EXPORT_FORMATS: Record<
  ExportFormat,
  { readonly title: string; readonly filter: FileFilter; readonly mime: string }
> = {
  pdf: {
    title: '导出 PDF',
    filter: { name: 'PDF 文件', extensions: ['pdf'] },
    mime: PDF_MIME,
  },
  docx: {
    title: '导出 Word',
    filter: { name: 'Word 文档', extensions: ['docx'] },
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  xlsx: {
    title: '导出 Excel',
    filter: { name: 'Excel 工作簿', extensions: ['xlsx'] },
    mime: XLSX_MIME,
  },
  'review-pdf': {
    title: '导出审核清单（PDF）',
    filter: { name: '审核清单 PDF 文件', extensions: ['pdf'] },
    mime: PDF_MIME,
  },
  'review-xlsx': {
    title: '导出审核清单（Excel）',
    filter: { name: '审核清单 Excel 工作簿', extensions: ['xlsx'] },
    mime: XLSX_MIME,
  },
};

/** What 导出审核清单 proposes: `<文件名>-审核清单`. */
export function reviewListStem(file: string): string {
  return `${stemOf(file)}-审核清单`;
}

export interface RenderOptions {
  readonly onProgress?: (fraction: number) => void;
}

export type Renderer = (job: ExportJob, options?: RenderOptions) => Promise<Uint8Array>;

/** The process's export worker: started on the first export, kept for the next (fonts loaded). */
const exportWorker = new ExportRenderer();

/**
 * Every export and preview of either host is rendered here (unless the host was given another
 * renderer: see HostService), in a worker thread, so that Electron's windows and menus and
 * browser mode's server keep answering while a large table is laid out.
 */
export const renderExport: Renderer = (job, options = {}) => exportWorker.render(job, options);

/**
 * How long after a document is opened the export worker starts warming up. Loading and parsing
 * the fonts is a second's work on the worker's thread, and on a two-core machine it would compete
 * with the window drawing the document it has just received (measured: the first open's longest
 * pause went from 87 to 292 ms with it running at once). An export asked for sooner starts the
 * worker itself.
 */
const WARM_UP_DELAY_MS = 1500;
let warmUpTimer: NodeJS.Timeout | undefined;

/**
 * Warms the export worker up once a document is open (ExportRenderer.warmUp, on the worker's
 * thread; this thread only hands it a few of `data`'s projects), so that even the clerk's
 * first export takes what later ones take. Nothing is done when the worker is warm already.
 */
export function warmUpExports(data: DocumentData): void {
  clearTimeout(warmUpTimer);
  // unref: a pending warm-up never keeps the process (the command line, a test) alive.
  warmUpTimer = setTimeout(() => void exportWorker.warmUp(data), WARM_UP_DELAY_MS).unref();
}

/** Hears how far an export of `t` is (0…1; undefined: over), beside the host's own showing. */
export type ProgressTap<T> = (t: T, fraction: number | undefined) => void;

export async function exportDocument<T>(
  port: HostPort<T>,
  render: Renderer,
  t: T,
  { format, layout: asked }: HostPayload<'exportDocument'>,
  tap?: ProgressTap<T>,
): Promise<{ name: string } | null> {
  const session = sessionOf(port, t);
  const reviewList = isReviewListFormat(format);
  // The review list prints no layout: the one asked for is not looked up (nor refused).
  const layout = reviewList
    ? rememberedLayout(session.doc.printLayout).layout
    : layoutForExport(asked, session.doc.printLayout);
  const kind = EXPORT_FORMATS[format];
  const stem = reviewList
    ? reviewListStem(session.doc.filePath)
    : format === 'xlsx'
      ? workbookStem(session.doc.filePath, xlsxShapeInfo(xlsxShapeForLayout(layout.id)))
      : exportStem(session.doc.filePath, layout);
  // The document as it is when the host is ready to render (after its dialog), not before.
  const bytes = () =>
    rendering(port, render, t, { data: session.doc.snapshot(), layoutId: layout.id, format }, tap);
  const ext = `.${exportExtension(format)}`;
  if (port.download) {
    return port.download(t, { name: `${stem}${ext}`, format, mime: kind.mime }, bytes);
  }
  const target = await chooseTarget(
    port,
    t,
    { title: kind.title, filters: [kind.filter] },
    { direct: undefined, given: undefined, stem, ext, near: session.doc.filePath, session },
  );
  if (!target) return null;
  if (!target.confirmed && existsSync(target.file)) {
    throw new UserError(`“${path.basename(target.file)}”已存在，未覆盖；请换一个文件名`);
  }
  // Written on Node's thread pool: flushing to disk must not hold up the host's thread.
  await writeFileAtomicAsync(target.file, await bytes());
  return { name: path.basename(target.file) };
}

export async function printPreview<T>(
  port: HostPort<T>,
  render: Renderer,
  t: T,
  { layout: asked }: HostPayload<'printPreview'>,
  tap?: ProgressTap<T>,
): Promise<void> {
  const session = sessionOf(port, t);
  const layout = layoutForExport(asked, session.doc.printLayout);
  const name = safeFileName(exportStem(session.doc.filePath, layout));
  await port.preview(t, name, () =>
    rendering(
      port,
      render,
      t,
      { data: session.doc.snapshot(), layoutId: layout.id, format: 'pdf' },
      tap,
    ),
  );
}

/** The host hears of progress in steps of this much at least (the worker tells every row). */
const PROGRESS_STEP = 0.01;

/** Renders, telling the host how far it is; the host hears `undefined` when it is over. */
async function rendering<T>(
  port: HostPort<T>,
  render: Renderer,
  t: T,
  job: ExportJob,
  tap?: ProgressTap<T>,
): Promise<Uint8Array> {
  const shown = port.progress?.bind(port);
  if (!shown && !tap) return render(job);
  const progress = (at: T, fraction: number | undefined) => {
    tap?.(at, fraction);
    shown?.(at, fraction);
  };
  let told = 0;
  progress(t, 0);
  const onProgress = (fraction: number) => {
    if (fraction - told < PROGRESS_STEP && fraction < 1) return;
    told = fraction;
    progress(t, fraction);
  };
  try {
    return await render(job, { onProgress });
  } finally {
    progress(t, undefined);
  }
}

/**
 * A preview's PDF in a temporary folder of its own, for a viewer to show; `dispose` removes it
 * when the preview closes.
 */
export function writePreview(bytes: Uint8Array, name: string): { file: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-preview-'));
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
