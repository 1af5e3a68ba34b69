import {
  closeSync,
  fsyncSync,
  copyFileSync,
  existsSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from './shared/errors.ts';
import { migrate, SCHEMA_VERSION } from './migrations.ts';
import { removeOrphanTemps, removeTemp, tempPathFor } from './temp-files.ts';

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

  if (!options.readonly) removeOrphanTemps(path.dirname(path.resolve(file)));
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
      const backupPath = writeBackup(file, version);
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
 * Refuses a damaged document at the door, the same way for the editor and for every read-only
 * use (info, check, dump, export, the source of 由上年文件新建). Without this, a truncated or
 * partly overwritten file can open and print nonsense, or fail later with SQLite's English
 * message. What is checked is the structure: the file's length against its page count, every
 * page (quick_check), and the schema this program writes (its tables, columns, indexes and the
 * tree's triggers). Values a clerk can correct (an amount out of range, an empty name, a row
 * whose project is gone) are not refused here: the document opens and reports them as findings
 * (see DocumentData.defects). quick_check reads every page once: milliseconds for a document of
 * any realistic size.
 */
function checkIntact(db: Database.Database, file: string): void {
  // One read transaction: the length, the pages and the schema are seen as one state of the
  // file (a writer in another program cannot commit in between), and a writable connection has
  // rolled back a hot journal left by a crash before anything is measured.
  db.transaction(() => {
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const pageCount = Number(db.pragma('page_count', { simple: true }));
    const size = statSync(file).size;
    if (size % pageSize !== 0 || size < pageCount * pageSize) throw damaged(file);
    const problems = (db.pragma('quick_check') as { quick_check: string }[])
      .map((r) => r.quick_check)
      .filter((line) => line !== 'ok' && !VALUE_PROBLEM.test(line));
    if (problems.length) throw damaged(file);
    const version = Number(db.pragma('user_version', { simple: true }));
    const missing = missingSchema(db, version);
    if (missing.length) throw changedByAnotherTool(file, missing);
  })();
}

/**
 * quick_check's reports about single values (a CHECK or NOT NULL constraint, a STRICT column's
 * type): a tool wrote a value this program would not have. The document still opens, and the
 * value is reported where it is (see TargetDocument.snapshot).
 */
const VALUE_PROBLEM = /^(?:CHECK constraint failed|NULL value in|non-\w+ value in)/u;

interface SchemaItem {
  readonly type: string;
  readonly name: string;
  /** For a table: its columns. */
  readonly columns: readonly string[];
  /** For a trigger: its definition, spaces collapsed. */
  readonly definition: string;
}

function schemaOf(db: Database.Database): SchemaItem[] {
  const rows = db
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') AND name NOT LIKE 'sqlite_%'",
    )
    .all() as { type: string; name: string; sql: string | null }[];
  return rows.map((r) => ({
    type: r.type,
    name: r.name,
    definition: r.type === 'trigger' ? (r.sql ?? '').replace(/\s+/gu, ' ').trim() : '',
    columns:
      r.type === 'table'
        ? (db.pragma(`table_info("${r.name.replaceAll('"', '""')}")`) as { name: string }[]).map(
            (c) => c.name,
          )
        : [],
  }));
}

const expectedSchemas = new Map<number, SchemaItem[]>();

/** The schema this program writes at `version`: built once per run in memory, by the migrations. */
function expectedSchema(version: number): SchemaItem[] {
  let schema = expectedSchemas.get(version);
  if (!schema) {
    const mem = new Database(':memory:');
    try {
      migrate(mem, 0, version);
      schema = schemaOf(mem);
    } finally {
      mem.close();
    }
    expectedSchemas.set(version, schema);
  }
  return schema;
}

const SCHEMA_WORDS: Readonly<Record<string, string>> = {
  table: '表',
  index: '索引',
  trigger: '触发器',
};

