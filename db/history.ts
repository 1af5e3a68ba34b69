import type Database from 'better-sqlite3';
import type { HistoryState } from './shared/api/contract.ts';
import { UserError } from './shared/errors.ts';

export type { HistoryState };

/**
 * Undo and redo over every kind of edit, kept by SQLite itself (the technique of sqlite.org's
 * "Automatic Undo/Redo Using SQLite"): TEMP triggers on the document's tables write, for each
 * row an edit inserts, updates or deletes, the SQL statement that reverses it. One edit of the
 * model (one transaction) is one step. Undoing a step runs its statements backwards — and the
 * triggers, still on, write the statements that redo it.
 *
 * TEMP objects live in the connection, never in the file: the document stays clean, and the
 * history ends when the document is closed, like a word processor's.
 */

/** The tables a clerk's edits change; the category tree changes only by 更换指标体系. */
const TRACKED = [
  'document',
  'category_level1',
  'category_level2',
  'unit',
  'project',
  'indicator',
  'review_mark',
] as const;

export interface HistoryStep {
  /** What the step did, in the clerk's words, e.g. 删除项目“培训经费”. */
  readonly label: string;
  /** Who made it (a page or a window): only they may undo or redo it. */
  readonly client: string;
  readonly first: number;
  readonly last: number;
}

const MAX_STEPS = 500;

export class EditHistory {
  private readonly undoStack: HistoryStep[] = [];
  private readonly redoStack: HistoryStep[] = [];
  private depth = 0;
  private readonly maxSeq: Database.Statement;

  constructor(private readonly db: Database.Database) {
    db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS history_log (seq INTEGER PRIMARY KEY, statement TEXT NOT NULL)',
    );
    for (const table of TRACKED) this.installTriggers(table);
    this.maxSeq = db.prepare('SELECT coalesce(max(seq), 0) FROM temp.history_log').pluck();
    this.stepStatements = db
      .prepare('SELECT statement FROM temp.history_log WHERE seq BETWEEN ? AND ? ORDER BY seq DESC')
      .pluck();
    this.forgetStep = db.prepare('DELETE FROM temp.history_log WHERE seq BETWEEN ? AND ?');
  }

  private readonly stepStatements: Database.Statement;
  private readonly forgetStep: Database.Statement;

  private installTriggers(table: string): void {
    const columns = (
      this.db.prepare(`PRAGMA main.table_info(${table})`).all() as { name: string }[]
    ).map((c) => c.name);
    const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
    const insertBack = `'INSERT INTO main.${table} (${columns.join(', ')}) VALUES (' || ${columns
      .map((c) => `quote(old.${c})`)
      .join(` || ', ' || `)} || ')'`;
    const updateBack = `'UPDATE main.${table} SET ' || ${columns
      .map((c) => `${q(`${c} = `)} || quote(old.${c})`)
      .join(` || ', ' || `)} || ' WHERE rowid = ' || old.rowid`;
    this.db.exec(`
      CREATE TEMP TRIGGER IF NOT EXISTS history_${table}_insert AFTER INSERT ON main.${table}
      BEGIN INSERT INTO history_log (statement) VALUES ('DELETE FROM main.${table} WHERE rowid = ' || new.rowid); END;
      CREATE TEMP TRIGGER IF NOT EXISTS history_${table}_update AFTER UPDATE ON main.${table}
      BEGIN INSERT INTO history_log (statement) VALUES (${updateBack}); END;
      CREATE TEMP TRIGGER IF NOT EXISTS history_${table}_delete AFTER DELETE ON main.${table}
      BEGIN INSERT INTO history_log (statement) VALUES (${insertBack}); END;
    `);
  }

  /**
   * Runs `fn` as one transaction and one undo step. Nested calls (an edit made of edits) join the
   * outermost step. A step that changed nothing is not kept.
   */
  step<T>(label: string, client: string, fn: () => T): T {
    if (this.depth > 0) return fn();
    const before = Number(this.maxSeq.get());
    this.depth++;
    try {
      const result = this.db.transaction(fn)();
      const after = Number(this.maxSeq.get());
      if (after > before) {
        this.undoStack.push({ label, client, first: before + 1, last: after });
        this.redoStack.length = 0;
        this.trim();
      }
      return result;
    } finally {
      this.depth--;
    }
  }

  /**
   * What undo and redo would do for `client`. The stacks are shared by every client of the
   * document, in the order the steps were made: a client may only take back the newest step,
   * and only when it is its own, so undoing never reverts (or disturbs) another page's edits.
   */
  stateFor(client: string): HistoryState {
    const undo = this.undoStack.at(-1);
    const redo = this.redoStack.at(-1);
    return {
      ...(undo?.client === client ? { undo: undo.label } : {}),
      ...(redo?.client === client ? { redo: redo.label } : {}),
    };
  }

  /**
   * Undoes `client`'s last step; returns its label, or undefined when it has nothing to undo.
   * Refused when another client edited after it: its step is no longer the newest.
   */
  undo(client: string): string | undefined {
    const step = this.newestOf(this.undoStack, client, '撤销');
    if (!step) return undefined;
    this.undoStack.pop();
    this.redoStack.push(this.replay(step));
    return step.label;
  }

  redo(client: string): string | undefined {
    const step = this.newestOf(this.redoStack, client, '重做');
    if (!step) return undefined;
    this.redoStack.pop();
    this.undoStack.push(this.replay(step));
    return step.label;
  }

  /** Forgets every step (the file was changed by someone else: the steps no longer apply). */
  clear(): void {
    this.undoStack.length = 0;
    this.redoStack.length = 0;
    this.db.prepare('DELETE FROM temp.history_log').run();
  }

  private newestOf(stack: HistoryStep[], client: string, verb: string): HistoryStep | undefined {
    const top = stack.at(-1);
    if (!top) return undefined;
    if (top.client === client) return top;
    if (stack.some((s) => s.client === client)) {
      throw new UserError(
        `在您上次修改之后，其他窗口又修改了本文档，不能${verb}；如需还原，请直接改回`,
        { code: 'undoBlocked' },
      );
    }
    return undefined;
  }

  /** Runs a step's statements newest first; returns the step that reverses this replay. */
  private replay(step: HistoryStep): HistoryStep {
    return this.db.transaction(() => {
      const statements = this.stepStatements.all(step.first, step.last) as string[];
      this.forgetStep.run(step.first, step.last);
      const first = Number(this.maxSeq.get()) + 1;
      // Positions are briefly duplicated while rows move back: no constraint depends on them.
      for (const sql of statements) this.db.exec(sql);
      return { label: step.label, client: step.client, first, last: Number(this.maxSeq.get()) };
    })();
  }

  private trim(): void {
    while (this.undoStack.length > MAX_STEPS) {
      const old = this.undoStack.shift()!;
      this.forgetStep.run(old.first, old.last);
    }
  }
}
