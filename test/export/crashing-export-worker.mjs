// The real export worker (from the sources, as the tests run it), which in addition ends its
// thread abruptly, as an out-of-memory or native crash would, when asked for the layout
// `crash`. For test/export/worker.test.ts: what the clerk is told, and that the next export
// starts a worker again.
import { parentPort } from 'node:worker_threads';

await import('../../templates/export/worker/export-worker-tsx.mjs');
// After the real listener, which only queues the job: this one ends the thread first.
parentPort.on('message', (job) => {
  if (job.layoutId === 'crash') process.exit(3);
});
