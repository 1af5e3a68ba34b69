import type Database from 'better-sqlite3';
import { upgradeLegacyDetails } from './legacy-details.ts';
import type { IndicatorValue } from './shared/indicator-value.ts';

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
  {
    version: 4,
    description:
      'the national field set: structured indicator values, 权重 as a decimal, 设定依据, 指标解释, 指标方向, 上年指标值; 总体目标, 实施期, 项目性质, 项目类别, 项目资金总额, 上年结转',
    up: (db) => {
      db.exec(`
        ALTER TABLE project ADD COLUMN overall_goal TEXT NOT NULL DEFAULT '';
        ALTER TABLE project ADD COLUMN period_start TEXT CHECK (${yearMonth('period_start')});
        ALTER TABLE project ADD COLUMN period_end TEXT
          CHECK (${yearMonth('period_end')} AND (period_start IS NULL OR period_end IS NULL OR period_end >= period_start));
        ALTER TABLE project ADD COLUMN continuity TEXT
          CHECK (continuity IS NULL OR continuity IN ('新增', '延续'));
        ALTER TABLE project ADD COLUMN recurrence TEXT
          CHECK (recurrence IS NULL OR recurrence IN ('一次性', '阶段性', '经常性'));
        ALTER TABLE project ADD COLUMN category TEXT NOT NULL DEFAULT '';
        -- Amounts as the other amount columns; NULL: 项目资金总额 not given.
        ALTER TABLE project ADD COLUMN total_budget INTEGER;
        ALTER TABLE project ADD COLUMN carry_over INTEGER NOT NULL DEFAULT 0;

        -- The indicator table is rebuilt: its table CHECK (the annual value follows the cycle
        -- value) now spans the structured columns, and migration 2's details are replaced.
        -- Each value (cycle_*, annual_*) is a sentence when its operator is NULL (value: the
        -- text, unit and source NULL), else structured: operator, value (the number as typed,
        -- or the grade of 定性), unit ('' when none) and source (the sentence it was made from).
        CREATE TABLE indicator_new (
          id INTEGER PRIMARY KEY,
          project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          level2_code TEXT NOT NULL REFERENCES category_level2(code),
          name TEXT NOT NULL DEFAULT '',
          ${valueColumns('cycle')},
          ${valueColumns('annual')},
          annual_follows_cycle INTEGER NOT NULL DEFAULT 1 CHECK (annual_follows_cycle IN (0, 1)),
          weight TEXT CHECK (weight IS NULL OR (${decimal('weight')} AND CAST(weight AS REAL) <= 100)),
          basis_kind TEXT
            CHECK (basis_kind IS NULL OR basis_kind IN ('计划标准', '行业标准', '历史标准', '预算支出标准', '其他标准')),
          basis TEXT NOT NULL DEFAULT '',
          explanation TEXT NOT NULL DEFAULT '',
          polarity TEXT CHECK (polarity IS NULL OR polarity IN ('正向', '反向')),
          previous_value TEXT,
          ${valueChecks('cycle')},
          ${valueChecks('annual')},
          CHECK (annual_follows_cycle = 0 OR (annual_value = cycle_value
            AND annual_operator IS cycle_operator AND annual_unit IS cycle_unit
            AND annual_source IS cycle_source))
        ) STRICT;
      `);
      const insert = db.prepare(`
        INSERT INTO indicator_new (id, project_id, position, level2_code, name,
          cycle_value, cycle_operator, cycle_unit, cycle_source,
          annual_value, annual_operator, annual_unit, annual_source,
          annual_follows_cycle, weight, basis_kind, basis, explanation)
        VALUES (@id, @project_id, @position, @level2_code, @name,
          @cycle_value, @cycle_operator, @cycle_unit, @cycle_source,
          @annual_value, @annual_operator, @annual_unit, @annual_source,
          @annual_follows_cycle, @weight, @basis_kind, @basis, @explanation)`);
      // A file another tool damaged (a row whose annual value is marked as following but
      // differs) moves as it is, for the reader to report: an upgrade never loses a row.
      db.pragma('ignore_check_constraints = ON');
      try {
        const rows = db.prepare('SELECT * FROM indicator ORDER BY id').all() as Record<
          string,
          unknown
        >[];
        for (const row of rows) {
          // Another tool may have written anything (the reader reports it as a defect): only
          // details of the kinds migration 2 allowed are read, everything else moves as it is.
          const text = (v: unknown) => (typeof v === 'string' ? v : null);
          const cycleText = text(row['cycle_value']);
          const annualText = text(row['annual_value']);
          const follows = row['annual_follows_cycle'];
          const up =
            cycleText === null || annualText === null || (follows !== 0 && follows !== 1)
              ? undefined
              : upgradeLegacyDetails({
                  cycleValue: cycleText,
                  annualValue: annualText,
                  annualFollowsCycle: follows === 1 && cycleText === annualText,
                  direction: text(row['direction']),
                  measureUnit: text(row['measure_unit']),
                  weight: typeof row['weight'] === 'number' ? row['weight'] : null,
                  basis: text(row['basis']),
                });
          insert.run({
            id: row['id'],
            project_id: row['project_id'],
            position: row['position'],
            level2_code: row['level2_code'],
            name: row['name'],
            ...valueRow('cycle', up?.cycle, row['cycle_value']),
            ...valueRow('annual', up?.annual, row['annual_value']),
            annual_follows_cycle: follows,
            weight: up?.weight ?? null,
            basis_kind: up?.basis.kind ?? null,
            basis: up?.basis.text ?? text(row['basis']) ?? '',
            explanation: up?.explanation ?? '',
          });
        }
      } finally {
        db.pragma('ignore_check_constraints = OFF');
      }
      db.exec(`
        DROP TABLE indicator;
        ALTER TABLE indicator_new RENAME TO indicator;
        CREATE INDEX indicator_by_project ON indicator(project_id, position);
        CREATE TRIGGER indicator_code_in_tree_insert BEFORE INSERT ON indicator
        WHEN NOT EXISTS (SELECT 1 FROM category_level2 WHERE code = NEW.level2_code)
        BEGIN SELECT RAISE(ABORT, 'indicator category is not a second-level code of the tree'); END;
        CREATE TRIGGER indicator_code_in_tree_update BEFORE UPDATE OF level2_code ON indicator
        WHEN NOT EXISTS (SELECT 1 FROM category_level2 WHERE code = NEW.level2_code)
        BEGIN SELECT RAISE(ABORT, 'indicator category is not a second-level code of the tree'); END;
      `);
    },
  },
  {
    version: 5,
    description: 'money in 分, and each document’s display unit (万元 with 2–6 decimals, or 元)',
    up: (db) => migrateToFen(db),
  },
  {
    version: 6,
    description: 'the print layout the document was last printed in (打印格式)',
    up: (db) =>
      db.exec(`
        -- A layout's id (templates/layout/); NULL: the default, the official table. Any id is
        -- kept, also one this program does not ship (a newer program's): it prints the default
        -- meanwhile (db/print-layout.ts), and the file keeps the clerk's choice.
        ALTER TABLE document ADD COLUMN print_layout TEXT
          CHECK (print_layout IS NULL OR length(print_layout) BETWEEN 1 AND 64);
      `),
  },
  {
    version: 7,
    description:
      '审核: findings marked 已核对, 确无服务对象, and the doubts an import leaves (category as printed, money source)',
    up: (db) =>
      db.exec(`
        -- The clerk declared the project serves no one (党费 pass-through, running costs).
        ALTER TABLE project ADD COLUMN no_service_recipients INTEGER NOT NULL DEFAULT 0
          CHECK (no_service_recipients IN (0, 1));
        -- An import's note that the table did not say which source the money is in; NULL: none.
        ALTER TABLE project ADD COLUMN amount_doubt TEXT;
        -- The category as the imported table printed it, when that contradicted the tree.
        ALTER TABLE indicator ADD COLUMN printed_category TEXT;

        -- A finding the clerk marked 已核对: its rule and place (NULL where the finding points
        -- no deeper), the subject it was marked against (a mark lapses when that changes) and
        -- the day. Marks die with what they point at (the triggers; undo brings both back).
        CREATE TABLE review_mark (
          id INTEGER PRIMARY KEY,
          rule_id TEXT NOT NULL CHECK (length(rule_id) BETWEEN 1 AND 64),
          unit_id INTEGER,
          project_id INTEGER,
          indicator_id INTEGER,
          field TEXT CHECK (field IS NULL OR length(field) BETWEEN 1 AND 64),
          subject TEXT NOT NULL,
          checked_on TEXT NOT NULL CHECK (checked_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')
        ) STRICT;
        CREATE UNIQUE INDEX review_mark_place ON review_mark (rule_id, coalesce(unit_id, 0),
          coalesce(project_id, 0), coalesce(indicator_id, 0), coalesce(field, ''));
        CREATE TRIGGER review_mark_unit_gone AFTER DELETE ON unit
        BEGIN DELETE FROM review_mark WHERE unit_id = old.id; END;
        CREATE TRIGGER review_mark_project_gone AFTER DELETE ON project
        BEGIN DELETE FROM review_mark WHERE project_id = old.id; END;
        CREATE TRIGGER review_mark_indicator_gone AFTER DELETE ON indicator
        BEGIN DELETE FROM review_mark WHERE indicator_id = old.id; END;
      `),
  },
];

