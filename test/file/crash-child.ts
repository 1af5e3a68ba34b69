import { writeSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { EditorSession } from '../../db/api/session.ts';
import type { OpenMode } from '../../db/shared/api/host-contract.ts';
import { applyCallWithState, nextCall, seededRandom, type CrashReport } from './crash-ops.ts';

/**
 * The process the crash test kills. Usage:
 *   node --import tsx crash-child.ts FILE SEED CLIENT MODE [spill]
 * then any line on stdin to start.
 *
 * Opens FILE as a window or page does (EditorSession.open with MODE: 'edit' for the first child,
 * 'takeOver' for the ones after a killed predecessor, whose lock file is stale) — recovering it
 * if the predecessor was killed mid-transaction — and edits it through session.call, as the
 * page does, until it is killed. For each call it writes one line before the call ({t:'op'}) and
 * one line after the call returned ({t:'ok'}): that is when the page would show the edit as
 * saved. So an edit with an 'ok' line must be in the file; the one with only an 'op' line may or
 * may not be, but never half.
 *
 * Lines are written with writeSync straight to fd 1: process.stdout may buffer a pipe
 * asynchronously, and a line still in a buffer when SIGKILL lands would be lost, which only
 * weakens the test; a synchronous write is out of this process before the next edit starts.
 */

const [file, seedText, client, mode, spill] = process.argv.slice(2);
if (!file || !seedText || !client || (mode !== 'edit' && mode !== 'takeOver')) {
  process.stderr.write('usage: crash-child.ts FILE SEED CLIENT edit|takeOver [spill]\n');
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
const session = EditorSession.open(file, { mode: mode as OpenMode });
if (spill === 'spill') {
  // A one-page cache makes every edit that touches a few pages write them into the file before
  // it commits, as a very large edit would. A kill then leaves a torn file that only the hot
  // journal can repair, for most of each edit's duration rather than for the microseconds a
  // commit spends writing pages; so a broken journal is caught, not just possible to catch.
  // The connection is private to the model; reaching it is a test-only liberty.
  (session.doc as unknown as { db: Database.Database }).db.pragma('cache_size = 1');
}
report({ t: 'ready', pid: process.pid });
// The page sends the version it last saw with every edit, as the real one does.
let state = session.state(client);
for (let seq = 0; ; seq++) {
  const call = nextCall(state.data, state.history, rand, `${seed}.${seq}`);
  report({ t: 'op', seq, call });
  const done = applyCallWithState(session, call, client, state);
  report({ t: 'ok', seq, outcome: done.outcome });
  // An edit's reply carries the new state; a refusal or a query leaves the page's as it was.
  if (done.state) state = done.state;
}
