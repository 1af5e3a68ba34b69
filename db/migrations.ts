import type Database from 'better-sqlite3';

/**
 * The document file's schema, as ordered migrations. `PRAGMA user_version` holds the number of
 * migrations applied; migration i (1-based) takes a file from version i-1 to version i.
 * Never edit a migration that has shipped: add a new one.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly up: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'document, category tree, units, projects, indicators',
    up: (db) =>
      db.exec(`
        CREATE TABLE document (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          department TEXT NOT NULL,
          year INTEGER NOT NULL CHECK (typeof(year) = 'integer' AND year BETWEEN 1949 AND 2999),
          title TEXT, -- NULL: the standard title derived from department and year
          money_unit TEXT NOT NULL CHECK (money_unit = '万元'),
          tree_id TEXT NOT NULL,
          tree_name TEXT NOT NULL,
          tree_source TEXT
        ) STRICT;

        CREATE TABLE category_level1 (
          code TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('output', 'benefit', 'satisfaction', 'cost')),
          position INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE category_level2 (
          code TEXT PRIMARY KEY,
          level1_code TEXT NOT NULL REFERENCES category_level1(code),
          name TEXT NOT NULL,
          position INTEGER NOT NULL,
          CHECK (substr(code, 1, length(level1_code)) = level1_code)
        ) STRICT;

        CREATE TABLE unit (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          position INTEGER NOT NULL
        ) STRICT;

        -- Amounts are integer hundredths of the money unit (see db/money.ts); 总计 is never stored.
        CREATE TABLE project (
          id INTEGER PRIMARY KEY,
          unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          name TEXT NOT NULL,
          fiscal INTEGER NOT NULL DEFAULT 0,
          special_account INTEGER NOT NULL DEFAULT 0,
          other INTEGER NOT NULL DEFAULT 0,
          goal TEXT NOT NULL DEFAULT ''
        ) STRICT;
        CREATE INDEX project_by_unit ON project(unit_id, position);

        -- The first-level category is not stored: it is the parent of level2_code, so a
        -- mismatched pair cannot exist.
        CREATE TABLE indicator (
          id INTEGER PRIMARY KEY,
          project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          level2_code TEXT NOT NULL REFERENCES category_level2(code),
          name TEXT NOT NULL DEFAULT '',
          cycle_value TEXT NOT NULL DEFAULT '',
          annual_value TEXT NOT NULL DEFAULT '',
          annual_follows_cycle INTEGER NOT NULL DEFAULT 1 CHECK (annual_follows_cycle IN (0, 1)),
          CHECK (annual_follows_cycle = 0 OR annual_value = cycle_value)
        ) STRICT;
        CREATE INDEX indicator_by_project ON indicator(project_id, position);

        -- Foreign keys are only enforced when a connection turns them on; these triggers keep
        -- the tree rule even for a file edited by another SQLite tool.
        CREATE TRIGGER indicator_code_in_tree_insert BEFORE INSERT ON indicator
        WHEN NOT EXISTS (SELECT 1 FROM category_level2 WHERE code = NEW.level2_code)
        BEGIN SELECT RAISE(ABORT, 'indicator category is not a second-level code of the tree'); END;
        CREATE TRIGGER indicator_code_in_tree_update BEFORE UPDATE OF level2_code ON indicator
        WHEN NOT EXISTS (SELECT 1 FROM category_level2 WHERE code = NEW.level2_code)
        BEGIN SELECT RAISE(ABORT, 'indicator category is not a second-level code of the tree'); END;
      `),
  },
  {
    version: 2,
    description:
      'indicator details kept by fuller budget systems (指标性质, 计量单位, 权重, 设定依据)',
    up: (db) =>
      db.exec(`
        ALTER TABLE indicator ADD COLUMN direction TEXT
          CHECK (direction IS NULL OR direction IN ('≥', '＞', '＝', '＜', '≤', '定性'));
        ALTER TABLE indicator ADD COLUMN measure_unit TEXT;
        ALTER TABLE indicator ADD COLUMN weight INTEGER CHECK (weight IS NULL OR weight BETWEEN 0 AND 100);
        ALTER TABLE indicator ADD COLUMN basis TEXT;
      `),
  },
  {
    version: 3,
    description: "next year's table from last year's: the source year and each project's 上年金额",
    up: (db) =>
      db.exec(`
        -- The budget year of the table this one was made from; NULL: made from scratch.
        ALTER TABLE document ADD COLUMN previous_year INTEGER;
        -- NULL: no last-year figures (a new project, or a table not made from last year's).
        ALTER TABLE project ADD COLUMN previous_fiscal INTEGER;
        ALTER TABLE project ADD COLUMN previous_special_account INTEGER;
        ALTER TABLE project ADD COLUMN previous_other INTEGER;
      `),
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Applies the migrations after `from` up to `to`, each in its own transaction. */
export function migrate(db: Database.Database, from: number, to: number = SCHEMA_VERSION): void {
  for (const m of MIGRATIONS) {
    if (m.version <= from || m.version > to) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