/** SQL: a column holding a non-negative decimal as typed (`95`, `100.00`), or NULL. */
function decimal(column: string): string {
  return `(${column} GLOB '[0-9]*' AND ${column} NOT GLOB '*[^0-9.]*' AND ${column} NOT GLOB '*.*.*' AND ${column} NOT GLOB '*.')`;
}

/** SQL: NULL or a month `YYYY-MM`. */
function yearMonth(column: string): string {
  return `${column} IS NULL OR (${column} GLOB '[12][0-9][0-9][0-9]-[01][0-9]' AND substr(${column}, 6, 2) BETWEEN '01' AND '12')`;
}

/** The four columns of one indicator value (see migration 4). */
function valueColumns(which: 'cycle' | 'annual'): string {
  return `${which}_value TEXT NOT NULL DEFAULT '',
          ${which}_operator TEXT
            CHECK (${which}_operator IS NULL OR ${which}_operator IN ('≥', '＞', '＝', '＜', '≤', '定性')),
          ${which}_unit TEXT,
          ${which}_source TEXT`;
}

/** The rules of one indicator value's columns: a sentence, or a whole structured value. */
function valueChecks(which: 'cycle' | 'annual'): string {
  const v = `${which}_value`;
  const op = `${which}_operator`;
  return `CHECK ((${op} IS NULL) = (${which}_unit IS NULL)),
          CHECK (${op} IS NOT NULL OR ${which}_source IS NULL),
          CHECK (${op} IS NULL OR (${op} = '定性' AND ${v} != '') OR (${op} != '定性' AND ${decimal(v)}))`;
}

