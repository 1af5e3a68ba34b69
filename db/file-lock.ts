import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError, type LockHolder } from './shared/errors.ts';
import { tempPathFor } from './temp-files.ts';

/**
 * One writer per document, also across computers on a network share.
 *
 * SQLite's own locks only last while a transaction is being written, and over SMB/NFS they are
 * not reliable at all, so two programs could both edit one file and undo each other's work.
 * Like Word's `~$name.docx`, a program that opens a document for editing creates a small lock
 * file beside it — atomically (O_EXCL), so exactly one of two racing openers wins — saying who,
 * on which computer, since when. A second opener reads it and is told; it may open 只读, or, when
 * the holder is gone, take the lock over after the clerk confirms.
 *
 * A holder is gone when (same computer) its process no longer exists, or when it has not
 * refreshed the file for LOCK_STALE_AFTER_MS: a running holder rewrites its `refreshed` time every
 * LOCK_REFRESH_MS. Before each edit the holder checks the file still names it, so a holder whose
 * lock was taken over stops saving instead of writing over the new holder's work.
 */

/** How often a holder confirms it still has the document open. */
export const LOCK_REFRESH_MS = 60_000;
/** A lock from another computer not refreshed for this long is presumed left by a crash. */
export const LOCK_STALE_AFTER_MS = 10 * 60_000;
/** A lock file that cannot be read (being written, or cut by a crash) counts as fresh this long. */
const UNREADABLE_GRACE_MS = 10_000;

const LOCK_PREFIX = '~$';
const LOCK_SUFFIX = '.lock';

/** `D:\表\番禺2024.jxmb` → `D:\表\~$番禺2024.jxmb.lock` */
export function lockPathFor(file: string): string {
  return path.join(path.dirname(file), `${LOCK_PREFIX}${path.basename(file)}${LOCK_SUFFIX}`);
}

interface LockRecord {
  readonly app: 'jxmb';
  readonly id: string;
  readonly user: string;
  readonly host: string;
  readonly pid: number;
  readonly since: string;
  readonly refreshed: string;
}

function currentUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return process.env.USERNAME ?? process.env.USER ?? 'unknown';
  }
}

function readRecord(lockPath: string): LockRecord | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  try {
    const r = JSON.parse(text) as Partial<LockRecord>;
    if (
      r.app === 'jxmb' &&
      typeof r.id === 'string' &&
      typeof r.user === 'string' &&
      typeof r.host === 'string' &&
      typeof r.pid === 'number' &&
      typeof r.since === 'string' &&
      typeof r.refreshed === 'string'
    ) {
      return r as LockRecord;
    }
  } catch {
    // fall through
  }
  return 'unreadable';
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(r: LockRecord, now: number): boolean {
  const refreshed = Date.parse(r.refreshed);
  const silent = !Number.isFinite(refreshed) || now - refreshed > LOCK_STALE_AFTER_MS;
  if (r.host === os.hostname()) return silent || !processAlive(r.pid);
  return silent;
}

function holderOf(lockPath: string, now = Date.now()): LockHolder | undefined {
  const r = readRecord(lockPath);
  if (r === 'missing') return undefined;
  if (r === 'unreadable') {
    let age: number;
    try {
      age = now - statSync(lockPath).mtimeMs;
    } catch {
      return undefined;
    }
    return {
      user: '未知用户',
      host: '未知电脑',
      pid: 0,
      since: '',
      refreshed: '',
      stale: age > UNREADABLE_GRACE_MS,
    };
  }
  return {
    user: r.user,
    host: r.host,
    pid: r.pid,
    since: r.since,
    refreshed: r.refreshed,
    stale: isStale(r, now),
  };
}

/** Who holds `file` now, or undefined when nobody has it open for editing. */
export function lockHolder(file: string): LockHolder | undefined {
  return holderOf(lockPathFor(file));
}

