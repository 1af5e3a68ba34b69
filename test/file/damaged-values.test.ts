import { wanCents } from '../amounts.ts';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { checkDocument } from '../../db/shared/check/index.ts';
import { TargetDocument } from '../../db/document.ts';
import type { Location } from '../../db/shared/types.ts';
import { inProcess, runCli, runCliAsync, type CliResult } from '../cli/run.ts';
import { tempDir } from '../helpers.ts';
import { loosenTable, makeDocument, pastTrigger, withSql } from './damage.ts';

/*
 * A file another tool changed (sqlite3, a script) can hold values this program never writes.
 * Such a file still opens everywhere (the editor, info, check, dump, export), each bad value is
 * an 错误 of `check` at its field, the totals count only valid amounts, and no command prints an
 * internal error. Ids in makeDocument's file: unit 1 › project 1 › indicators 1 (11-培训期数)
 * and 2; unit 2 › project 2 › indicator 3 (片数).
 */

const NO_STACK = /\n\s+at /;

interface Case {
  readonly name: string;
  readonly damage: (db: Database.Database) => void;
  /** Where check must point. */
  readonly at: Location;
  readonly says: RegExp;
  /** 合计 after the damage: only valid amounts count. */
  readonly total?: number;
}

const P1 = { unitId: 1, projectId: 1 };

const CASES: readonly Case[] = [
  {
    name: 'an amount past the maximum',
    damage: (db) => db.exec('UPDATE project SET other = 9999999999990000 WHERE id = 1'),
    at: { ...P1, field: 'other' },
    says: /其他资金存储的值 9,999,999,999\.99 万元 超过金额上限 999,999,999\.99 万元/,
    total: wanCents(384_100 + 50_000),
  },
  {
    name: 'a huge negative amount',
    damage: (db) => db.exec('UPDATE project SET fiscal = -10000000000000000 WHERE id = 1'),
    at: { ...P1, field: 'fiscal' },
    says: /财政拨款.*超过金额上限/,
    total: wanCents(1_000 + 50_000),
  },
  {
    name: 'two amounts whose 总计 passes the maximum',
    damage: (db) =>
      db.exec('UPDATE project SET fiscal = 999999999990000, other = 999999999990000 WHERE id = 1'),
    at: { ...P1, field: 'total' },
    says: /项目 “培训经费” 的总计为 1,999,999,999\.98 万元，超过上限 999,999,999\.99 万元/,
  },
  {
    name: 'an amount stored as text',
    damage: (db) => {
      loosenTable(db, 'project');
      db.exec("UPDATE project SET fiscal = 'abc' WHERE id = 1");
    },
    at: { ...P1, field: 'fiscal' },
    says: /财政拨款存储的值 “abc” 不是金额/,
    total: wanCents(1_000 + 50_000),
  },
  {
    name: 'an amount with a fraction of a cent',
    damage: (db) => {
      loosenTable(db, 'project');
      db.exec('UPDATE project SET other = 12.5 WHERE id = 1');
    },
    at: { ...P1, field: 'other' },
    says: /其他资金存储的值 “12\.5”（分）不是整数/,
    total: wanCents(384_100 + 50_000),
  },
  {
    name: 'an empty 部门名称',
    damage: (db) => db.exec("UPDATE document SET department = ''"),
    at: { field: 'department' },
    says: /部门名称为空/,
  },
  {
    name: 'a unit name that is NULL',
    damage: (db) => {
      loosenTable(db, 'unit');
      db.exec('UPDATE unit SET name = NULL WHERE id = 1');
    },
    at: { unitId: 1, field: 'name' },
    says: /资金使用单位名称在文件中存储为空值/,
  },
  {
    name: 'an indicator whose project is gone',
    damage: (db) => db.exec('UPDATE indicator SET project_id = 999 WHERE id = 3'),
    at: {},
    says: /1 条绩效指标（“片数”）所属的项目（编号 “999”）已不存在/,
  },
  {
    name: 'a project whose unit is gone',
    damage: (db) => db.exec('UPDATE project SET unit_id = 999 WHERE id = 2'),
    at: {},
    says: /项目 “电教经费”，金额 “500000000”（分）.*所属的资金使用单位已不存在/,
    total: wanCents(384_100 + 1_000),
  },
  {
    name: 'a category code outside the tree',
    damage: (db) =>
      pastTrigger(
        db,
        'indicator_code_in_tree_update',
        "UPDATE indicator SET level2_code = '19' WHERE id = 1",
      ),
    at: { ...P1, indicatorId: 1, field: 'level2Code' },
    says: /指标类别代码 “19” 不在本表的指标体系中/,
  },
  {
    name: 'a year of 99999 (CHECK constraints ignored)',
    damage: (db) => {
      db.pragma('ignore_check_constraints = 1');
      db.exec('UPDATE document SET year = 99999');
    },
    at: { field: 'year' },
    says: /预算年度存储为 “99999”，不是 1949–2999 之间的年份/,
  },
  {
    name: 'an annual value that differs while marked as following (CHECK ignored)',
    damage: (db) => {
      db.pragma('ignore_check_constraints = 1');
      db.exec("UPDATE indicator SET annual_value = '11期' WHERE id = 1");
    },
    at: { ...P1, indicatorId: 1, field: 'annualValue' },
    says: /年度指标值标记为与实施周期指标值一致，但两者不同/,
  },
  {
    name: 'a weight of 500 (CHECK ignored)',
    damage: (db) => {
      db.pragma('ignore_check_constraints = 1');
      db.exec('UPDATE indicator SET weight = 500 WHERE id = 2');
    },
    at: { ...P1, indicatorId: 2, field: 'weight' },
    says: /权重存储为 “500”，不是 0 到 100 之间的数/,
  },
  {
    name: 'a structured value with an unknown operator (CHECK ignored)',
    damage: (db) => {
      db.pragma('ignore_check_constraints = 1');
      db.exec(`UPDATE indicator SET cycle_operator = '≈', cycle_value = '95', cycle_unit = '%',
                 annual_follows_cycle = 0 WHERE id = 2`);
    },
    at: { ...P1, indicatorId: 2, field: 'cycleValue' },
    says: /实施周期指标值：计算符号存储为 “≈”，不是 ≥ ＞ ＝ ＜ ≤ 定性 之一/,
  },
  {
    name: 'a 实施期 that ends before it starts (CHECK ignored)',
    damage: (db) => {
      db.pragma('ignore_check_constraints = 1');
      db.exec("UPDATE project SET period_start = '2025-06', period_end = '2024-01' WHERE id = 1");
    },
    at: { ...P1, field: 'periodEnd' },
    says: /实施期结束（2024年1月）早于开始（2025年6月）/,
  },
  {
    name: 'a 项目性质 outside the list (CHECK ignored)',
    damage: (db) => {
      db.pragma('ignore_check_constraints = 1');
      db.exec("UPDATE project SET continuity = '持续' WHERE id = 1");
    },
    at: { ...P1, field: 'continuity' },
    says: /项目性质存储为 “持续”，不是 新增、延续 之一/,
  },
];