/** The four columns of one value as migration 4 writes it; `raw` when it could not be read. */
function valueRow(which: 'cycle' | 'annual', v: IndicatorValue | undefined, raw: unknown) {
  const structured = v?.kind === 'structured' ? v : undefined;
  return {
    [`${which}_value`]: v === undefined ? raw : v.kind === 'sentence' ? v.text : v.value,
    [`${which}_operator`]: structured?.operator ?? null,
    [`${which}_unit`]: structured?.unit ?? null,
    [`${which}_source`]: structured?.source ?? null,
  };
}

/** int64's largest value / 10,000: amounts past it cannot be multiplied (see migrateToFen). */
const FEN_FACTOR_SAFE = '922337203685477';

/** Migration 1's CHECK, which allowed only 万元 (also in a table another tool loosened). */
const ONLY_WAN_YUAN = /CHECK\s*\(\s*money_unit\s*=\s*'万元'\s*\)/u;

function migrateToFen(db: Database.Database): void {
  // Hundredths of 万元 → 分: × 10,000, exactly. Only numbers are scaled: a text another tool
  // wrote stays as it is and is reported when read. An integer too large to scale is already
  // thousands of times past the maximum: it goes to int64's edge (still reported as over it)
  // rather than make SQLite fail the upgrade, and the file never open.
  const scaled = (c: string) => `${c} = CASE
      WHEN typeof(${c}) = 'real' THEN ${c} * 10000.0
      WHEN typeof(${c}) <> 'integer' THEN ${c}
      WHEN ${c} BETWEEN -${FEN_FACTOR_SAFE} AND ${FEN_FACTOR_SAFE} THEN ${c} * 10000
      WHEN ${c} > 0 THEN 9223372036854775807 ELSE -9223372036854775807 END`;
  const amounts = [
    'fiscal',
    'special_account',
    'other',
    'previous_fiscal',
    'previous_special_account',
    'previous_other',
    // Migration 4's: 项目资金总额 (NULL when not given, and stays so) and 上年结转.
    'total_budget',
    'carry_over',
  ];
  db.exec(`UPDATE project SET ${amounts.map(scaled).join(', ')};`);

  // SQLite cannot alter migration 1's CHECK (money_unit = '万元'): the table is rebuilt from its
  // own definition with only that CHECK widened, so every column and constraint it has (also
  // ones a later migration or another tool gave it) is kept, and its rows are copied as they
  // are: a value another tool wrote past a CHECK must not stop the file from opening.
  const definition = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'document'")
    .pluck()
    .get() as string;
  const rebuilt = definition
    .replace(/^CREATE TABLE\s+("document"|document)/u, 'CREATE TABLE document_fen')
    .replace(ONLY_WAN_YUAN, "CHECK (money_unit IN ('万元', '元'))");
  const ignoring = Number(db.pragma('ignore_check_constraints', { simple: true }));
  db.pragma('ignore_check_constraints = ON');
  try {
    db.exec(`
      ${rebuilt};
      INSERT INTO document_fen SELECT * FROM document;
      DROP TABLE document;
      ALTER TABLE document_fen RENAME TO document;
      -- Decimals shown for 万元 (2 to 6); 元 always shows 2. Every older file: 万元, 2.
      ALTER TABLE document ADD COLUMN money_decimals INTEGER NOT NULL DEFAULT 2 CHECK (
        (money_unit = '万元' AND money_decimals BETWEEN 2 AND 6)
        OR (money_unit = '元' AND money_decimals = 2));
    `);
  } finally {
    db.pragma(`ignore_check_constraints = ${ignoring}`);
  }
}

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
