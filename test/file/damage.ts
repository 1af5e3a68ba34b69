import { wanCents } from '../amounts.ts';
import Database from 'better-sqlite3';
import { TargetDocument } from '../../db/document.ts';

/**
 * Changes a document the way another tool would (sqlite3, a script): plain SQL on the file,
 * with none of the program's checks, SQLite's foreign keys off as they are by default, and,
 * where the schema stands in the way, the schema itself rewritten.
 */

/** A small real document: two units, two projects with amounts, goals and indicators. */
export function makeDocument(file: string): void {
  TargetDocument.create(file, { department: '区委组织部', year: 2025 }, {}, (doc) => {
    const unit = doc.addUnit('区委组织部本级');
    const project = doc.addProject(unit, {
      name: '培训经费',
      fiscal: wanCents(384_100),
      other: wanCents(1_000),
      goal: '举办公务员专题培训班12期。',
    });
    doc.addIndicator(project, { level2Code: '11', name: '培训期数', cycleValue: '12期' });
    doc.addIndicator(project, { level2Code: '31', name: '满意度', cycleValue: '≥90%' });
    const second = doc.addUnit('区党员电教中心');
    const other = doc.addProject(second, { name: '电教经费', fiscal: wanCents(50_000) });
    doc.addIndicator(other, { level2Code: '11', name: '片数', cycleValue: '10部' });
  });
}

export function withSql(file: string, fn: (db: Database.Database) => void): void {
  const db = new Database(file);
  // As the sqlite3 shell has it (better-sqlite3 turns foreign keys on by default).
  db.pragma('foreign_keys = OFF');
  try {
    fn(db);
  } finally {
    db.close();
  }
}

/**
 * Recreates a table without STRICT and NOT NULL, as a tool that writes other types would: same
 * name, columns, rows and indexes.
 */
export function loosenTable(db: Database.Database, table: string): void {
  const sql = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
    .pluck()
    .get(table) as string;
  const indexes = db
    .prepare(
      "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ? AND sql IS NOT NULL",
    )
    .pluck()
    .all(table) as string[];
  const loose = sql
    .replace(/\)\s*STRICT\s*$/u, ')')
    .replaceAll('NOT NULL', '')
    .replace(`CREATE TABLE ${table}`, `CREATE TABLE ${table}_loose`);
  db.transaction(() => {
    db.exec(loose);
    db.exec(`INSERT INTO ${table}_loose SELECT * FROM ${table}`);
    db.exec(`DROP TABLE ${table}`);
    db.exec(`ALTER TABLE ${table}_loose RENAME TO ${table}`);
    for (const index of indexes) db.exec(index);
  })();
}

/** Runs `sql` with a trigger out of the way, then puts the trigger back as it was. */
export function pastTrigger(db: Database.Database, trigger: string, sql: string): void {
  const definition = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
    .pluck()
    .get(trigger) as string;
  db.exec(`DROP TRIGGER ${trigger}`);
  db.exec(sql);
  db.exec(definition);
}

export function firstId(db: Database.Database, table: 'unit' | 'project' | 'indicator'): number {
  return db.prepare(`SELECT min(id) FROM ${table}`).pluck().get() as number;
}
