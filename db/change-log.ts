import type Database from 'better-sqlite3';

/**
 * Which parts of the document this connection's last edit, undo or redo touched, recorded by
 * SQLite itself: TEMP triggers (in the connection, never in the file, like the undo history's)
 * note each row an edit inserts, updates or deletes, with the project or unit it belongs to.
 * An edit then answers with those parts only (see readChanges), whatever the edit was, and
 * undo and redo, which replay SQL on the same tables, are covered the same way.
 */

/** What one edit touched. */
export interface Touched {
  /** The document row (部门, 年度, 标题). */
  readonly document: boolean;
  /** The category tree (更换指标体系, or its undo): every indicator may read differently. */
  readonly tree: boolean;
  /** Units added, removed or moved: the order of units is sent again. */
  readonly unitOrder: boolean;
  /** Units whose row, totals or list of projects may have changed. */
  readonly units: ReadonlySet<number>;
  /** Projects whose row or indicators changed (or that were removed). */
  readonly projects: ReadonlySet<number>;
  /** The 已核对 marks (sent whole: they are few). */
  readonly reviewMarks: boolean;
}

interface LogRow {
  kind: 'document' | 'unit' | 'unitOrder' | 'project' | 'indicator' | 'tree' | 'review';
  id: number | null;
  parent: number | null;
}

export class ChangeLog {
  private readonly takeRows: Database.Statement;
  private readonly clear: Database.Statement;

  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS change_log (kind TEXT NOT NULL, id INTEGER, parent INTEGER);
      ${this.triggers('document', "'document'", 'NULL', 'NULL')}
      ${this.triggers('unit', "'unit'", 'id', 'NULL')}
      ${this.triggers('project', "'project'", 'id', 'unit_id')}
      ${this.triggers('indicator', "'indicator'", 'id', 'project_id')}
      ${this.triggers('review_mark', "'review'", 'NULL', 'NULL')}
      ${this.triggers('category_level1', "'tree'", 'NULL', 'NULL')}
      ${this.triggers('category_level2', "'tree'", 'NULL', 'NULL')}
      CREATE TEMP TRIGGER IF NOT EXISTS change_document_tree AFTER UPDATE OF tree_id, tree_name, tree_source ON main.document
      WHEN old.tree_id IS NOT new.tree_id OR old.tree_name IS NOT new.tree_name
        OR old.tree_source IS NOT new.tree_source
      BEGIN INSERT INTO change_log VALUES ('tree', NULL, NULL); END;
      CREATE TEMP TRIGGER IF NOT EXISTS change_unit_added AFTER INSERT ON main.unit
      BEGIN INSERT INTO change_log VALUES ('unitOrder', NULL, NULL); END;
      CREATE TEMP TRIGGER IF NOT EXISTS change_unit_removed AFTER DELETE ON main.unit
      BEGIN INSERT INTO change_log VALUES ('unitOrder', NULL, NULL); END;
      CREATE TEMP TRIGGER IF NOT EXISTS change_unit_moved AFTER UPDATE OF position ON main.unit
      WHEN old.position IS NOT new.position
      BEGIN INSERT INTO change_log VALUES ('unitOrder', NULL, NULL); END;
    `);
    this.takeRows = db.prepare('SELECT DISTINCT kind, id, parent FROM temp.change_log');
    this.treeRows = db
      .prepare("SELECT EXISTS (SELECT 1 FROM temp.change_log WHERE kind = 'tree')")
      .pluck();
    this.clear = db.prepare('DELETE FROM temp.change_log');
    this.unitRows = db
      .prepare(
        `SELECT DISTINCT CASE kind WHEN 'unit' THEN id ELSE parent END FROM temp.change_log
          WHERE kind IN ('unit', 'project')`,
      )
      .pluck();
  }

  private readonly unitRows: Database.Statement;
  private readonly treeRows: Database.Statement;

  /** Whether the changes so far touched the category tree, without taking anything. */
  treeTouched(): boolean {
    return this.treeRows.get() === 1;
  }

  /**
   * The units whose totals or projects the changes so far may have changed (as take() would
   * name them), without taking anything: for the limit check inside an edit.
   */
  changedUnits(): number[] {
    return (this.unitRows.all() as unknown[]).filter((id): id is number => typeof id === 'number');
  }

  /** Insert, update (old and new parent: a row can move) and delete of one table. */
  private triggers(table: string, kind: string, id: string, parent: string): string {
    const row = (which: 'new' | 'old') =>
      `(${kind}, ${id === 'NULL' ? 'NULL' : `${which}.${id}`}, ${parent === 'NULL' ? 'NULL' : `${which}.${parent}`})`;
    return `
      CREATE TEMP TRIGGER IF NOT EXISTS change_${table}_insert AFTER INSERT ON main.${table}
      BEGIN INSERT INTO change_log VALUES ${row('new')}; END;
      CREATE TEMP TRIGGER IF NOT EXISTS change_${table}_update AFTER UPDATE ON main.${table}
      BEGIN INSERT INTO change_log VALUES ${row('old')}, ${row('new')}; END;
      CREATE TEMP TRIGGER IF NOT EXISTS change_${table}_delete AFTER DELETE ON main.${table}
      BEGIN INSERT INTO change_log VALUES ${row('old')}; END;`;
  }

  /** What was touched since the last call; starts the next record. */
  take(): Touched {
    const rows = this.takeRows.all() as LogRow[];
    this.clear.run();
    let document = false;
    let tree = false;
    let unitOrder = false;
    let reviewMarks = false;
    const units = new Set<number>();
    const projects = new Set<number>();
    for (const r of rows) {
      if (r.kind === 'document') document = true;
      else if (r.kind === 'tree') tree = true;
      else if (r.kind === 'unitOrder') unitOrder = true;
      else if (r.kind === 'review') reviewMarks = true;
      else if (r.kind === 'unit' && r.id !== null) units.add(r.id);
      else if (r.kind === 'project') {
        if (r.id !== null) projects.add(r.id);
        // The unit's totals and list of projects change with its projects.
        if (r.parent !== null) units.add(r.parent);
      } else if (r.kind === 'indicator' && r.parent !== null) projects.add(r.parent);
    }
    return { document, tree, unitOrder, units, projects, reviewMarks };
  }
}
