import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import type { DocumentData } from '../../db/types.ts';
import { ROOT, tempDir } from '../helpers.ts';
import { applyOp, seededRandom, type CrashOp, type CrashReport } from './crash-ops.ts';

/*
 * The crash test: a clerk's committed edit is never lost and an edit is never half-applied,
 * however the program dies.
 *
 * A child process (crash-child.ts) edits one document in a loop and reports each edit before
 * it starts and after its transaction committed. We SIGKILL it at a random moment, 2–400 ms
 * after it starts editing, many times over the same file (each child reopens the file the last
 * one was killed on, so it also recovers from its predecessor's hot journal). The parent replays
 * every reported edit on a shadow document that is never killed; after each kill, the file must
 * equal the shadow exactly, or the shadow plus the one edit that was in flight, applied whole.
 * So the test fails if a reported edit is missing (lost), if any edit is partly there (torn),
 * if a row appears that no edit made, or if integrity_check finds damage.
 *
 * Every other child runs with a one-page cache (see crash-child.ts), so its edits write pages
 * into the file before they commit and a kill often leaves a torn file plus a hot journal.
 *
 * What this catches, checked by breaking the code on purpose and running it:
 * - an edit not committed when the model call returns (a transaction held open until close,
 *   or the child reporting before the commit): fails in round 0 or 1;
 * - an open that deletes a leftover "-journal" instead of letting SQLite roll it back: fails
 *   within about 15 rounds, thanks to the spilling children (without them, 60 kills passed:
 *   a commit writes its pages in microseconds, too short a window to land a kill in);
 * - journal_mode=MEMORY: fails, because no kill ever leaves a journal (asserted below);
 *   journal_mode=OFF is refused by better-sqlite3's defensive mode, so it cannot be set;
 * - a stale, never-written journal left beside the file after a recovering open: fails on the
 *   first one (readBackCopy).
 * What it cannot catch: synchronous=OFF or NORMAL (tried: it passes). SIGKILL ends the
 * process, not the kernel; every write() already made sits in the OS page cache and reaches the
 * disk anyway. Only a power cut or an OS crash loses unsynced writes, which needs a VM or a
 * fault-injecting file system. synchronous=FULL is what covers that case, by construction, and
 * self-contained.test.ts pins the setting.
 */

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const KILLS = 60;
const MIN_DELAY_MS = 2;
const MAX_DELAY_MS = 400;
/** How many children load their modules while another one runs. */
const PRELOADED = 2;

interface Round {
  out: string;
  err: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  killed: boolean;
}

interface Child {
  /** Lets the child open `file` and edit; SIGKILLs it `delayMs` after it starts editing. */
  run(delayMs: number): Promise<Round>;
  /** Ends a child that was never run. */
  discard(): Promise<unknown>;
}

/** Starts a child that loads its modules and then waits to be run. */
function startChild(file: string, seed: number, spill: boolean): Child {
  const args = ['--import', 'tsx', CHILD, file, String(seed), ...(spill ? ['spill'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let delay: number | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
    if (delay !== undefined && !killTimer && out.startsWith('{"t":"ready"}\n')) {
      killTimer = setTimeout(() => child.kill('SIGKILL'), delay);
    }
  });
  child.stderr.on('data', (chunk: string) => (err += chunk));
  const closed = new Promise<Round>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      clearTimeout(killTimer);
      resolve({ out, err, code, signal, killed: killTimer !== undefined });
    });
  });
  return {
    run(delayMs) {
      delay = delayMs;
      // A child that never starts editing must not hang the suite.
      watchdog = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.stdin.end('go\n');
      return closed;
    },
    discard() {
      child.kill('SIGKILL');
      return closed;
    },
  };
}

/** The reports the child finished writing; a line cut by the kill was never reported. */
function reports(out: string): CrashReport[] {
  const complete = out.slice(0, out.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as CrashReport);
}

interface FileState {
  data: DocumentData;
  integrity: unknown;
  foreignKeyProblems: unknown[];
}

/** Reads the document as the next user to open it would see it, then checks the store. */
function readBack(file: string): FileState {
  const doc = TargetDocument.open(file);
  const data = doc.snapshot();
  doc.close();
  const db = new Database(file, { readonly: true });
  try {
    return {
      data,
      integrity: db.pragma('integrity_check', { simple: true }),
      foreignKeyProblems: db.pragma('foreign_key_check') as unknown[],
    };
  } finally {
    db.close();
  }
}

/**
 * Reads a copy of the killed file (with its hot journal, if any), so the real file and its
 * journal stay exactly as the kill left them for the next child to recover.
 */
function readBackCopy(file: string, scratch: string): FileState {
  const copy = path.join(scratch, path.basename(file));
  copyFileSync(file, copy);
  if (existsSync(`${file}-journal`)) copyFileSync(`${file}-journal`, `${copy}-journal`);
  try {
    const state = readBack(copy);
    expect(existsSync(`${copy}-journal`), 'recovery removes the hot journal').toBe(false);
    return state;
  } finally {
    rmSync(copy, { force: true });
    rmSync(`${copy}-journal`, { force: true });
  }
}

