import { parentPort } from 'node:worker_threads';
import { isUserError } from '../../../db/shared/errors.ts';
import { layoutById } from '../../layout/index.ts';
import { buildPrintModel } from '../build.ts';
import { renderDocx } from '../docx.ts';
import { renderPdf } from '../pdf.ts';
import { facesLoadedSoFar } from '../pdf-fonts.ts';
import { renderReviewPdf } from '../review-list/pdf.ts';
import { renderReviewXlsx } from '../review-list/xlsx.ts';
import { renderXlsx, xlsxShapeForLayout } from '../xlsx/index.ts';
import type { ExportProgress, ExportStats, RenderRequest, WorkerMessage } from './protocol.ts';

/**
 * The export worker: a thread that lays out and renders exports one after another for
 * ExportRenderer (renderer.ts). It stays up between exports, so the modules, the font files
 * and what pdfkit has parsed of them are loaded once. Everything here is synchronous work that
 * would otherwise freeze the thread the clerk's windows (Electron) or pages (browser mode)
 * depend on.
 */

const port = parentPort;
if (!port) throw new Error('export-worker.ts runs only as a worker thread (see renderer.ts)');

/** At most this many progress messages per export: enough for a smooth bar, few to send. */
const PROGRESS_STEPS = 100;

function progressOf(id: number): (done: number, total: number) => void {
  let sent = -1;
  return (done, total) => {
    const step = Math.floor((done / Math.max(1, total)) * PROGRESS_STEPS);
    if (step === sent) return;
    sent = step;
    post({ id, kind: 'progress', progress: { stage: 'layout', done, total } });
  };
}

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

async function render(job: RenderRequest): Promise<Uint8Array> {
  if (job.format === 'review-pdf') {
    return (await renderReviewPdf(job.data, { onProgress: progressOf(job.id) })).bytes;
  }
  if (job.format === 'review-xlsx') {
    post({ id: job.id, kind: 'progress', progress: { stage: 'package', done: 0, total: 0 } });
    return await renderReviewXlsx(job.data);
  }
  const layout = layoutById(job.layoutId);
  if (job.format === 'xlsx') {
    post({ id: job.id, kind: 'progress', progress: { stage: 'package', done: 0, total: 0 } });
    return await renderXlsx(job.data, xlsxShapeForLayout(layout.id));
  }
  const model = buildPrintModel(job.data, layout);
  if (job.format === 'pdf') {
    const pdf = await renderPdf(model, { onProgress: progressOf(job.id) });
    return pdf.bytes;
  }
  const packaging: ExportProgress = { stage: 'package', done: 0, total: 0 };
  post({ id: job.id, kind: 'progress', progress: packaging });
  return await renderDocx(model);
}

/** The bytes in an ArrayBuffer of their own, whole, so they can be handed over, not copied. */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  if (
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength
  ) {
    return bytes as Uint8Array<ArrayBuffer>;
  }
  return new Uint8Array(bytes);
}

/** The thread's CPU time in ms, where this Node can tell it. */
function threadCpuMs(): number | undefined {
  const usage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.();
  return usage ? (usage.user + usage.system) / 1000 : undefined;
}

async function run(job: RenderRequest): Promise<void> {
  const t0 = performance.now();
  const cpu0 = threadCpuMs();
  const faces0 = facesLoadedSoFar();
  try {
    const bytes = ownBuffer(await render(job));
    const cpu1 = threadCpuMs();
    const stats: ExportStats = {
      renderMs: performance.now() - t0,
      cpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0,
      facesLoaded: facesLoadedSoFar() - faces0,
    };
    post({ id: job.id, kind: 'done', bytes, stats }, [bytes.buffer]);
  } catch (e) {
    if (isUserError(e)) {
      post({ id: job.id, kind: 'userError', message: e.message });
    } else {
      const error = e instanceof Error ? e : new Error(String(e));
      post({ id: job.id, kind: 'internal', message: error.stack ?? error.message });
    }
  }
}

// One export at a time: two at once would only share the same core and both finish late.
let queue = Promise.resolve();
port.on('message', (job: RenderRequest) => {
  queue = queue.then(() => run(job));
});
