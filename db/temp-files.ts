import { readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Every temporary file the program writes (a document being created, a 另存为 copy, an export,
 * a backup before an upgrade, a lock file being replaced) is written beside its target under a
 * name that says whose it is, then renamed into place:
 *
 *   .{target}.{computer}.{pid}.{ms}-{n}.jxmb-tmp
 *
 * A process killed before the rename leaves such a file (and, for a document, its `-journal`)
 * behind. The next run that creates, opens for editing or writes a document in that folder
 * removes the orphans: on this computer those whose process is gone; from another computer
 * (a shared network folder), those older than a day, because we cannot ask that computer.
 */

export const TEMP_SUFFIX = '.jxmb-tmp';

/** A temporary file from another computer counts as orphaned after this long. */
export const FOREIGN_TEMP_AGE_MS = 24 * 60 * 60 * 1000;

let counter = 0;

/** The computer name, written so that it never contains the `.` that separates the fields. */
function hostField(host: string): string {
  return encodeURIComponent(host).replaceAll('.', '%2E');
}

/** A fresh temporary name beside `target`, for this process. */
export function tempPathFor(target: string): string {
  const dir = path.dirname(path.resolve(target));
  const name = `.${path.basename(target)}.${hostField(os.hostname())}.${process.pid}.${Date.now()}-${counter++}${TEMP_SUFFIX}`;
  return path.join(dir, name);
}

/** Files SQLite keeps beside a database while it writes it. */
const SQLITE_SIDE_FILES = ['-journal', '-wal', '-shm'];

const TEMP_NAME = /^\..+\.([^.]+)\.(\d+)\.(\d+)-\d+\.jxmb-tmp(?:-journal|-wal|-shm)?$/u;

/** Who wrote a temporary file, read from its name; undefined when it is not one of ours. */
export function tempOwner(name: string): { host: string; pid: number; ms: number } | undefined {
  const m = TEMP_NAME.exec(name);
  if (!m) return undefined;
  let host: string;
  try {
    host = decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
  return { host, pid: Number(m[2]), ms: Number(m[3]) };
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Names earlier versions of the program gave their temporary files, which say neither the
 * computer nor, for exports, the time: `.表.jxmb.{pid}.{ms}.tmp`, `.表.pdf.{pid}-{random}.tmp`,
 * `~$表.jxmb.lock.{pid}.{ms}.tmp`. They are removed once older than a day, when no write can
 * still be under way.
 */
const LEGACY_TEMP_NAME =
  /^(?:\..+\.(?:jxmb|json|pdf|docx)\.\d+[.-][0-9a-z]+\.tmp(?:-journal)?|~\$.+\.lock\.\d+\.\d+\.tmp)$/u;

function olderThanADay(file: string, now: number): boolean {
  try {
    return now - statSync(file).mtimeMs > FOREIGN_TEMP_AGE_MS;
  } catch {
    return false;
  }
}

/** True when the temporary file `name` was left by a process that can no longer finish it. */
function orphaned(name: string, file: string, now: number): boolean {
  const owner = tempOwner(name);
  if (!owner) return LEGACY_TEMP_NAME.test(name) && olderThanADay(file, now);
  if (owner.host === os.hostname()) return !processAlive(owner.pid);
  return olderThanADay(file, now);
}

/**
 * Removes the orphaned temporary files in `dir`; returns their names. Never fails: a folder that
 * cannot be read or a file that cannot be removed is left for a later run.
 */
export function removeOrphanTemps(dir: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    if (!orphaned(name, file, now)) continue;
    try {
      rmSync(file, { force: true });
      removed.push(name);
    } catch {
      // Another run may be removing it too, or the folder is read-only: try next time.
    }
  }
  return removed;
}

/** Removes a temporary file and whatever SQLite left beside it; never fails. */
export function removeTemp(temp: string): void {
  for (const suffix of ['', ...SQLITE_SIDE_FILES]) {
    try {
      rmSync(`${temp}${suffix}`, { force: true });
    } catch {
      // Left for removeOrphanTemps.
    }
  }
}
