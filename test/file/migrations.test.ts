import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { backupPathFor, createFileAtVersion, FILE_EXTENSION } from '../../db/document-file.ts';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from '../../db/migrations.ts';
import { builtInTree } from '../../db/built-in-trees.ts';
import { formatAmountGrouped, type Cents } from '../../db/shared/money.ts';
import { tempDir } from '../helpers.ts';
import { fingerprint, sha256 } from './file-helpers.ts';

/*
 * A file written by an older version opens in this one: it is first copied beside itself,
 * byte for byte, then upgraded; the clerk's content comes through intact.
 */

/** Content a version-1 program would have written, in the version-1 schema's own terms. */
function seedV1(db: Database.Database): void {
  const tree = builtInTree('default')!;
  db.prepare(
    `INSERT INTO document (id, department, year, title, money_unit, tree_id, tree_name, tree_source)
     VALUES (1, '区委组织部', 2024, NULL, '万元', ?, ?, ?)`,
  ).run(tree.id, tree.name, tree.source ?? null);
  let order = 0;
  tree.level1.forEach((l1, i) => {
    db.prepare('INSERT INTO category_level1 (code, name, role, position) VALUES (?, ?, ?, ?)').run(
      l1.code,
      l1.name,
      l1.role,
      i,
    );
    for (const l2 of l1.level2) {
      db.prepare(
        'INSERT INTO category_level2 (code, level1_code, name, position) VALUES (?, ?, ?, ?)',
      ).run(l2.code, l1.code, l2.name, order++);
    }
  });
  db.exec(`
    INSERT INTO unit (id, name, position) VALUES (1, '区委组织部本级', 0), (2, '区党员电教中心', 1);
    INSERT INTO project (id, unit_id, position, name, fiscal, special_account, other, goal) VALUES
      (1, 1, 0, '干部教育培训', 1058483, 0, 0, '1.举办公务员专题培训班12期。'),
      (2, 1, 1, '党费', 0, 0, 56, ''),
      (3, 2, 0, '党员教育电视片制作', 3840, 1010, 10, '完成电视片10部');
    INSERT INTO indicator
      (id, project_id, position, level2_code, name, cycle_value, annual_value, annual_follows_cycle)
    VALUES
      (1, 1, 0, '11', '举办公务员专题培训班', '举办12期', '举办12期', 1),
      (2, 1, 1, '31', '参训人员满意度', '≥90%', '≥85%', 0),
      (3, 3, 0, '22', '党员受教育面', '逐步提升', '逐步提升', 1);
  `);
}

/**
 * Migration 2's details as a version-2 or -3 program could have written them (by JSON load or
 * a fuller tool): one that a value takes, one 定性, one that no value takes.
 */
function seedV2(db: Database.Database): void {
  db.exec(`
    UPDATE indicator SET direction = '＝', measure_unit = '期', weight = 20, basis = '往年完成情况'
      WHERE id = 1;
    UPDATE indicator SET direction = '≥', measure_unit = '%', weight = 30, basis = '计划标准'
      WHERE id = 2;
    UPDATE indicator SET direction = '定性' WHERE id = 3;
  `);
}

/**
 * Migration 4's project amounts as a version-4 program wrote them (hundredths of 万元):
 * 项目资金总额 12,345.67 and 上年结转 2.50 万元 for the first project, 上年结转 only for the third.
 */
function seedV4(db: Database.Database): void {
  db.exec(`
    UPDATE project SET total_budget = 1234567, carry_over = 250 WHERE id = 1;
    UPDATE project SET carry_over = 1 WHERE id = 3;
  `);
}

/** The latest seed a file at `version` can hold (later schemas accept earlier content). */
function seed(db: Database.Database, version: number): void {
  if (version >= 1) seedV1(db);
  // Until the migration that replaced the details (numbered by the lead at merges).
  const columns = (db.pragma('table_info(indicator)') as { name: string }[]).map((c) => c.name);
  if (version >= 2 && columns.includes('direction')) seedV2(db);
  if (version === 4) seedV4(db);
  // From version 5 on, a program wrote 分: the same figures.
  if (version >= 5) {
    db.exec(
      'UPDATE project SET fiscal = fiscal * 10000, special_account = special_account * 10000, other = other * 10000',
    );
  }
}

