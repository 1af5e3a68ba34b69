import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { ownFixture } from '../helpers.ts';
import {
  countFromEnv,
  docxProblem,
  isTempName,
  killSeed,
  pdfProblem,
  pickKill,
  TaskChildren,
  tempFiles,
} from './kill-harness.ts';

/*
 * Kills during `export`: a PDF or Word file is written whole or not at all. The command line's
 * export (run in a child exactly as bin/jxmb.js runs it) is SIGKILLed at random moments — half
 * anywhere in the run, half just after it starts writing a file — and every other child writes
 * slowly, as to a network share, so the kills land inside the writing. After each kill, each
 * target either does not exist or is a complete file: a PDF that starts with %PDF-, ends with
 * %%EOF and that pdfinfo reads; a DOCX that is a valid zip with a complete word/document.xml.
 * KILL_EXPORT_N sets the number of kills (default 6), KILL_SEED replays a run.
 */

const KILLS = countFromEnv('KILL_EXPORT_N', 6);

describe('kills during export', () => {
  // One folder for both tests: the second looks at what the kills of the first left.
  const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-kill-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const doc = path.join(dir, '导出测试.jxmb');
  const pdf = path.join(dir, '导出测试.pdf');
  const docx = path.join(dir, '导出测试.docx');
  const children = new TaskChildren(() => ['cli', 'export', doc, '--pdf', pdf, '--docx', docx]);

  it(
    `leaves no half-written PDF or Word file over ${KILLS} SIGKILLs`,
    async () => {
      const started = Date.now();
      const { draft } = importPublishedText(
        readFileSync(ownFixture('small-published.txt'), 'utf8'),
      );
      writeDraft(draft, doc);
      const { seed, rand } = killSeed();
      const where = (round: number) => `round ${round}, KILL_SEED=${seed}`;
      let kills = 0;
      let finished = 0;
      let writingKills = 0;
      let absent = 0;
      let filesChecked = 0;

      try {
        // One run to the end: how long an export takes here, and that it works at all.
        const first = await children.next('never');
        expect(first.code, first.err).toBe(0);
        expect(pdfProblem(pdf)).toBeUndefined();
        expect(docxProblem(docx)).toBeUndefined();
        const ms = first.ms!;

        for (let round = 0; kills < KILLS; round++) {
          rmSync(pdf, { force: true });
          rmSync(docx, { force: true });
          const tempsBefore = tempFiles(dir).length;
          const result = await children.next(pickKill(rand, ms, dir, isTempName, 80, round === 0));
          if (!result.killed) {
            // It finished before the kill: then both files are there and whole.
            expect(result.code, `${where(round)}:\n${result.err}`).toBe(0);
            finished++;
          } else {
            kills++;
            if (tempFiles(dir).length > tempsBefore) writingKills++;
          }
          for (const [file, problem] of [
            [pdf, pdfProblem],
            [docx, docxProblem],
          ] as const) {
            if (!existsSync(file)) {
              expect(result.killed, `${where(round)}: a finished export wrote ${file}`).toBe(true);
              absent++;
              continue;
            }
            expect(problem(file), `${where(round)}: ${path.basename(file)}`).toBeUndefined();
            filesChecked++;
          }
        }
      } finally {
        await children.close();
      }
      // Some kills must have landed while a file was being written, or nothing was tested.
      expect(writingKills).toBeGreaterThan(0);
      console.log(
        `export kills: ${kills} kills survived (${writingKills} while writing a file), ` +
          `${finished} runs finished first, ${filesChecked} complete files checked, ${absent} ` +
          `targets absent, none half-written, ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
          `KILL_SEED=${seed}`,
      );
    },
    300_000 + KILLS * 5_000,
  );

  it('the next export in that folder removes the temporary files of killed ones', async () => {
    // Kills above left temporary files of processes that are gone (or none, if every kill
    // landed outside a write: then this checks nothing more).
    const next = new TaskChildren(
      () => ['cli', 'export', doc, '--pdf', pdf, '--docx', docx, '--force'],
      0,
    );
    try {
      const result = await next.next('never');
      expect(result.code, result.err).toBe(0);
    } finally {
      await next.close();
    }
    expect(pdfProblem(pdf)).toBeUndefined();
    expect(docxProblem(docx)).toBeUndefined();
    expect(tempFiles(dir), 'orphaned temporary files of killed exports').toEqual([]);
  }, 60_000);
});
