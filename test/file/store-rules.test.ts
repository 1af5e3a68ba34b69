import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { tempDir } from '../helpers.ts';
import { userErrorOf } from './file-helpers.ts';

/*
 * The store itself keeps the rules that make a document printable, so a file edited by another
 * SQLite tool (or by a bug that slipped past the model) cannot hold an indicator outside its
 * tree or an annual value that contradicts the "follows the cycle value" flag.
 */

interface Fixture {
  file: string;
  projectId: number;
  indicatorId: number;
}

function makeDocument(tree?: string): Fixture {
  const file = path.join(tempDir(), '表.jxmb');
  const doc = TargetDocument.createAndOpen(file, {
    department: '区委组织部',
    year: 2025,
    ...(tree ? { tree } : {}),
  });
  const unit = doc.addUnit('区委组织部本级');
  const projectId = doc.addProject(unit, { name: '干部教育培训' });
  const indicatorId = doc.addIndicator(projectId, {
    level2Code: '11',
    name: '举办培训班',
    cycleValue: '12期',
  });
  doc.close();
  return { file, projectId, indicatorId };
}

/** A connection as another SQLite tool would make it: none of our settings. */
function rawConnection(file: string, foreignKeys: boolean): Database.Database {
  const db = new Database(file);
  db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  return db;
}

describe('the store keeps indicators inside the document’s tree', () => {
  for (const foreignKeys of [false, true]) {
    it(`raw SQL cannot insert or move an indicator outside the tree (foreign_keys ${foreignKeys ? 'ON' : 'OFF'})`, () => {
      const { file, projectId, indicatorId } = makeDocument();
      const db = rawConnection(file, foreignKeys);
      try {
        const insert = db.prepare(
          "INSERT INTO indicator (project_id, position, level2_code, name) VALUES (?, 1, ?, '越界')",
        );
        for (const code of ['41', '99', '1', '']) {
          expect(() => insert.run(projectId, code), code).toThrow(
            /not a second-level code of the tree/,
          );
        }
        expect(() =>
          db.prepare("UPDATE indicator SET level2_code = '99' WHERE id = ?").run(indicatorId),
        ).toThrow(/not a second-level code of the tree/);
        insert.run(projectId, '22');
        expect(db.prepare('SELECT count(*) FROM indicator').pluck().get()).toBe(2);
      } finally {
        db.close();
      }
    });
  }

  it('the model refuses a bad code with a UserError listing the valid ones', () => {
    const { file, projectId, indicatorId } = makeDocument();
    const doc = TargetDocument.open(file);
    try {
      const before = doc.snapshot();
      const error = userErrorOf(() => doc.addIndicator(projectId, { level2Code: '41' }));
      expect(error.message).toBe(
        '指标类别“41”不是本表指标体系中的二级指标（可选：11-数量指标、12-质量指标、13-时效指标、14-成本指标、21-经济效益、22-社会效益、23-生态效益、24-可持续影响、31-服务对象满意度）',
      );
      expect(userErrorOf(() => doc.setIndicatorCategory(indicatorId, '2')).message).toMatch(
        /^指标类别“2”不是本表指标体系中的二级指标（可选：11-数量指标、/,
      );
      expect(doc.snapshot()).toEqual(before);
    } finally {
      doc.close();
    }
  });

  it('a document on the mof-2021 tree accepts 41 and refuses 14; the default tree the reverse', () => {
    const mof = makeDocument('mof-2021');
    const std = makeDocument();

    const mofDoc = TargetDocument.open(mof.file);
    const id = mofDoc.addIndicator(mof.projectId, { level2Code: '41', name: '培训成本' });
    const added = mofDoc.snapshot().units[0]!.projects[0]!.indicators.find((i) => i.id === id)!;
    expect([added.level1.code, added.level1.name, added.level1.role]).toEqual([
      '4',
      '成本指标',
      'cost',
    ]);
    expect(added.level2).toEqual({ code: '41', name: '经济成本指标' });
    expect(
      userErrorOf(() => mofDoc.addIndicator(mof.projectId, { level2Code: '14' })).message,
    ).toMatch(/^指标类别“14”不是本表指标体系中的二级指标（可选：.*41-经济成本指标/);
    mofDoc.close();

    const stdDoc = TargetDocument.open(std.file);
    const id14 = stdDoc.addIndicator(std.projectId, { level2Code: '14', name: '培训成本' });
    expect(
      stdDoc.snapshot().units[0]!.projects[0]!.indicators.find((i) => i.id === id14)!.level2,
    ).toEqual({ code: '14', name: '成本指标' });
    expect(() => stdDoc.addIndicator(std.projectId, { level2Code: '41' })).toThrow(
      /指标类别“41”不是本表指标体系中的二级指标/,
    );
    stdDoc.close();

    // The same holds below the model, for any tool writing to the files.
    for (const [file, projectId, accepted, refused] of [
      [mof.file, mof.projectId, '41', '14'],
      [std.file, std.projectId, '14', '41'],
    ] as const) {
      const db = rawConnection(file, false);
      const insert = db.prepare(
        'INSERT INTO indicator (project_id, position, level2_code) VALUES (?, 9, ?)',
      );
      insert.run(projectId, accepted);
      expect(() => insert.run(projectId, refused)).toThrow(/not a second-level code of the tree/);
      db.close();
    }
  });
});

describe('the store keeps the annual value consistent with its flag', () => {
  it('raw SQL cannot make a linked annual value differ from the cycle value', () => {
    const { file, projectId, indicatorId } = makeDocument();
    const doc = TargetDocument.open(file);
    const unlinked = doc.addIndicator(projectId, {
      level2Code: '12',
      cycleValue: '合格率100%',
      annualValue: '合格率95%',
    });
    doc.close();

    const db = rawConnection(file, false);
    try {
      // Linking an indicator whose values differ.
      expect(() =>
        db.prepare('UPDATE indicator SET annual_follows_cycle = 1 WHERE id = ?').run(unlinked),
      ).toThrow(/CHECK constraint failed/);
      // Changing one value of a linked indicator without the other.
      expect(() =>
        db.prepare("UPDATE indicator SET annual_value = '6期' WHERE id = ?").run(indicatorId),
      ).toThrow(/CHECK constraint failed/);
      expect(() =>
        db
          .prepare(
            `INSERT INTO indicator (project_id, position, level2_code, cycle_value, annual_value, annual_follows_cycle)
             VALUES (?, 5, '11', '12期', '6期', 1)`,
          )
          .run(projectId),
      ).toThrow(/CHECK constraint failed/);
      expect(() =>
        db.prepare('UPDATE indicator SET annual_follows_cycle = 2 WHERE id = ?').run(unlinked),
      ).toThrow(/CHECK constraint failed/);
      // Unlinking first, then changing, is allowed: that is what the model does.
      db.prepare(
        "UPDATE indicator SET annual_follows_cycle = 0, annual_value = '6期' WHERE id = ?",
      ).run(indicatorId);
    } finally {
      db.close();
    }
  });
});