/** What of the expected schema the file lacks, in words (`表 indicator`, `触发器 …`). */
function missingSchema(db: Database.Database, version: number): string[] {
  const actual = new Map(schemaOf(db).map((i) => [`${i.type} ${i.name}`, i]));
  const missing: string[] = [];
  for (const item of expectedSchema(version)) {
    const found = actual.get(`${item.type} ${item.name}`);
    const word = SCHEMA_WORDS[item.type] ?? item.type;
    if (!found) {
      missing.push(`${word} ${item.name}`);
      continue;
    }
    for (const column of item.columns) {
      if (!found.columns.includes(column)) missing.push(`表 ${item.name} 的列 ${column}`);
    }
    // A trigger that no longer says what ours says keeps the tree rule no better than none.
    if (found.definition !== item.definition) missing.push(`${word} ${item.name} 的原有定义`);
  }
  return missing;
}

function changedByAnotherTool(file: string, missing: readonly string[]): UserError {
  return new UserError(
    `${describe(file)} 已被其他程序改动过（缺少${missing.join('、')}），无法打开；请改用备份或之前保存的副本，文件未作任何改动`,
  );
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
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new UserError(
      `${describe(file)} 正被其他程序使用（例如另一个程序正在写入它），暂时无法打开；请稍后重试，或关闭其他程序后再打开。文件未作任何改动`,
      { cause: e },
    );
  }
  if (code === 'SQLITE_READONLY_ROLLBACK') {
    // A crash left a hot journal; only a writable connection may roll it back.
    return new UserError(
      `${describe(file)} 上次编辑时程序意外中断，留有未完成的修改；请先用本程序正常（非只读）打开一次，未完成的修改会被撤销，已保存的内容不受影响。文件未作任何改动`,
    );
  }
  return e;
}

/**
 * The copy of an older file made before it is upgraded, the one a clerk reaches for if anything
 * goes wrong: written under a temporary name, synced, and only then given its official name, so
 * a copy under that name is always whole.
 */
function writeBackup(file: string, version: number): string {
  const backupPath = backupPathFor(file, version);
  const temp = tempPathFor(backupPath);
  try {
    copyFileSync(file, temp);
    fsyncFile(temp);
    renameSync(temp, backupPath);
    fsyncDirectory(path.dirname(path.resolve(backupPath)));
  } catch (e) {
    removeTemp(temp);
    throw writeProblem(e, backupPath) ?? e;
  }
  return backupPath;
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
  removeOrphanTemps(dir);
  const temp = tempPathFor(target);
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
  } catch (e) {
    throw writeProblem(e, target) ?? e;
  } finally {
    if (db?.open) db.close();
    removeTemp(temp);
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
  removeOrphanTemps(dir);
  const temp = tempPathFor(target);
  try {
    writeFileSync(temp, db.serialize());
    fsyncFile(temp);
    renameSync(temp, target);
    fsyncDirectory(dir);
  } catch (e) {
    throw writeProblem(e, target) ?? e;
  } finally {
    removeTemp(temp);
  }
}

/**
 * The message for a file that could not be written because of the disk or the folder rather than
 * the content (disk full, no permission, a read error of the disk), or undefined for anything
 * else. Nothing half-written is left under the target's name in any of these cases.
 */
export function writeProblem(e: unknown, target: string): UserError | undefined {
  if (e instanceof UserError) return undefined;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const where = describe(target);
  const options = { cause: e };
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new UserError(
      `磁盘已满，未能写入 ${where}，也没有留下不完整的文件；请腾出空间后重试`,
      options,
    );
  }
  if (
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS' ||
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_CANTOPEN'
  ) {
    return new UserError(
      `没有权限写入 ${where}（文件夹只读或文件被占用），未写入任何内容`,
      options,
    );
  }
  if (code === 'EIO' || code === 'EFBIG' || code.startsWith('SQLITE_IOERR')) {
    return new UserError(
      `写入 ${where} 时磁盘出错（${code}），未能写入，也没有留下不完整的文件；请检查磁盘或网络盘后重试`,
      options,
    );
  }
  return undefined;
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
