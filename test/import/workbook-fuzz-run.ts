import { parentPort, workerData } from 'node:worker_threads';
import { isUserError } from '../../db/shared/errors.ts';
import { importWorkbook } from '../../db/import/workbook/import-workbook.ts';
import { mutateWorkbook } from './workbook-fuzz-mutate.ts';

/**
 * Reads damaged copies of the seed workbooks in-process (importWorkbook, as the isolated worker
 * does), one after another, and says how each went: read, refused with a UserError, or crashed
 * (any other exception, or a promise rejected that nobody awaited). Runs in a worker of its own
 * (workbook-fuzz-worker.mjs), watched for hangs by workbook-fuzz.test.ts.
 */

export interface FuzzSeed {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly year?: number;
}

export interface FuzzJob {
  readonly seeds: readonly FuzzSeed[];
  readonly from: number;
  readonly to: number;
}

export interface FuzzReport {
  readonly input: number;
  readonly seed: string;
  readonly how: string;
  readonly outcome: 'read' | 'refused' | 'crash';
  readonly ms: number;
  readonly message: string;
}

const { seeds, from, to } = workerData as FuzzJob;
let current: Omit<FuzzReport, 'outcome' | 'ms' | 'message'> = { input: from, seed: '', how: '' };

// A rejection nobody awaits (a stream of the workbook library failing late) is a crash too.
process.on('unhandledRejection', (reason) => {
  parentPort!.postMessage({
    ...current,
    outcome: 'crash',
    ms: 0,
    message: `unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`,
  } satisfies FuzzReport);
});

for (let input = from; input < to; input++) {
  const seed = seeds[input % seeds.length]!;
  const mutant = mutateWorkbook(seed.bytes, input);
  current = { input, seed: seed.name, how: mutant.how };
  const started = performance.now();
  let outcome: FuzzReport['outcome'];
  let message: string;
  try {
    const result = await importWorkbook(mutant.bytes, 'xlsx', seed.year ? { year: seed.year } : {});
    outcome = 'read';
    message = `${result.draft.units.length} units`;
  } catch (e) {
    outcome = isUserError(e) ? 'refused' : 'crash';
    message =
      e instanceof Error ? (outcome === 'crash' ? (e.stack ?? e.message) : e.message) : String(e);
  }
  parentPort!.postMessage({
    ...current,
    outcome,
    ms: performance.now() - started,
    message,
  } satisfies FuzzReport);
}
