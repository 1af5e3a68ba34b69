import {
  closeSync,
  fsyncSync,
  copyFileSync,
  existsSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from './errors.ts';
import { migrate, SCHEMA_VERSION } from './migrations.ts';

/**
 * The document file: one SQLite database per table (one department, one budget year).
 * This module owns everything about the file as a file: recognising it, refusing what is not
 * ours, upgrading older versions safely, and the connection settings that make every edit
 * durable and leave a single self-contained file when idle.
 */

export const FILE_EXTENSION = '.jxmb';
/** 'JXMB' (绩效目标) in ASCII: written in the SQLite header so other tools see whose file it is. */
export const APPLICATION_ID = 0x4a584d42;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

interface HeaderFacts {
  applicationId: number;
  userVersion: number;
}

/** Reads the 100-byte SQLite header without opening the database, so nothing is written. */
function readHeader(file: string): HeaderFacts | 'not-sqlite' {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(100);
    const n = readSync(fd, header, 0, 100, 0);
    if (n < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) return 'not-sqlite';
    return { userVersion: header.readUInt32BE(60), applicationId: header.readUInt32BE(68) };
  } finally {
    closeSync(fd);
  }
}

function describe(file: string): string {
  return `“${path.basename(file)}”`;
}

/**
 * Applies the settings every connection to a document needs.
 * - journal_mode=DELETE: the rollback journal exists only while a transaction is being written,
 *   so an idle document is one file that can be copied or emailed (WAL would keep a -wal file).
 * - synchronous=FULL: a committed edit survives a crash of the process or of the machine.
 * - foreign_keys=ON: the store itself rejects an indicator outside the document's tree.
 */
function configure(db: Database.Database): void {
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

export interface OpenOptions {
  readonly readonly?: boolean;
}

export interface OpenedFile {
  readonly db: Database.Database;
  /** Set when an older file was upgraded: where its untouched copy was written. */
  readonly backupPath?: string;
}

/**
 * Opens an existing document. Refuses, leaving the file byte-for-byte untouched, a file that is
 * not SQLite, a SQLite file of another program, and a file from a newer version of this program.
 * An older file is copied beside itself before it is upgraded.
 */
export function openDocumentFile(file: string, options: OpenOptions = {}): OpenedFile {
  if (!existsSync(file)) throw new UserError(`找不到文件 ${describe(file)}`);
  if (!statSync(file).isFile()) throw new UserError(`${describe(file)} 不是文件`);
  const header = readHeader(file);
  if (header === 'not-sqlite') {
    throw new UserError(
      `${describe(file)} 不是绩效目标表文件（无法识别的文件格式），文件未作任何改动`,
    );
  }
  if (header.applicationId !== APPLICATION_ID) {
    throw new UserError(
      `${describe(file)} 是其他程序的数据库文件，不是绩效目标表文件，文件未作任何改动`,
    );
  }
  if (header.userVersion > SCHEMA_VERSION) {
    throw new UserError(
      `${describe(file)} 由更新版本的绩效目标表编制器保存（文件版本 ${header.userVersion}，本程序支持到 ${SCHEMA_VERSION}），请升级本程序后再打开，文件未作任何改动`,
    );
  }

  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: true });
  try {
    if (options.readonly) {
      checkIntact(db, file);
      if (Number(db.pragma('user_version', { simple: true })) !== SCHEMA_VERSION) {
        // Upgrading needs a write; read-only callers get an upgraded copy in memory instead.
        const copy = new Database(db.serialize());
        db.close();
        migrate(copy, Number(copy.pragma('user_version', { simple: true })));
        copy.pragma('foreign_keys = ON');
        // The copy is a writable in-memory database: without this, edits made through a
        // read-only document would succeed and then vanish on close.
        copy.pragma('query_only = ON');
        return { db: copy };
      }
      db.pragma('foreign_keys = ON');
      return { db };
    }
    configure(db);
    checkIntact(db, file);
    // Read the version again through SQLite: a hot journal left by a crash has now been
    // rolled back, and the header we read before may have been from the unfinished write.
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version < SCHEMA_VERSION) {
      const backupPath = backupPathFor(file, version);
      copyFileSync(file, backupPath);
      fsyncFile(backupPath);
      try {
        migrate(db, version);
      } catch (e) {
        throw new UserError(
          `${describe(file)} 升级到新版本时出错（${(e as Error).message}）；升级前的副本保存在 ${describe(backupPath)}`,
          { cause: e },
        );
      }
      return { db, backupPath };
    }
    removeStaleJournal(db, file, version);
    return { db };
  } catch (e) {
    if (db.open) db.close();
    throw explainOpenError(file, e);
  }
}

