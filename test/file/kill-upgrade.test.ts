import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { createFileAtVersion } from '../../db/document-file.ts';
import { SCHEMA_VERSION } from '../../db/migrations.ts';
import { builtInTree } from '../../db/built-in-trees.ts';
import { tempDir } from '../helpers.ts';
import { sha256 } from './file-helpers.ts';
import {
  countFromEnv,
  isTempName,
  killSeed,
  pickKill,
  TaskChildren,
  tempFiles,
} from './kill-harness.ts';

/*
 * Kills during the upgrade of a file from an older version. Opening a version-1 file for editing
 * (as a window does: EditorSession.open) first copies it beside itself as “名.v1-备份.jxmb”, then
 * upgrades it. A child doing that is SIGKILLed at random moments — half anywhere, half just after
 * the backup (or its temporary file) appears — and every other child copies slowly, as to a
 * network share, so kills land inside the copy. After each kill:
 * - every backup present is byte-identical to the original: a backup cut short under its
 *   official name, the one a clerk would reach for, is a failure (today's code: a kill during
 *   the copy leaves exactly that);
 * - the file then opens with the program, upgraded, with all its content, and after that open
 *   the official backup exists and is the original, byte for byte;
 * - no temporary file of the killed process is left in the folder after that open.
 * KILL_UPGRADE_N sets the number of kills (default 12), KILL_SEED replays a run.
 */

const KILLS = countFromEnv('KILL_UPGRADE_N', 12);
const UNITS = 3;
const PROJECTS_PER_UNIT = 15;
const INDICATORS_PER_PROJECT = 6;