const REAL_PROCESS_CASES = [
  'an amount past the maximum',
  'an amount stored as text',
  'an indicator whose project is gone',
  'a year of 99999 (CHECK constraints ignored)',
];

function expectCommandsCope(
  c: Case,
  runs: Record<'info' | 'check' | 'dump' | 'export', CliResult>,
): void {
  for (const [name, r] of Object.entries(runs)) {
    expect(r.stderr, name).not.toMatch(NO_STACK);
    expect(r.stderr, name).not.toContain('内部错误');
  }
  expect(runs.info.status).toBe(0);
  expect(runs.info.stderr).toMatch(c.says);
  expect(runs.check.status).toBe(1);
  expect(runs.check.stdout).toMatch(c.says);
  expect(runs.check.stdout).toContain('错误 [invalid-stored-value]');
  expect(runs.dump.status).toBe(0);
  expect(() => JSON.parse(runs.dump.stdout) as unknown).not.toThrow();
  expect(runs.dump.stderr).toMatch(c.says);
  // A printed table never shows a value the program could not read. Rows that belong nowhere
  // are not printed (and cannot be corrected in the editor): they do not stop printing.
  if (c.at.field === undefined) {
    expect(runs.export.status).toBe(0);
  } else {
    expect(runs.export.status).toBe(2);
    expect(runs.export.stderr).toMatch(/无效的值.*未导出/);
  }
}

function damaged(c: Case): string {
  const file = path.join(tempDir(), '表.jxmb');
  makeDocument(file);
  withSql(file, c.damage);
  return file;
}

