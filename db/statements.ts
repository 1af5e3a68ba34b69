import type Database from 'better-sqlite3';

/**
 * A connection's statements, each prepared once and reused: an edit runs a dozen small
 * statements, and preparing (parsing and planning) each again cost as much as running it.
 * Kept per connection and dropped with it; a plucked statement (one value per row) is kept apart
 * from the same SQL returning rows, since pluck() changes the statement it is called on.
 */
const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function statement(
  db: Database.Database,
  sql: string,
  options: { pluck?: boolean } = {},
): Database.Statement {
  let byText = prepared.get(db);
  if (!byText) {
    byText = new Map();
    prepared.set(db, byText);
  }
  const key = options.pluck ? `pluck\u0000${sql}` : sql;
  let stmt = byText.get(key);
  if (!stmt) {
    stmt = db.prepare(sql);
    if (options.pluck) stmt.pluck();
    byText.set(key, stmt);
  }
  return stmt;
}