/**
 * A crash at the very start of a transaction can leave a "-journal" whose header was never
 * written (zeros, or empty). SQLite rightly ignores it as not hot, but never deletes it either,
 * so the document would stay two files until its next edit. An empty write transaction makes
 * SQLite itself reuse and delete it under its own locks, so a journal that another connection
 * is writing is never touched: its lock makes this wait briefly and give up.
 * (After a migration there is nothing to do: the migration's own commit deleted it.)
 */
function removeStaleJournal(db: Database.Database, file: string, version: number): void {
  if (!existsSync(`${file}-journal`)) return;
  try {
    db.transaction(() => db.pragma(`user_version = ${version}`)).immediate();
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'SQLITE_BUSY') throw e;
  }
}

/**
 * Refuses a damaged document at the door. Without this, a truncated or partly overwritten file
 * can open and fail later, in the middle of an edit, with SQLite's English message.
 * quick_check reads every page once: milliseconds for a document of any realistic size.
 */
function checkIntact(db: Database.Database, file: string): void {
  const result = db.pragma('quick_check', { simple: true });
  if (result !== 'ok') throw damaged(file);
}

function damaged(file: string): UserError {
  return new UserError(
    `${describe(file)} 已损坏（内容不完整或被其他程序改动过），无法打开；请改用备份或之前保存的副本，文件未作任何改动`,
  );
}

/**
 * Turns the SQLite errors a damaged or interrupted file causes while being opened into a
 * message a clerk can act on; any other error is returned as it is.
 */
export function explainOpenError(file: string, e: unknown): unknown {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return e;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return damaged(file);
  if (code === 'SQLITE_READONLY_ROLLBACK') {
    // A crash left a hot journal; only a writable connection may roll it back.
    return new UserError(
      `${describe(file)} 上次编辑时程序意外中断，留有未完成的修改；请先用本程序正常（非只读）打开一次，未完成的修改会被撤销，已保存的内容不受影响。文件未作任何改动`,
    );
  }
  return e;
}

/** `表.jxmb` → `表.v1-备份.jxmb`, then `表.v1-备份-2.jxmb`, …: never overwrites a backup. */
export function backupPathFor(file: string, version: number): string {
  const ext = path.extname(file);
  const stem = file.slice(0, file.length - ext.length);
  for (let i = 1; ; i++) {
    const candidate = `${stem}.v${version}-备份${i === 1 ? '' : `-${i}`}${ext || FILE_EXTENSION}`;
    if (!existsSync(candidate)) return candidate;
  }
}

/**
 * Creates a new, empty document file at the current schema in a temporary file beside the target;
 * `fill` writes the content; only when everything succeeded is the file renamed into place.
 * So a failed import or load never leaves a partial document behind.
 */
export function createDocumentFile<T>(
  target: string,
  options: { overwrite?: boolean },
  fill: (db: Database.Database) => T,
): T {
  if (existsSync(target) && !options.overwrite) {
    throw new UserError(`文件 ${describe(target)} 已存在，未覆盖`);
  }
  const dir = path.dirname(path.resolve(target));
  if (!existsSync(dir)) throw new UserError(`目录不存在：${dir}`);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  let db: Database.Database | undefined;
  try {
    db = new Database(temp);
    configure(db);
    // Nobody else sees the temporary file and it is synced once, whole, before the rename:
    // syncing every step of building it would only make imports slow.
    db.pragma('synchronous = OFF');
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db, 0);
    const result = fill(db);
    db.close();
    db = undefined;
    fsyncFile(temp);
    renameSync(temp, target);
    fsyncDirectory(dir);
    return result;
  } finally {
    if (db?.open) db.close();
    rmSync(temp, { force: true });
    rmSync(`${temp}-journal`, { force: true });
  }
}

/**
 * Writes a consistent copy of an open document (for 另存为): the whole database image taken in
 * one read transaction, written beside the target, synced, then renamed into place.
 */
export function writeDocumentCopy(
  db: Database.Database,
  target: string,
  options: { overwrite?: boolean },
): void {
  if (existsSync(target) && !options.overwrite) {
    throw new UserError(`文件 ${describe(target)} 已存在，未覆盖`);
  }
  const dir = path.dirname(path.resolve(target));
  if (!existsSync(dir)) throw new UserError(`目录不存在：${dir}`);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temp, db.serialize());
    fsyncFile(temp);
    renameSync(temp, target);
    fsyncDirectory(dir);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Forces a file's content to disk, so a power cut after this cannot lose it. */
function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes a rename durable. Windows cannot open a directory for syncing (and its renames are
 * journaled by NTFS), so failure to open one is not an error.
 */
function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on directories; the rename itself has happened.
  } finally {
    closeSync(fd);
  }
}

/** Creates a document file at an older schema version: only for testing migrations. */
export function createFileAtVersion(target: string, version: number): Database.Database {
  const db = new Database(target);
  configure(db);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db, 0, version);
  return db;
}
