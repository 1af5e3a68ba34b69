import { writeSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { TargetDocument } from '../../db/document.ts';
import { applyOp, nextOp, seededRandom, type CrashReport } from './crash-ops.ts';

/**
 * The process the crash test kills. Usage: node --import tsx crash-child.ts FILE SEED [spill],
 * then any line on stdin to start.
 *
 * Opens FILE (recovering it if the previous child was killed mid-transaction) and edits it
 * until it is killed. For each edit it writes one line before the edit starts ({t:'op'}) and
 * one line after the edit's transaction has committed ({t:'ok'}). So an edit with an 'ok' line
 * must be in the file; the one edit with only an 'op' line may or may not be, but never half.
 *
 * Lines are written with writeSync straight to fd 1: process.stdout may buffer a pipe
 * asynchronously, and a line still in a buffer when SIGKILL lands would be lost, which only
 * weakens the test; a synchronous write is out of this process before the next edit starts.
 */

const [file, seedText, mode] = process.argv.slice(2);
if (!file || !seedText) {
  process.stderr.write('usage: crash-child.ts FILE SEED [spill]\n');
  process.exit(2);
}

function report(line: CrashReport): void {
  const bytes = Buffer.from(JSON.stringify(line) + '\n', 'utf8');
  let written = 0;
  while (written < bytes.length) {
    try {
      written += writeSync(1, bytes, written);
    } catch (e) {
      // A non-blocking pipe that is momentarily full: wait for the parent to read.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}

// Loading the modules through tsx takes most of a second; the parent starts the next child
// while the current one runs and says "go" only once the file is free and checked.
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();

const seed = Number(seedText);
const rand = seededRandom(seed);
const doc = TargetDocument.open(file);
if (mode === 'spill') {
  // A one-page cache makes every edit that touches a few pages write them into the file before
  // it commits, as a very large edit would. A kill then leaves a torn file that only the hot
  // journal can repair, for most of each edit's duration rather than for the microseconds a
  // commit spends writing pages; so a broken journal is caught, not just possible to catch.
  // The connection is private to the model; reaching it is a test-only liberty.
  (doc as unknown as { db: Database.Database }).db.pragma('cache_size = 1');
}
report({ t: 'ready' });
for (let seq = 0; ; seq++) {
  const op = nextOp(doc.snapshot(), rand, `${seed}.${seq}`);
  report({ t: 'op', seq, op });
  const ids = applyOp(doc, op);
  report({ t: 'ok', seq, ids });
}