class NotThisState extends Error {}

describe('crash safety', () => {
  it(`loses no committed edit and tears none over ${KILLS} SIGKILLs`, async () => {
    const started = Date.now();
    const dir = tempDir();
    const shadowDir = tempDir();
    const scratch = tempDir();
    const file = path.join(dir, '崩溃测试.jxmb');
    const init = { department: '崩溃测试部', year: 2025 };
    TargetDocument.create(file, init);
    const shadow = TargetDocument.createAndOpen(path.join(shadowDir, 'shadow.jxmb'), init);

    const baseSeed = Number(process.env.CRASH_SEED ?? Date.now() % 2 ** 31);
    const rand = seededRandom(baseSeed);
    const where = (round: number) => `round ${round}, CRASH_SEED=${baseSeed}`;
    let kills = 0;
    let journalsLeft = 0;
    let hotJournals = 0;
    let confirmed = 0;
    let inFlightCommitted = 0;

    // Children waiting their turn, already loaded: startup, not editing, is most of a round.
    const waiting: Child[] = [];
    let spawned = 0;
    const nextChild = () => {
      while (waiting.length < 1 + PRELOADED) {
        spawned++;
        waiting.push(startChild(file, baseSeed + spawned, spawned % 2 === 0));
      }
      return waiting.shift()!;
    };
    try {
      for (let round = 0; kills < KILLS; round++) {
        const delay = Math.round(
          MIN_DELAY_MS * Math.exp(rand() * Math.log(MAX_DELAY_MS / MIN_DELAY_MS)),
        );
        const result = await nextChild().run(delay);
        // The child only ever stops by our kill; anything else is a failure worth its stderr.
        expect(result.signal, `${where(round)}: child died by itself:\n${result.err}`).toBe(
          'SIGKILL',
        );
        expect(result.killed, `${where(round)}: child never started editing`).toBe(true);
        kills++;
        if (existsSync(`${file}-journal`)) {
          // Killed inside a transaction. With a written header (non-zero first byte) the
          // journal is hot: the file may hold part of the edit, and recovery must undo it.
          journalsLeft++;
          if (readFileSync(`${file}-journal`)[0]) hotJournals++;
        }

        // Replay on the shadow every edit the child reported committed, in order.
        let inFlight: CrashOp | undefined;
        let expectedSeq = 0;
        for (const line of reports(result.out)) {
          if (line.t === 'op') {
            expect(line.seq).toBe(expectedSeq);
            inFlight = line.op;
          } else if (line.t === 'ok') {
            expect(line.seq).toBe(expectedSeq++);
            // Same code on the same state gives the same row ids: the shadow tracks the file.
            expect(applyOp(shadow, inFlight!), where(round)).toEqual(line.ids);
            inFlight = undefined;
            confirmed++;
          }
        }

        const state = readBackCopy(file, scratch);
        expect(state.integrity, where(round)).toBe('ok');
        expect(state.foreignKeyProblems, where(round)).toEqual([]);
        if (isDeepStrictEqual(state.data, shadow.snapshot())) continue;
        // Not the state before the in-flight edit: it must be the state after it, whole.
        if (inFlight) {
          const op = inFlight;
          try {
            shadow.transaction(() => {
              applyOp(shadow, op);
              if (!isDeepStrictEqual(state.data, shadow.snapshot())) throw new NotThisState();
            });
            inFlightCommitted++;
            continue;
          } catch (e) {
            if (!(e instanceof NotThisState)) throw e;
          }
        }
        // Neither: show how the file differs from every edit reported committed.
        expect(state.data, `${where(round)}: the file lost or tore an edit`).toEqual(
          shadow.snapshot(),
        );
      }

      // The real file, recovered in place by an ordinary open, holds every committed edit.
      const final = readBack(file);
      expect(final.integrity).toBe('ok');
      expect(final.foreignKeyProblems).toEqual([]);
      expect(final.data).toEqual(shadow.snapshot());
      // After that clean close, the document is one self-contained file again.
      expect(readdirSync(dir)).toEqual([path.basename(file)]);
      // Kills did land inside transactions, so recovery was really exercised.
      expect(hotJournals).toBeGreaterThan(0);
      const indicators = final.data.units.flatMap((u) => u.projects.flatMap((p) => p.indicators));
      expect(indicators.length).toBeGreaterThan(0);
    } finally {
      await Promise.all(waiting.map((c) => c.discard()));
      shadow.close();
    }
    console.log(
      `crash test: ${kills} kills (${journalsLeft} inside a transaction, ${hotJournals} of them ` +
        `with a hot journal), ` +
        `${confirmed} edits reported committed and found, ${inFlightCommitted} unreported ` +
        `in-flight edits found whole, ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
        `CRASH_SEED=${baseSeed}`,
    );
  }, 180_000);
});
