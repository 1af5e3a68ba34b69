import { enableCompileCache } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { isUserError } from '../shared/errors.ts';
import type { ParseJob, ParseReply } from './isolated.ts';
import { readText } from './forms/detect.ts';
import { importPdf } from './pdf-import.ts';
import { importWorkbook } from './workbook/import-workbook.ts';

/**
 * The worker thread in which isolated.ts runs one parse job: whatever the source does to the
 * parser (throws, hangs, takes all the memory) happens here, not in the program the clerk is
 * working in.
 */
// Every job starts a fresh thread, which compiles pdf.js (megabytes of JavaScript) again: Node's
// on-disk compile cache makes that a load. (pdf.js is imported when a PDF is read, after this.)
enableCompileCache();

async function run(job: ParseJob): Promise<ParseReply> {
  try {
    const options = { unit: job.unit, year: job.year };
    const result =
      job.kind === 'text'
        ? readText(job.text, options)
        : job.kind === 'pdf'
          ? await importPdf(job.bytes, options)
          : await importWorkbook(job.bytes, job.kind, options);
    return { ok: true, result };
  } catch (e) {
    if (isUserError(e)) return { ok: false, userError: e.message };
    const error = e instanceof Error ? e : new Error(String(e));
    return { ok: false, internal: error.stack ?? error.message };
  }
}

parentPort!.once('message', (job: ParseJob) => {
  void run(job).then((reply) => parentPort!.postMessage(reply));
});
