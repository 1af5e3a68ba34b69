import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInTree } from '../../db/built-in-trees.ts';
import { TargetDocument } from '../../db/document.ts';
import { createFileAtVersion } from '../../db/document-file.ts';
import { checkDocument } from '../../db/shared/check/index.ts';
import {
  formatAmountGrouped,
  MAX_AMOUNT_CENTS,
  SUM_LIMIT,
  type Cents,
} from '../../db/shared/money.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { runCli } from '../cli/run.ts';
import { tempDir } from '../helpers.ts';
import { loosenTable, withSql } from './damage.ts';
import { sha256, userErrorOf } from './file-helpers.ts';

/*
 * Money files: a version-3 file (hundredths of 万元) upgrades to 分 exactly, whatever another
 * tool left in it; a file filled with huge amounts opens, and its totals are findings.
 */

/** A version-3 document as that program wrote it, with known amounts and 上年金额. */
function version3File(): string {
  const file = path.join(tempDir(), '2025年绩效目标表.jxmb');
  const db = createFileAtVersion(file, 3);
  const tree = builtInTree('default')!;
  db.prepare(
    `INSERT INTO document (id, department, year, title, money_unit, tree_id, tree_name, previous_year)
     VALUES (1, '区委组织部', 2025, NULL, '万元', ?, ?, 2024)`,
  ).run(tree.id, tree.name);
  tree.level1.forEach((l1, i) => {
    db.prepare('INSERT INTO category_level1 (code, name, role, position) VALUES (?, ?, ?, ?)').run(
      l1.code,
      l1.name,
      l1.role,
      i,
    );
    l1.level2.forEach((l2, j) =>
      db
        .prepare(
          'INSERT INTO category_level2 (code, level1_code, name, position) VALUES (?, ?, ?, ?)',
        )
        .run(l2.code, l1.code, l2.name, i * 10 + j),
    );
  });
  db.exec(`
    INSERT INTO unit (id, name, position) VALUES (1, '本级', 0), (2, '电教中心', 1);
    INSERT INTO project (id, unit_id, position, name, fiscal, special_account, other,
                         previous_fiscal, previous_special_account, previous_other) VALUES
      (1, 1, 0, '干部教育培训', 1058483, 0, 1, 998000, 0, 0),
      (2, 1, 1, '党费', 0, 0, 56, NULL, NULL, NULL),
      (3, 2, 0, '电视片制作', 99999999999, -150, 0, 0, 0, 3840);
  `);
  db.close();
  return file;
}

const shown = (d: DocumentData, c: Cents) => formatAmountGrouped(c, d.money);

describe('a version-3 file', () => {
  it('upgrades exactly: the same 万元 figures, and its backup untouched', () => {
    const file = version3File();
    const original = sha256(file);
    const doc = TargetDocument.open(file);
    try {
      expect(doc.backupPath).toBeDefined();
      expect(sha256(doc.backupPath!)).toBe(original);
      const d = doc.snapshot();
      expect(d.money).toEqual({ unit: '万元', decimals: 2 });
      expect(d.previousYear).toBe(2024);
      const [a, b, c] = d.units.flatMap((u) => u.projects);
      expect([a, b, c].map((p) => shown(d, p!.totals.total))).toEqual([
        '10,584.84',
        '0.56',
        '999,999,998.49',
      ]);
      expect(shown(d, a!.totals.fiscal)).toBe('10,584.83');
      expect(a!.totals.fiscal).toBe(10_584_830_000);
      expect(shown(d, c!.totals.specialAccount)).toBe('-1.50');
      expect(shown(d, c!.totals.fiscal)).toBe('999,999,999.99');
      expect(c!.totals.fiscal).toBe(MAX_AMOUNT_CENTS);
      expect(shown(d, a!.previous!.total)).toBe('9,980.00');
      expect(shown(d, c!.previous!.other)).toBe('38.40');
      expect(b!.previous).toBeNull();
      expect(shown(d, d.totals.total)).toBe('1,000,010,583.89');
      expect(d.defects.map((x) => x.message)).toEqual([
        '合计为 1,000,010,583.89 万元，超过上限 999,999,999.99 万元（文件被其他程序改动过）。请核对并改正其中的金额。',
      ]);
      // The maximum is the same figure as before: one 0.01 万元 more is refused.
      expect(
        userErrorOf(() => doc.updateProject(c!.id, { specialAccount: 10_000 as Cents })).message,
      ).toMatch(/^项目“电视片制作”的总计将超过上限 999,999,999\.99 万元/);
    } finally {
      doc.close();
    }
    expect(sha256(path.join(path.dirname(file), '2025年绩效目标表.v3-备份.jxmb'))).toBe(original);
  });

  it('upgrades whatever another tool left: text, fractions, integers too large to scale', () => {
    const file = version3File();
    withSql(file, (db) => {
      loosenTable(db, 'project');
      db.exec(`UPDATE project SET other = 'abc' WHERE id = 1;
               UPDATE project SET other = 0.5 WHERE id = 2;
               UPDATE project SET fiscal = 9223372036854775807, previous_other = -922337203685478
                WHERE id = 3;`);
    });
    const doc = TargetDocument.open(file);
    try {
      const d = doc.snapshot();
      const messages = d.defects.map((x) => x.message).join('\n');
      expect(messages).toContain('其他资金存储的值 “abc” 不是金额');
      // 0.5 hundredths of 万元 is 5,000 分: a whole number now, and a valid amount.
      expect(d.units[0]!.projects[1]!.totals.other).toBe(5_000);
      expect(messages).toMatch(/财政拨款存储的值 [\d,.]+ 万元 超过金额上限/);
      expect(messages).toMatch(/上年其他资金存储的值 -[\d,.]+ 万元 超过金额上限/);
    } finally {
      doc.close();
    }
  });
});