describe('a document with values another tool wrote', () => {
  it.each(CASES)('$name: opens in the editor and check points at the value', (c) => {
    const file = damaged(c);
    for (const readonly of [false, true]) {
      const doc = TargetDocument.open(file, { readonly });
      try {
        const data = doc.snapshot();
        expect(data.defects).toContainEqual({
          location: c.at,
          message: expect.stringMatching(c.says),
        });
        const findings = checkDocument(data).filter((f) => f.ruleId === 'invalid-stored-value');
        expect(findings).toContainEqual(
          expect.objectContaining({
            severity: 'error',
            location: c.at,
            message: expect.stringMatching(c.says),
          }),
        );
        if (c.total !== undefined) expect(data.totals.total).toBe(c.total);
      } finally {
        doc.close();
      }
    }
    // The editor's session (what a window or page opens) shows the document too.
    const session = EditorSession.open(file);
    try {
      expect(session.state().data.defects.length).toBeGreaterThan(0);
    } finally {
      session.close();
    }
  });

  it.each(CASES)('$name: no command prints an internal error', async (c) => {
    const file = damaged(c);
    const docx = path.join(path.dirname(file), '表.docx');
    expectCommandsCope(c, {
      info: await inProcess(['info', file]),
      check: await inProcess(['check', file]),
      dump: await inProcess(['dump', file]),
      export: await inProcess(['export', file, '--docx', docx]),
    });
  });

  // The same through the real command line, in its own processes, for a few of the cases
  // (each process costs about a second; the in-process runs above cover every case).
  it.each(CASES.filter((c) => REAL_PROCESS_CASES.includes(c.name)))(
    '$name: the real command line copes',
    async (c) => {
      const file = damaged(c);
      const docx = path.join(path.dirname(file), '表.docx');
      const [info, check, dump, exported] = await Promise.all([
        runCliAsync(['info', file]),
        runCliAsync(['check', file]),
        runCliAsync(['dump', file]),
        runCliAsync(['export', file, '--docx', docx]),
      ]);
      expectCommandsCope(c, { info: info!, check: check!, dump: dump!, export: exported! });
    },
    60_000,
  );

  it('is corrected in the editor by typing a new value', () => {
    const file = damaged(CASES[0]!);
    const doc = TargetDocument.open(file);
    try {
      // Other edits still work while the bad value is there.
      doc.updateProject(1, { name: '培训经费（改）' });
      doc.updateProject(1, { other: wanCents(2_000) });
      const data = doc.snapshot();
      expect(data.defects).toEqual([]);
      expect(data.totals.total).toBe(wanCents(384_100 + 2_000 + 50_000));
    } finally {
      doc.close();
    }
  });

  it('a category code and a year are corrected in the editor too', () => {
    const byName = (name: string) => CASES.find((c) => c.name === name)!;
    const file = damaged(byName('a category code outside the tree'));
    withSql(file, byName('a year of 99999 (CHECK constraints ignored)').damage);
    const doc = TargetDocument.open(file);
    try {
      expect(doc.snapshot().defects).toHaveLength(2);
      doc.updateIndicator(1, { name: '培训期数（改）' });
      doc.setDepartment('区委组织部（改）');
      doc.setIndicatorCategory(1, '11');
      doc.setYear(2025);
      expect(doc.snapshot().defects).toEqual([]);
    } finally {
      doc.close();
    }
  });

  it('a damaged indicator value: other edits of it say what to do; typing a value corrects it', () => {
    const c = CASES.find((x) => x.name.startsWith('a structured value with an unknown operator'))!;
    const file = damaged(c);
    const doc = TargetDocument.open(file);
    try {
      expect(() => doc.updateIndicator(2, { name: '片数（改）' })).toThrow(
        '文件中的实施周期指标值已损坏（文件被其他程序改动过），请先重新填写实施周期指标值',
      );
      doc.updateIndicator(2, {
        cycle: { kind: 'structured', operator: '≥', value: '95', unit: '%' },
      });
      doc.updateIndicator(2, { name: '片数（改）' });
      expect(doc.snapshot().defects).toEqual([]);
    } finally {
      doc.close();
    }
  });

  it('is never changed by a read-only open', () => {
    const file = damaged(CASES[0]!);
    const before = withSqlRead(file);
    TargetDocument.open(file, { readonly: true }).close();
    expect(runCli(['check', file]).status).toBe(1);
    expect(withSqlRead(file)).toBe(before);
  });
});

function withSqlRead(file: string): string {
  let other = '';
  withSql(file, (db) => {
    other = String(db.prepare('SELECT other FROM project WHERE id = 1').pluck().get());
  });
  return other;
}