/** Columns a migration rewrites (its AFTER check says how); every other value must stay. */
const REWRITTEN: Record<number, Record<string, readonly string[]>> = {
  4: {
    indicator: ['cycle_value', 'annual_value', 'direction', 'measure_unit', 'weight', 'basis'],
  },
};

/** What each migration must have done, checked on a file it was just applied to. */
const AFTER: Record<number, (db: Database.Database) => void> = {
  1: (db) => {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual([
      'category_level1',
      'category_level2',
      'document',
      'indicator',
      'project',
      'unit',
    ]);
    const triggers = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
      .pluck()
      .all();
    expect(triggers).toEqual(['indicator_code_in_tree_insert', 'indicator_code_in_tree_update']);
  },
  2: (db) => {
    const columns = (db.pragma('table_info(indicator)') as { name: string }[]).map((c) => c.name);
    expect(columns.slice(-4)).toEqual(['direction', 'measure_unit', 'weight', 'basis']);
    // Rows from before have no details; the new columns take valid details and refuse others.
    expect(
      db.prepare('SELECT direction, measure_unit, weight, basis FROM indicator WHERE id = 1').get(),
    ).toEqual({ direction: null, measure_unit: null, weight: null, basis: null });
    db.prepare(
      "UPDATE indicator SET direction = '≥', measure_unit = '期', weight = 20, basis = '往年完成情况' WHERE id = 1",
    ).run();
    expect(() => db.prepare('UPDATE indicator SET weight = 101 WHERE id = 1').run()).toThrow(
      /CHECK constraint failed/,
    );
    expect(() => db.prepare("UPDATE indicator SET direction = '>=' WHERE id = 1").run()).toThrow(
      /CHECK constraint failed/,
    );
  },
  4: (db) => {
    const columns = (table: string) =>
      (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
    expect(columns('project').slice(-8)).toEqual([
      'overall_goal',
      'period_start',
      'period_end',
      'continuity',
      'recurrence',
      'category',
      'total_budget',
      'carry_over',
    ]);
    expect(columns('indicator')).toEqual([
      'id',
      'project_id',
      'position',
      'level2_code',
      'name',
      'cycle_value',
      'cycle_operator',
      'cycle_unit',
      'cycle_source',
      'annual_value',
      'annual_operator',
      'annual_unit',
      'annual_source',
      'annual_follows_cycle',
      'weight',
      'basis_kind',
      'basis',
      'explanation',
      'polarity',
      'previous_value',
    ]);
    // The rebuilt table keeps its index and the triggers that keep the tree rule.
    const schema = db
      .prepare("SELECT type, name FROM sqlite_master WHERE tbl_name = 'indicator' ORDER BY name")
      .all();
    expect(schema).toEqual([
      { type: 'table', name: 'indicator' },
      { type: 'index', name: 'indicator_by_project' },
      { type: 'trigger', name: 'indicator_code_in_tree_insert' },
      { type: 'trigger', name: 'indicator_code_in_tree_update' },
    ]);
    expect(() => db.exec("UPDATE indicator SET level2_code = '99' WHERE id = 1")).toThrow(
      /not a second-level code/,
    );
    // Migration 2's details, exactly: taken by a value that is one number, kept as 定性 text,
    // or (taken by no value) written into 指标解释; 权重 as text; a kind of 设定依据 as a kind.
    const rows = db
      .prepare(
        `SELECT id, cycle_value, cycle_operator, cycle_unit, cycle_source, annual_value,
                annual_operator, annual_unit, annual_source, annual_follows_cycle, weight,
                basis_kind, basis, explanation, polarity, previous_value
           FROM indicator ORDER BY id`,
      )
      .all();
    expect(rows).toEqual([
      {
        id: 1,
        ...sentence('cycle', '举办12期'),
        ...sentence('annual', '举办12期'),
        annual_follows_cycle: 1,
        weight: '20',
        basis_kind: null,
        basis: '往年完成情况',
        explanation: '原指标性质：＝；原计量单位：期',
        polarity: null,
        previous_value: null,
      },
      {
        id: 2,
        ...structured('cycle', '≥', '90', '%', '≥90%'),
        ...structured('annual', '≥', '85', '%', '≥85%'),
        annual_follows_cycle: 0,
        weight: '30',
        basis_kind: '计划标准',
        basis: '',
        explanation: '',
        polarity: null,
        previous_value: null,
      },
      {
        id: 3,
        ...structured('cycle', '定性', '逐步提升', '', '逐步提升'),
        ...structured('annual', '定性', '逐步提升', '', '逐步提升'),
        annual_follows_cycle: 1,
        weight: null,
        basis_kind: null,
        basis: '',
        explanation: '',
        polarity: null,
        previous_value: null,
      },
    ]);
    // Projects have none of the new facts yet.
    expect(
      db
        .prepare(
          `SELECT overall_goal, period_start, period_end, continuity, recurrence, category,
                  total_budget, carry_over FROM project WHERE id = 1`,
        )
        .get(),
    ).toEqual({
      overall_goal: '',
      period_start: null,
      period_end: null,
      continuity: null,
      recurrence: null,
      category: '',
      total_budget: null,
      carry_over: 0,
    });
    // The new rules hold.
    const refused = [
      "UPDATE indicator SET cycle_operator = '>=', cycle_unit = '%', annual_follows_cycle = 0 WHERE id = 1",
      "UPDATE indicator SET cycle_operator = '≥', cycle_unit = '%', cycle_value = '九十', annual_follows_cycle = 0 WHERE id = 1",
      "UPDATE indicator SET cycle_operator = '≥', annual_follows_cycle = 0 WHERE id = 1",
      "UPDATE indicator SET cycle_source = 'x' WHERE id = 1",
      "UPDATE indicator SET cycle_value = '≥90%' WHERE id = 1",
      "UPDATE indicator SET weight = '101' WHERE id = 1",
      "UPDATE indicator SET weight = '1.' WHERE id = 1",
      "UPDATE indicator SET basis_kind = '计划' WHERE id = 1",
      "UPDATE indicator SET polarity = '正' WHERE id = 1",
      "UPDATE project SET period_start = '2024-13' WHERE id = 1",
      "UPDATE project SET period_start = '2025-01', period_end = '2024-12' WHERE id = 1",
      "UPDATE project SET continuity = '持续' WHERE id = 1",
      "UPDATE project SET recurrence = '经常' WHERE id = 1",
    ];
    for (const sql of refused) expect(() => db.exec(sql), sql).toThrow(/CHECK constraint failed/);
    db.exec(`UPDATE project SET period_start = '2024-01', period_end = '2026-12',
               continuity = '新增', recurrence = '一次性', total_budget = 100, carry_over = 5
             WHERE id = 1`);
  },
  3: (db) => {
    const columns = (db.pragma('table_info(project)') as { name: string }[]).map((c) => c.name);
    expect(columns.slice(-3)).toEqual([
      'previous_fiscal',
      'previous_special_account',
      'previous_other',
    ]);
    const documentColumns = (db.pragma('table_info(document)') as { name: string }[]).map(
      (c) => c.name,
    );
    expect(documentColumns.at(-1)).toBe('previous_year');
    expect(db.prepare('SELECT previous_year FROM document').pluck().get()).toBeNull();
    // Projects from before have no last-year figures.
    expect(
      db.prepare('SELECT previous_fiscal, previous_other FROM project WHERE id = 1').get(),
    ).toEqual({ previous_fiscal: null, previous_other: null });
  },
  5: (db) => {
    // Hundredths of 万元 became 分, exactly: 10,584.83 万元 = 105,848,300,000 分; migration 4's
    // 项目资金总额 and 上年结转 too (not given stays NULL).
    expect(
      db
        .prepare(
          'SELECT fiscal, special_account, other, total_budget, carry_over FROM project ORDER BY id',
        )
        .all(),
    ).toEqual([
      {
        fiscal: 10_584_830_000,
        special_account: 0,
        other: 0,
        total_budget: 12_345_670_000,
        carry_over: 2_500_000,
      },
      { fiscal: 0, special_account: 0, other: 560_000, total_budget: null, carry_over: 0 },
      {
        fiscal: 38_400_000,
        special_account: 10_100_000,
        other: 100_000,
        total_budget: null,
        carry_over: 10_000,
      },
    ]);
    expect(db.prepare('SELECT money_unit, money_decimals FROM document').get()).toEqual({
      money_unit: '万元',
      money_decimals: 2,
    });
    // The rebuilt table keeps its old columns and constraints, and takes the new settings only.
    const columns = (db.pragma('table_info(document)') as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual([
      'id',
      'department',
      'year',
      'title',
      'money_unit',
      'tree_id',
      'tree_name',
      'tree_source',
      'previous_year',
      'money_decimals',
    ]);
    db.prepare("UPDATE document SET money_unit = '万元', money_decimals = 6").run();
    db.prepare("UPDATE document SET money_unit = '元', money_decimals = 2").run();
    for (const bad of [
      "money_unit = '元', money_decimals = 3",
      "money_unit = '万元', money_decimals = 7",
      "money_unit = '万元', money_decimals = 1",
      "money_unit = '美元', money_decimals = 2",
      'year = 99999',
    ]) {
      expect(() => db.prepare(`UPDATE document SET ${bad}`).run(), bad).toThrow(
        /CHECK constraint failed/,
      );
    }
    expect(() =>
      db
        .prepare(
          'INSERT INTO document (id, department, year, money_unit, tree_id, tree_name) VALUES (2, 1, 2025, 1, 1, 1)',
        )
        .run(),
    ).toThrow(/CHECK constraint failed|cannot store/);
  },
  6: (db) => {
    // No layout remembered: the default. Any id of a layout is kept (a newer program's too).
    expect(db.prepare('SELECT print_layout FROM document').pluck().get()).toBeNull();
    db.prepare("UPDATE document SET print_layout = 'per-row-2030'").run();
    for (const bad of ["''", `'${'x'.repeat(65)}'`, "x'00'"]) {
      expect(() => db.prepare(`UPDATE document SET print_layout = ${bad}`).run(), bad).toThrow(
        /CHECK constraint failed|cannot store/,
      );
    }
  },
  7: (db) => {
    // Nothing declared, doubted or checked in an older file.
    expect(
      db
        .prepare(
          'SELECT count(*) FROM project WHERE no_service_recipients != 0 OR amount_doubt IS NOT NULL',
        )
        .pluck()
        .get(),
    ).toBe(0);
    expect(
      db.prepare('SELECT count(*) FROM indicator WHERE printed_category IS NOT NULL').pluck().get(),
    ).toBe(0);
    expect(db.prepare('SELECT count(*) FROM review_mark').pluck().get()).toBe(0);
    const project = db.prepare('SELECT min(id) FROM project').pluck().get() as number | null;
    if (project === null) return;
    const mark = db.prepare(
      "INSERT INTO review_mark (rule_id, project_id, subject, checked_on) VALUES ('missing-satisfaction', ?, 's', ?)",
    );
    mark.run(project, '2026-12-03');
    // One mark per finding; a day is a day.
    expect(() => mark.run(project, '2026-12-04')).toThrow(/UNIQUE/);
    expect(() => mark.run(project + 1_000_000, '3 December')).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE project SET no_service_recipients = 2').run()).toThrow(/CHECK/);
    // A mark goes with what it points at.
    db.pragma('foreign_keys = OFF');
    db.prepare('DELETE FROM indicator WHERE project_id = ?').run(project);
    db.prepare('DELETE FROM project WHERE id = ?').run(project);
    expect(db.prepare('SELECT count(*) FROM review_mark').pluck().get()).toBe(0);
  },
};

/** Migration 5 scales every amount from hundredths of 万元 to 分; nothing else changes value. */
const SCALED: Record<number, Record<string, (row: Record<string, unknown>) => object>> = {
  5: {
    project: (row) => {
      const fen = (v: unknown) => (typeof v === 'number' ? v * 10_000 : v);
      return {
        ...row,
        fiscal: fen(row.fiscal),
        special_account: fen(row.special_account),
        other: fen(row.other),
        previous_fiscal: fen(row.previous_fiscal),
        previous_special_account: fen(row.previous_special_account),
        previous_other: fen(row.previous_other),
        total_budget: fen(row.total_budget),
        carry_over: fen(row.carry_over),
      };
    },
  },
};

function sentence(which: string, text: string) {
  return {
    [`${which}_value`]: text,
    [`${which}_operator`]: null,
    [`${which}_unit`]: null,
    [`${which}_source`]: null,
  };
}

function structured(which: string, operator: string, value: string, unit: string, source: string) {
  return {
    [`${which}_value`]: value,
    [`${which}_operator`]: operator,
    [`${which}_unit`]: unit,
    [`${which}_source`]: source,
  };
}

function userVersionOnDisk(file: string): number {
  return readFileSync(file).readUInt32BE(60);
}

describe('migrations', () => {
  it('every migration has its own test below', () => {
    expect(Object.keys(AFTER).map(Number)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(MIGRATIONS.map((m) => m.version)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    );
  });

  for (const m of MIGRATIONS) {
    it(`migration ${m.version} (${m.description}) applies to a file at version ${m.version - 1}`, () => {
      const file = path.join(tempDir(), `v${m.version - 1}${FILE_EXTENSION}`);
      const db = createFileAtVersion(file, m.version - 1);
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(m.version - 1);
        seed(db, m.version - 1);
        const tables = db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
          .pluck()
          .all() as string[];
        const rewritten = REWRITTEN[m.version] ?? {};
        const without = (t: string, row: object) =>
          Object.fromEntries(
            Object.entries(row).filter(([c]) => !(rewritten[t] ?? []).includes(c)),
          );
        const before = Object.fromEntries(
          tables.map((t) => [
            t,
            (db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all() as object[]).map((r) =>
              without(t, r),
            ),
          ]),
        );

        migrate(db, m.version - 1, m.version);

        expect(db.pragma('user_version', { simple: true })).toBe(m.version);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        // Every row survives with every value it had.
        for (const t of tables) {
          const after = db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all() as object[];
          expect(after.length, t).toBe(before[t]!.length);
          const expected = (row: object) =>
            SCALED[m.version]?.[t]?.(row as Record<string, unknown>) ?? row;
          after.forEach((row, i) => expect(row, t).toMatchObject(expected(before[t]![i]!)));
        }
        AFTER[m.version]!(db);
      } finally {
        db.close();
      }
    });
  }

  it('a failing migration leaves the file as it was, at its old version', () => {
    const file = path.join(tempDir(), '表.jxmb');
    const db = createFileAtVersion(file, 1);
    seedV1(db);
    // Another tool added a column that migration 2 also adds: its ALTER TABLE fails midway.
    db.exec('ALTER TABLE indicator ADD COLUMN weight TEXT');
    db.close();
    const original = sha256(file);

    expect(() => TargetDocument.open(file)).toThrow(/duplicate column name: weight/);

    expect(userVersionOnDisk(file)).toBe(1);
    expect(sha256(file)).toBe(original);
    expect(sha256(path.join(path.dirname(file), '表.v1-备份.jxmb'))).toBe(original);
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['表.jxmb', '表.v1-备份.jxmb']);
  });
});

describe('opening a file from an older version', () => {
  for (let version = 1; version < SCHEMA_VERSION; version++) {
    it(`copies a version-${version} file beside itself, then upgrades it with its content`, () => {
      const dir = tempDir();
      const file = path.join(dir, '2024年绩效目标表.jxmb');
      const db = createFileAtVersion(file, version);
      seed(db, version);
      db.close();
      const original = sha256(file);
      const expectedBackup = path.join(dir, `2024年绩效目标表.v${version}-备份.jxmb`);
      expect(backupPathFor(file, version)).toBe(expectedBackup);

      const doc = TargetDocument.open(file);
      expect(doc.backupPath).toBe(expectedBackup);
      expect(sha256(expectedBackup), 'the backup is the file as it was').toBe(original);
      expect(userVersionOnDisk(expectedBackup)).toBe(version);
      expect(userVersionOnDisk(file)).toBe(SCHEMA_VERSION);

      const data = doc.snapshot();
      expect(data.department).toBe('区委组织部');
      expect(data.year).toBe(2024);
      expect(data.title).toBe('区委组织部 2024年项目支出绩效目标表（含转移支付项目）');
      expect(data.units.map((u) => u.name)).toEqual(['区委组织部本级', '区党员电教中心']);
      expect(data.units.map((u) => u.projects.map((p) => p.name))).toEqual([
        ['干部教育培训', '党费'],
        ['党员教育电视片制作'],
      ]);
      // Stored in 分 now, and the same 万元 figures as before, in the same unit and decimals.
      expect(data.units[1]!.projects[0]!.totals).toEqual({
        fiscal: 38_400_000,
        specialAccount: 10_100_000,
        other: 100_000,
        total: 48_600_000,
      });
      expect(data.money).toEqual({ unit: '万元', decimals: 2 });
      const shown = (c: Cents) => formatAmountGrouped(c, data.money);
      expect(data.units.flatMap((u) => u.projects.map((p) => shown(p.totals.total)))).toEqual([
        '10,584.83',
        '0.56',
        '48.60',
      ]);
      expect(shown(data.totals.total)).toBe('10,633.99');
      if (version === 4) {
        // Migration 4's amounts, converted as every other.
        const [first, , third] = data.units.flatMap((u) => u.projects);
        expect([
          first!.totalBudget,
          first!.carryOver,
          third!.totalBudget,
          third!.carryOver,
        ]).toEqual([12_345_670_000, 2_500_000, null, 10_000]);
        expect([
          shown(first!.totalBudget!),
          shown(first!.carryOver),
          shown(third!.carryOver),
        ]).toEqual(['12,345.67', '2.50', '0.01']);
      }
      const indicators = data.units[0]!.projects[0]!.indicators;
      expect(indicators.map((i) => [i.level2.code, i.name, i.cycleValue, i.annualValue])).toEqual([
        ['11', '举办公务员专题培训班', '举办12期', '举办12期'],
        ['31', '参训人员满意度', '≥90%', '≥85%'],
      ]);
      expect(indicators.map((i) => i.annualFollowsCycle)).toEqual([true, false]);
      if (version === 2 || version === 3) {
        // Migration 2's details (seeded while the schema has them), in the fields that replaced
        // them.
        expect(indicators[0]).toMatchObject({
          cycle: { kind: 'sentence', text: '举办12期' },
          weight: '20',
          basis: { kind: null, text: '往年完成情况' },
          explanation: '原指标性质：＝；原计量单位：期',
        });
        expect(indicators[1]).toMatchObject({
          cycle: { kind: 'structured', operator: '≥', value: '90', unit: '%', source: '≥90%' },
          annual: { kind: 'structured', operator: '≥', value: '85', unit: '%', source: '≥85%' },
          weight: '30',
          basis: { kind: '计划标准', text: '' },
        });
      } else {
        expect(indicators[0]!.weight).toBeNull();
        expect(indicators[0]!.basis).toEqual({ kind: null, text: '' });
      }

      // The columns added since work, and what is written to them stays.
      doc.updateIndicator(indicators[0]!.id, {
        cycle: { kind: 'structured', operator: '>=', value: '12', unit: '期' },
        weight: '20',
        basis: { text: '2023年举办11期' },
      });
      doc.updateProject(data.units[0]!.projects[0]!.id, {
        periodStart: '2024-01',
        category: '特定目标类',
      });
      doc.close();
      expect(readdirSync(dir).sort()).toEqual([
        '2024年绩效目标表.jxmb',
        `2024年绩效目标表.v${version}-备份.jxmb`,
      ]);

      // Opening the upgraded file again changes nothing about backups.
      const again = TargetDocument.open(file);
      expect(again.backupPath).toBeUndefined();
      const reread = again.snapshot().units[0]!.projects[0]!;
      expect([reread.period.start, reread.category]).toEqual(['2024-01', '特定目标类']);
      expect(reread.indicators[0]).toMatchObject({
        cycleValue: '≥12期',
        weight: '20',
        basis: { text: '2023年举办11期' },
      });
      again.close();
      expect(readdirSync(dir)).toHaveLength(2);
      expect(sha256(expectedBackup)).toBe(original);

      // The backup is a usable document: the old content, viewable without touching it.
      const old = TargetDocument.open(expectedBackup, { readonly: true });
      expect(old.snapshot().units.map((u) => u.projects.length)).toEqual([2, 1]);
      old.close();
      expect(sha256(expectedBackup)).toBe(original);
    });
  }

  it('read-only open upgrades in memory, leaves the file untouched and takes no edits', () => {
    const file = path.join(tempDir(), '表.jxmb');
    const db = createFileAtVersion(file, 1);
    seedV1(db);
    db.close();
    const before = fingerprint(file, { backdate: true });

    const doc = TargetDocument.open(file, { readonly: true });
    expect(doc.backupPath).toBeUndefined();
    const data = doc.snapshot();
    expect(data.units.flatMap((u) => u.projects)).toHaveLength(3);
    expect(data.units[0]!.projects[0]!.indicators[0]!.weight).toBeNull();
    // An edit would only change the copy in memory and vanish: it must be refused instead.
    expect(() => doc.addUnit('新单位')).toThrow(/readonly/);
    expect(() => doc.setYear(2025)).toThrow(/readonly/);
    expect(doc.snapshot()).toEqual(data);
    doc.close();

    expect(fingerprint(file)).toEqual(before);
    expect(userVersionOnDisk(file)).toBe(1);
  });

  it('a read-only current file takes no edits either', () => {
    const file = path.join(tempDir(), '表.jxmb');
    TargetDocument.create(file, { department: '区委组织部', year: 2025 });
    const before = fingerprint(file, { backdate: true });
    const doc = TargetDocument.open(file, { readonly: true });
    expect(() => doc.addUnit('新单位')).toThrow(/readonly/);
    doc.close();
    expect(fingerprint(file)).toEqual(before);
  });
});

describe('backup names', () => {
  it('are “name.vN-备份.jxmb” and never overwrite an earlier backup', () => {
    const dir = tempDir();
    const file = path.join(dir, '表.jxmb');
    expect(backupPathFor(file, 1)).toBe(path.join(dir, '表.v1-备份.jxmb'));
    writeFileSync(path.join(dir, '表.v1-备份.jxmb'), 'earlier backup');
    expect(backupPathFor(file, 1)).toBe(path.join(dir, '表.v1-备份-2.jxmb'));
    writeFileSync(path.join(dir, '表.v1-备份-2.jxmb'), 'another');
    expect(backupPathFor(file, 1)).toBe(path.join(dir, '表.v1-备份-3.jxmb'));
    expect(backupPathFor(path.join(dir, 'noext'), 1)).toBe(path.join(dir, 'noext.v1-备份.jxmb'));
  });

  it('an upgrade beside an earlier backup writes a new one and keeps the old', () => {
    const dir = tempDir();
    const file = path.join(dir, '表.jxmb');
    const db = createFileAtVersion(file, 1);
    seedV1(db);
    db.close();
    const original = sha256(file);
    writeFileSync(path.join(dir, '表.v1-备份.jxmb'), 'a backup from an earlier upgrade');

    const doc = TargetDocument.open(file);
    expect(doc.backupPath).toBe(path.join(dir, '表.v1-备份-2.jxmb'));
    doc.close();
    expect(readFileSync(path.join(dir, '表.v1-备份.jxmb'), 'utf8')).toBe(
      'a backup from an earlier upgrade',
    );
    expect(sha256(path.join(dir, '表.v1-备份-2.jxmb'))).toBe(original);
    expect(existsSync(`${file}-journal`)).toBe(false);
  });
});
