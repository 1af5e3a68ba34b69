// The parse worker (parse-worker.ts) when the program runs from its TypeScript sources: the
// command line, the browser-mode server, the tests. For a PDF, pdf.js is loaded first, before
// tsx is registered: through tsx its megabytes of JavaScript take seconds to load (4 s against
// 0.5 s, measured), and the copy loaded here is the one the worker then imports. The built
// program (electron/build.ts) starts the bundled worker instead.
import { workerData } from 'node:worker_threads';

if (workerData?.pdf === true) {
  await import('pdfjs-dist/legacy/build/pdf.mjs');
  await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
}
const { register } = await import('tsx/esm/api');
register();
await import('./parse-worker.ts');
