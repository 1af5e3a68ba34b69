import { parentPort } from 'node:worker_threads';
import { isUserError } from '../../db/shared/errors.ts';
import { buildPrintModel, renderDocx, renderPdf } from '../../templates/export/index.ts';
import { layoutById } from '../../templates/layout/index.ts';
import type { RenderJob, RenderReply } from './render-isolated.ts';

/**
 * The worker thread in which render-isolated.ts lays out and renders exports, one at a time.
 * It stays up between exports: the fonts it has loaded make the next export several times
 * faster.
 */
async function run(job: RenderJob): Promise<RenderReply> {
  try {
    const model = buildPrintModel(job.data, layoutById(job.layoutId));
    const bytes = job.format === 'pdf' ? (await renderPdf(model)).bytes : await renderDocx(model);
    return { id: job.id, ok: true, bytes };
  } catch (e) {
    if (isUserError(e)) return { id: job.id, ok: false, userError: e.message };
    const error = e instanceof Error ? e : new Error(String(e));
    return { id: job.id, ok: false, internal: error.stack ?? error.message };
  }
}

let queue = Promise.resolve();
parentPort!.on('message', (job: RenderJob) => {
  queue = queue
    .then(() => run(job))
    .then((reply) => {
      parentPort!.postMessage(reply, reply.ok ? [reply.bytes.buffer as ArrayBuffer] : []);
    });
});