/** A version-1 file as that version wrote it, big enough (≈0.5 MB) for its copy to take time. */
function writeV1(file: string): void {
  const db: Database.Database = createFileAtVersion(file, 1);
  try {
    const tree = builtInTree('default')!;
    db.transaction(() => {
      db.prepare(
        `INSERT INTO document (id, department, year, title, money_unit, tree_id, tree_name, tree_source)
         VALUES (1, '升级测试部', 2024, NULL, '万元', ?, ?, ?)`,
      ).run(tree.id, tree.name, tree.source ?? null);
      let order = 0;
      tree.level1.forEach((l1, i) => {
        db.prepare(
          'INSERT INTO category_level1 (code, name, role, position) VALUES (?, ?, ?, ?)',
        ).run(l1.code, l1.name, l1.role, i);
        for (const l2 of l1.level2) {
          db.prepare(
            'INSERT INTO category_level2 (code, level1_code, name, position) VALUES (?, ?, ?, ?)',
          ).run(l2.code, l1.code, l2.name, order++);
        }
      });
      const codes = tree.level1.flatMap((l1) => l1.level2.map((l2) => l2.code));
      const long = (what: string, n: number) =>
        `${what}${n}：${'举办专题培训班提升干部能力'.repeat(20)}`;
      let project = 0;
      let indicator = 0;
      for (let u = 1; u <= UNITS; u++) {
        db.prepare('INSERT INTO unit (id, name, position) VALUES (?, ?, ?)').run(
          u,
          `单位${u}`,
          u - 1,
        );
        for (let p = 0; p < PROJECTS_PER_UNIT; p++) {
          project++;
          db.prepare(
            `INSERT INTO project (id, unit_id, position, name, fiscal, special_account, other, goal)
             VALUES (?, ?, ?, ?, ?, 0, 0, ?)`,
          ).run(project, u, p, `项目${project}`, 100 * project, long('目标', project));
          for (let i = 0; i < INDICATORS_PER_PROJECT; i++) {
            indicator++;
            db.prepare(
              `INSERT INTO indicator (id, project_id, position, level2_code, name, cycle_value,
                 annual_value, annual_follows_cycle) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
            ).run(
              indicator,
              project,
              i,
              codes[indicator % codes.length],
              `指标${indicator}`,
              long('值', indicator),
              long('值', indicator),
            );
          }
        }
      }
    })();
  } finally {
    db.close();
  }
}

const NAME = '升级测试.jxmb';
const OFFICIAL_BACKUP = '升级测试.v1-备份.jxmb';
const isBackup = (name: string) => /^升级测试\.v1-备份(-\d+)?\.jxmb$/.test(name);

describe('kills during the upgrade of an older file', () => {
  it(
    `the backup is whole or absent, and the file opens upgraded, over ${KILLS} SIGKILLs`,
    async () => {
      const started = Date.now();
      const root = tempDir();
      const original = path.join(root, 'original.jxmb');
      writeV1(original);
      const originalHash = sha256(original);
      const { seed, rand } = killSeed();
      const where = (round: number) => `round ${round}, KILL_SEED=${seed}`;
      const roundFile = (i: number) => path.join(root, `round-${i}`, NAME);
      let kills = 0;
      let finished = 0;
      let copyKills = 0;
      let backupsAbsent = 0;
      let backupsChecked = 0;
      let leftBehind = 0;

      // Child i upgrades its own copy of the original, in a folder of its own.
      const children = new TaskChildren((i) => {
        mkdirSync(path.dirname(roundFile(i)));
        copyFileSync(original, roundFile(i));
        return ['open', roundFile(i)];
      });
      const expectUpgraded = (file: string, label: string) => {
        const session = EditorSession.open(file, { mode: 'takeOver' });
        try {
          const data = session.state().data;
          expect(data.department, label).toBe('升级测试部');
          expect(data.units.length, label).toBe(UNITS);
          const projects = data.units.flatMap((u) => u.projects);
          expect(projects.length, label).toBe(UNITS * PROJECTS_PER_UNIT);
          expect(projects.flatMap((p) => p.indicators).length, label).toBe(
            UNITS * PROJECTS_PER_UNIT * INDICATORS_PER_PROJECT,
          );
        } finally {
          session.close();
        }
        expect(readFileSync(file).readUInt32BE(60), `${label}: upgraded`).toBe(SCHEMA_VERSION);
      };

      try {
        // One upgrade to the end: how long it takes here, and what it leaves.
        const first = await children.next('never');
        expect(first.code, first.err).toBe(0);
        expect(sha256(path.join(path.dirname(roundFile(0)), OFFICIAL_BACKUP))).toBe(originalHash);
        expectUpgraded(roundFile(0), 'calibration');
        const ms = first.ms!;

        for (let round = 1; kills < KILLS; round++) {
          const dir = path.dirname(roundFile(round));
          const writing = (name: string) => isBackup(name) || isTempName(name);
          const result = await children.next(pickKill(rand, ms, dir, writing, 60, round === 1));
          if (result.killed) kills++;
          else {
            expect(result.code, `${where(round)}:\n${result.err}`).toBe(0);
            finished++;
          }
          const temps = tempFiles(dir);
          if (temps.length) copyKills++;

          // As the kill left it: each backup is the original, byte for byte, or not there.
          const backups = readdirSync(dir).filter(isBackup);
          if (backups.length === 0) backupsAbsent++;
          for (const b of backups) {
            expect(sha256(path.join(dir, b)), `${where(round)}: ${b} is cut short`).toBe(
              originalHash,
            );
            backupsChecked++;
          }

          // The next open (taking over the killed child's lock) finishes the upgrade.
          expectUpgraded(roundFile(round), where(round));
          expect(
            sha256(path.join(dir, OFFICIAL_BACKUP)),
            `${where(round)}: the backup under its official name`,
          ).toBe(originalHash);
          for (const b of readdirSync(dir).filter(isBackup)) {
            expect(sha256(path.join(dir, b)), `${where(round)}: ${b}`).toBe(originalHash);
          }
          leftBehind += temps.length;
          expect(tempFiles(dir), `${where(round)}: orphans left after the next open`).toEqual([]);
          expect(readdirSync(dir).filter((n) => n.endsWith('-journal'))).toEqual([]);
        }
      } finally {
        await children.close();
      }
      console.log(
        `upgrade kills: ${kills} kills survived (${copyKills} left a temporary file, ${leftBehind} ` +
          `such files removed by the next open), ${finished} upgrades finished first, ` +
          `${backupsChecked} backups found whole, ${backupsAbsent} rounds without a backup yet, ` +
          `none cut short; every file opened upgraded, ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
          `KILL_SEED=${seed}`,
      );
    },
    300_000 + KILLS * 5_000,
  );
});