/** `2026-12-02 15:30` in local time: when a holder opened the file. */
function localTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '未知时间';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())} ${p(t.getHours())}:${p(t.getMinutes())}`;
}

/** “表.jxmb”已由 张三（电脑 PC-01）自 2026-12-02 15:30 起打开 */
export function describeHolder(file: string, h: LockHolder): string {
  const who = h.pid === 0 ? '另一个程序' : `${h.user}（电脑 ${h.host}）`;
  const since = h.since ? `自 ${localTime(h.since)} 起` : '';
  return `“${path.basename(file)}”已由 ${who}${since}打开`;
}

function lockedError(file: string, h: LockHolder): UserError {
  const what = describeHolder(file, h);
  const advice = h.stale
    ? '对方似乎已非正常退出（程序已不存在或长时间未响应）；确认无人在编辑后可以“接管”，也可以只读打开或另存副本'
    : '可以只读打开（不能修改，可导出和另存为），或另存一份副本后在副本上编辑';
  return new UserError(`${what}。${advice}`, { code: 'locked', lock: h });
}

function writeWhole(target: string, text: string, flags: string): void {
  const fd = openSync(target, flags, 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates `target` with `text` only if it does not exist, never leaving it half-written: the text
 * goes to a temporary file, which is then linked under the target's name (refused, EEXIST, when
 * it exists). A program killed while writing its lock leaves at most a temporary file, not an
 * empty lock that would bar the document for UNREADABLE_GRACE_MS. On a file system without hard
 * links (FAT, some network shares) the lock is written in place, as before.
 */
function createWhole(target: string, text: string): void {
  const temp = tempPathFor(target);
  writeWhole(temp, text, 'w');
  try {
    linkSync(temp, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw e;
    writeWhole(target, text, 'wx');
  } finally {
    rmSync(temp, { force: true });
  }
}

const held = new Set<DocumentLock>();
let exitHook = false;

/** The lock this program holds on one document, while it has the document open for editing. */
export class DocumentLock {
  private lost = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  private constructor(
    readonly file: string,
    readonly lockPath: string,
    private record: LockRecord,
  ) {}

  /**
   * Takes the lock on `file`, or throws a UserError (code 'locked', with the holder) when another
   * program has it. `takeOver`: replace a stale holder's lock (never a live one).
   */
  static acquire(file: string, options: { takeOver?: boolean } = {}): DocumentLock {
    const lockPath = lockPathFor(file);
    const now = new Date().toISOString();
    const record: LockRecord = {
      app: 'jxmb',
      id: randomBytes(12).toString('hex'),
      user: currentUser(),
      host: os.hostname(),
      pid: process.pid,
      since: now,
      refreshed: now,
    };
    const text = JSON.stringify(record);
    try {
      createWhole(lockPath, text);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw cannotLock(file, e);
      const holder = holderOf(lockPath);
      if (holder === undefined) return DocumentLock.acquire(file, options); // just released
      if (!holder.stale || !options.takeOver) throw lockedError(file, holder);
      // Take over: write our record beside it and rename over, so no reader ever sees half a
      // file. Two clerks taking over at once: the later rename wins and the other finds out
      // at its first edit (verify).
      const temp = tempPathFor(lockPath);
      try {
        writeWhole(temp, text, 'w');
        renameSync(temp, lockPath);
      } catch (e2) {
        rmSync(temp, { force: true });
        throw cannotLock(file, e2);
      }
    }
    const lock = new DocumentLock(file, lockPath, record);
    lock.start();
    return lock;
  }

  private start(): void {
    held.add(this);
    if (!exitHook) {
      exitHook = true;
      // A normal exit (Ctrl+C handled, window closed) removes our locks; only a crash leaves one,
      // and that one is recognised as stale.
      process.once('exit', () => {
        for (const l of held) l.release();
      });
    }
    this.timer = setInterval(() => this.refresh(), LOCK_REFRESH_MS);
    this.timer.unref();
  }

  /** True while the lock file still names this program. */
  get isHeld(): boolean {
    if (this.lost) return false;
    const r = readRecord(this.lockPath);
    // An unreadable file is most likely being rewritten by our own refresh: not lost.
    if (r === 'unreadable') return true;
    if (r === 'missing' || r.id !== this.record.id) this.lost = true;
    return !this.lost;
  }

  /**
   * Before an edit: throws (code 'lockLost') when another program has taken the document over,
   * so this one never writes over its work.
   */
  verify(): void {
    if (this.isHeld) return;
    const holder = holderOf(this.lockPath);
    const who = holder ? `${describeHolder(this.file, holder)}（已接管）` : '本文档的锁定已被移除';
    throw new UserError(`${who}，本窗口不能再保存修改；您的修改未保存，请用“另存为”保存一份副本`, {
      code: 'lockLost',
      ...(holder ? { lock: holder } : {}),
    });
  }

  /** Confirms we are still here (the timer calls it; tests may too). */
  refresh(): void {
    if (!this.isHeld) return this.stop();
    this.record = { ...this.record, refreshed: new Date().toISOString() };
    const temp = tempPathFor(this.lockPath);
    try {
      writeWhole(temp, JSON.stringify(this.record), 'w');
      renameSync(temp, this.lockPath);
    } catch {
      // A share that went away: try again next time; the lock is only presumed stale after
      // LOCK_STALE_AFTER_MS without a refresh.
      rmSync(temp, { force: true });
    }
  }

  private stop(): void {
    clearInterval(this.timer);
    held.delete(this);
  }

  /** Removes the lock file if it is still ours. */
  release(): void {
    this.stop();
    if (this.lost) return;
    const r = readRecord(this.lockPath);
    if (r !== 'missing' && r !== 'unreadable' && r.id === this.record.id) {
      rmSync(this.lockPath, { force: true });
    }
    this.lost = true;
  }
}

function cannotLock(file: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? '所在文件夹不可写入'
      : code === 'ENOSPC'
        ? '磁盘已满'
        : `无法创建锁定文件（${code ?? '未知原因'}）`;
  return new UserError(
    `不能以编辑方式打开“${path.basename(file)}”：${why}；可以只读打开，或另存到其他文件夹`,
    { cause: e },
  );
}
