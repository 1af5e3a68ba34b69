import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../helpers.ts';
import { seededRandom } from './crash-ops.ts';

/**
 * Runs kill-task-child.ts and SIGKILLs it at a chosen moment: the kill tests of export, import,
 * load, rollover and upgrade share it. Children load their modules ahead of their turn (most of
 * a child's life is loading TypeScript), so a run of many kills spends its time in the tasks.
 */

const CHILD = fileURLToPath(new URL('./kill-task-child.ts', import.meta.url));

/** When to kill: `afterMs` after the task started, or `afterMs` after a file whose name matches
 * `appears` shows up in `dir` (the moment the program starts writing), or never. */
export type KillAt =
  | { readonly afterMs: number }
  | { readonly dir: string; readonly appears: (name: string) => boolean; readonly afterMs: number }
  | 'never';

export interface TaskRun {
  /** True when our SIGKILL ended the child (not when it finished before). */
  readonly killed: boolean;
  /** The task's exit status when it finished; undefined when killed first. */
  readonly code: number | undefined;
  /** From the child's start report to its done report (finished runs only). */
  readonly ms: number | undefined;
  readonly out: string;
  readonly err: string;
}

interface Loaded {
  run(at: KillAt): Promise<TaskRun>;
  discard(): Promise<unknown>;
}

function startChild(args: readonly string[], slow: boolean): Loaded {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, ...(slow ? ['--slow'] : []), ...args],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  let at: KillAt | undefined;
  let started: number | undefined;
  let ms: number | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  let killed = false;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) {
      killed = child.kill('SIGKILL');
    }
  };
  const armAfter = (delayMs: number) => {
    if (killTimer === undefined) killTimer = setTimeout(kill, delayMs);
  };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
    if (started === undefined && out.includes('{"t":"start"}\n')) {
      started = performance.now();
      if (at !== undefined && at !== 'never' && !('dir' in at)) armAfter(at.afterMs);
    }
    if (ms === undefined && started !== undefined && out.includes('{"t":"done"')) {
      ms = performance.now() - started;
    }
  });
  child.stderr.on('data', (chunk: string) => (err += chunk));
  const closed = new Promise<TaskRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      clearTimeout(watchdog);
      watcher?.close();
      resolve({
        killed: killed && signal === 'SIGKILL',
        code: signal === null ? (code ?? undefined) : undefined,
        ms,
        out,
        err,
      });
    });
  });
  let watchdog: NodeJS.Timeout | undefined;
  return {
    run(when) {
      at = when;
      if (when !== 'never' && 'dir' in when) {
        // Watch before saying go, so the first file the task creates is seen.
        watcher = watch(when.dir, (_event, name) => {
          if (name && when.appears(name)) armAfter(when.afterMs);
        });
      }
      // A task that hangs must not hang the suite.
      watchdog = setTimeout(kill, 60_000);
      child.stdin.end('go\n');
      return closed;
    },
    discard() {
      kill();
      return closed;
    },
  };
}

/**
 * A queue of loaded children for one kind of task. `args(i)` gives the i-th child's arguments
 * (known before it is its turn); every other child writes slowly (see kill-task-child.ts).
 */
export class TaskChildren {
  private readonly waiting: { slow: boolean; child: Loaded }[] = [];
  private spawned = 0;

  constructor(
    private readonly args: (i: number) => readonly string[],
    private readonly preloaded = 2,
  ) {}

  /** Runs the next child; `slow` tells whether it was one that writes slowly. */
  async next(at: KillAt): Promise<TaskRun & { slow: boolean }> {
    while (this.waiting.length < 1 + this.preloaded) {
      const i = this.spawned++;
      const slow = i % 2 === 1;
      this.waiting.push({ slow, child: startChild(this.args(i), slow) });
    }
    const { slow, child } = this.waiting.shift()!;
    return { ...(await child.run(at)), slow };
  }

  /** Ends the children that were loaded but not run. */
  async close(): Promise<void> {
    await Promise.all(this.waiting.splice(0).map((w) => w.child.discard()));
  }
}

/** The seed of a kill run: KILL_SEED replays one. */
export function killSeed(): { seed: number; rand: () => number } {
  const seed = Number(process.env.KILL_SEED ?? Date.now() % 2 ** 31);
  return { seed, rand: seededRandom(seed) };
}

/** A count from the environment, or its default. */
export function countFromEnv(name: string, fallback: number): number {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}

/**
 * A moment to kill at, over a task that takes about `ms`: half the time anywhere in it, half
 * within `writeMs` after the program starts writing a file whose name `writing` recognises in
 * `dir`. The `first` kill of a run comes the moment that file appears (its child is one that
 * writes slowly), so every run, however short, kills at least once in the middle of a write.
 */
export function pickKill(
  rand: () => number,
  ms: number,
  dir: string,
  writing: (name: string) => boolean,
  writeMs: number,
  first = false,
): KillAt {
  if (first) return { dir, appears: writing, afterMs: 0 };
  if (rand() < 0.5) return { afterMs: Math.round(rand() * ms * 1.1) };
  return { dir, appears: writing, afterMs: Math.round(rand() * writeMs) };
}

/** Names of temporary files a writer leaves beside its target when killed before the rename. */
export function isTempName(name: string): boolean {
  // Today `.target.pid.ms.tmp` (and its -journal) and `.target.pid-random.tmp`; after the change
  // to name them by computer and process, `.target.host.pid.ms-n.jxmb-tmp`; lock files being
  // replaced: `~$name.jxmb.lock.pid.ms.tmp`.
  return (
    (name.startsWith('.') && /\.(tmp|jxmb-tmp)(-journal|-wal|-shm)?$/.test(name)) ||
    (name.startsWith('~$') && name.endsWith('.tmp'))
  );
}

/** The temporary files in `dir`. */
export function tempFiles(dir: string): string[] {
  return readdirSync(dir).filter(isTempName).sort();
}

const HAS_PDFINFO = spawnSync('sh', ['-c', 'command -v pdfinfo'], { stdio: 'ignore' }).status === 0;
if (!HAS_PDFINFO)
  console.warn(
    '[skip] pdfinfo (poppler-utils) is not installed: PDFs are only checked by their header and trailer',
  );

/** Why `file` is not a complete PDF, or undefined when it is one. */
export function pdfProblem(file: string): string | undefined {
  const bytes = readFileSync(file);
  if (!bytes.subarray(0, 5).equals(Buffer.from('%PDF-'))) return 'does not start with %PDF-';
  if (!/%%EOF\s*$/.test(bytes.subarray(-32).toString('latin1'))) return 'does not end with %%EOF';
  if (HAS_PDFINFO) {
    const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
    if (r.status !== 0 || /error/i.test(r.stderr)) return `pdfinfo: ${r.stderr.trim()}`;
  }
  return undefined;
}

/** Why `file` is not a complete DOCX, or undefined when it is one. */
export function docxProblem(file: string): string | undefined {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(readFileSync(file));
  } catch (e) {
    return `not a zip: ${(e as Error).message}`;
  }
  for (const name of ['[Content_Types].xml', 'word/document.xml']) {
    if (!entries[name]) return `no ${name}`;
  }
  if (!strFromU8(entries['word/document.xml']!).includes('</w:document>')) {
    return 'word/document.xml is cut short';
  }
  return undefined;
}
