import type Database from 'better-sqlite3';
import { statement } from './statements.ts';

/**
 * The rows of a pasted project or indicator, copied inside the file by SQL: every column the
 * schema has, whatever migration added it, so a copy never drops a field this code was not
 * told about. Only the row's identity and place are new. 已核对 marks live in their own table,
 * keyed by the original's id, so they stay with the original.
 */

/** A table's columns, less those the copy sets itself. */
function copiedColumns(db: Database.Database, table: 'project' | 'indicator', own: string[]) {
  const all = db.pragma(`table_info(${table})`) as { name: string }[];
  return all.map((c) => c.name).filter((n) => !own.includes(n) && n !== 'id');
}

function quoted(columns: readonly string[]): string {
  return columns.map((c) => `"${c}"`).join(', ');
}

/** A copy of project `id` in `unitId` at `position`, named `name`; its indicators are not copied. */
export function insertProjectCopy(
  db: Database.Database,
  id: number,
  unitId: number,
  position: number,
  name: string,
): number {
  const cols = quoted(copiedColumns(db, 'project', ['unit_id', 'position', 'name']));
  const sql = `INSERT INTO project (unit_id, position, name, ${cols})
     SELECT ?, ?, ?, ${cols} FROM project WHERE id = ?`;
  return Number(statement(db, sql).run(unitId, position, name, id).lastInsertRowid);
}

/** A copy of indicator `id` in project `projectId` at `position`. */
export function insertIndicatorCopy(
  db: Database.Database,
  id: number,
  projectId: number,
  position: number,
): number {
  const cols = quoted(copiedColumns(db, 'indicator', ['project_id', 'position']));
  const sql = `INSERT INTO indicator (project_id, position, ${cols})
     SELECT ?, ?, ${cols} FROM indicator WHERE id = ?`;
  return Number(statement(db, sql).run(projectId, position, id).lastInsertRowid);
}