describe('an integer too large to scale to 分', () => {
  it('goes to the edge of SQLite’s integers: the upgrade never fails on it (STRICT table)', () => {
    const file = version3File();
    withSql(file, (db) => db.exec('UPDATE project SET fiscal = -1000000000000000 WHERE id = 1'));
    const doc = TargetDocument.open(file);
    try {
      const messages = doc.snapshot().defects.map((x) => x.message);
      expect(messages.some((m) => /^财政拨款存储的值 -[\d,.]+ 万元 超过金额上限/.test(m))).toBe(
        true,
      );
    } finally {
      doc.close();
    }
  });
});

describe('a file another tool filled with many huge amounts', () => {
  it('opens, adds up without an exception, and reports the totals past the maximum', () => {
    const file = path.join(tempDir(), '巨额.jxmb');
    TargetDocument.create(file, { department: '部门', year: 2025 }, {}, (doc) => {
      doc.addUnit('本级');
      doc.addUnit('其他');
    });
    withSql(file, (db) => {
      const insert = db.prepare(
        'INSERT INTO project (unit_id, position, name, fiscal, special_account, other) VALUES (?, ?, ?, ?, ?, ?)',
      );
      db.transaction(() => {
        // 5,100 projects of 3 × the maximum: far past 2^53, where numbers stop being exact.
        for (let i = 0; i < 5_100; i++) {
          insert.run(
            1 + (i % 2),
            i,
            `项目${i}`,
            MAX_AMOUNT_CENTS,
            MAX_AMOUNT_CENTS,
            MAX_AMOUNT_CENTS,
          );
        }
      })();
    });
    expect(5_100 * 3 * MAX_AMOUNT_CENTS).toBeGreaterThan(Number.MAX_SAFE_INTEGER);

    const doc = TargetDocument.open(file);
    try {
      const d = doc.snapshot();
      expect(d.totals.total).toBe(SUM_LIMIT);
      const findings = checkDocument(d).filter((f) => f.ruleId === 'invalid-stored-value');
      const messages = findings.map((f) => f.message);
      expect(messages).toContain(
        '合计为 9,000,000,000.00 万元以上，超过上限 999,999,999.99 万元（文件被其他程序改动过）。请核对并改正其中的金额。',
      );
      expect(messages.filter((m) => m.startsWith('项目'))).toHaveLength(5_100);
      expect(findings.every((f) => f.severity === 'error')).toBe(true);

      // Edits go on: lowering is accepted, raising a total already past the maximum is not.
      const first = d.units[0]!.projects[0]!.id;
      doc.updateProject(first, { fiscal: 0 as Cents });
      expect(
        userErrorOf(() => doc.updateProject(first, { fiscal: 10_000 as Cents })).message,
      ).toMatch(/^项目“项目0”的总计将超过上限/);
      expect(() => doc.snapshot()).not.toThrow();
      expect(() => doc.takeChanges()).not.toThrow();
    } finally {
      doc.close();
    }
    // The command line reads it too (read-only), and says what is wrong, without a stack.
    const r = runCli(['info', file]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('无效的值');
    expect(r.stderr).not.toMatch(/Error|\n\s+at /);
  }, 60_000);
});
