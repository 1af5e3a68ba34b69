import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { dumpToString } from '../../db/interchange.ts';
import { TargetDocument } from '../../db/document.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE } from '../helpers.ts';
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
 * Kills while a new document is written: `import` (published text → document), `load` (JSON →
 * document) and `rollover` (last year's document → next year's), each run in a child exactly as
 * bin/jxmb.js runs it and SIGKILLed at random moments — half anywhere in the run, half just after
 * its temporary file appears. After each kill the target either does not exist or opens with the
 * program as the complete document, equal to what an uninterrupted run writes; a rollover's
 * source is never changed. After the next run to completion in that folder, no temporary file
 * of a killed run is left. KILL_IMPORT_N sets the number of kills per command (default 4),
 * KILL_SEED replays a run. The source text is the real published table when it sits beside the
 * clone, else the small fixture.
 */

const KILLS = countFromEnv('KILL_IMPORT_N', 4);
const SOURCE_TEXT = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');

const root = mkdtempSync(path.join(tmpdir(), 'jxmb-kill-import-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Last year's document and its JSON, made once in this process. */
function sources(): { document: string; json: string } {
  const document = path.join(root, '上年.jxmb');
  const json = path.join(root, '上年.json');
  if (!existsSync(document)) {
    writeDraft(importPublishedText(readFileSync(SOURCE_TEXT, 'utf8')).draft, document);
    const doc = TargetDocument.open(document, { readonly: true });
    writeFileSync(json, dumpToString(doc.snapshot()));
    doc.close();
  }
  return { document, json };
}

/**
 * The document as the program opens it for editing, or undefined when `file` is not there.
 * A copy is opened, elsewhere: an open for editing tidies its folder, and what is tested here
 * is that the writers themselves leave none of their temporary files behind.
 */
function readTarget(file: string): DocumentData | undefined {
  if (!existsSync(file)) return undefined;
  const copy = path.join(mkdtempSync(path.join(root, 'read-')), path.basename(file));
  copyFileSync(file, copy);
  const session = EditorSession.open(copy);
  try {
    return session.state().data;
  } finally {
    session.close();
    rmSync(path.dirname(copy), { recursive: true, force: true });
  }
}

function counts(data: DocumentData): string {
  const projects = data.units.flatMap((u) => u.projects);
  return `${data.units.length} 单位, ${projects.length} 项目, ${projects.flatMap((p) => p.indicators).length} 指标`;
}

const COMMANDS = {
  import: () => SOURCE_TEXT,
  load: () => sources().json,
  rollover: () => sources().document,
} as const;

describe('kills while import, load and rollover write a new document', () => {
  for (const [command, source] of Object.entries(COMMANDS)) {
    it(
      `${command}: no partial document over ${KILLS} SIGKILLs, no leftovers after the next run`,
      async () => {
        const started = Date.now();
        const from = source();
        const sourceHash = sha256(from);
        const dir = mkdtempSync(path.join(root, `${command}-`));
        const target = path.join(dir, '新表.jxmb');
        const { seed, rand } = killSeed();
        const where = (round: number) => `${command} round ${round}, KILL_SEED=${seed}`;
        const children = new TaskChildren(() => ['cli', command, from, '-o', target]);
        let kills = 0;
        let finished = 0;
        let writingKills = 0;
        let complete = 0;
        let absent = 0;
        let expected: DocumentData;
        const seen = new Set<string>();

        try {
          // One run to the end: how long it takes here, and the document it writes.
          const first = await children.next('never');
          expect(first.code, first.err).toBe(0);
          expected = readTarget(target)!;
          expect(expected.units.length).toBeGreaterThan(0);
          const ms = first.ms!;

          for (let round = 0; kills < KILLS; round++) {
            rmSync(target, { force: true });
            const result = await children.next(
              pickKill(rand, ms, dir, isTempName, 100, round === 0),
            );
            if (result.killed) kills++;
            else {
              expect(result.code, `${where(round)}:\n${result.err}`).toBe(0);
              finished++;
            }
            const fresh = tempFiles(dir).filter((n) => !seen.has(n));
            fresh.forEach((n) => seen.add(n));
            if (fresh.length && result.killed) writingKills++;
            expect(sha256(from), `${where(round)}: the source was changed`).toBe(sourceHash);

            const data = readTarget(target);
            if (data === undefined) {
              expect(result.killed, `${where(round)}: a finished run wrote no document`).toBe(true);
              absent++;
              continue;
            }
            expect(counts(data), where(round)).toBe(counts(expected));
            expect(data, `${where(round)}: a partial document`).toEqual(expected);
            complete++;
          }

          // The next run to the end in that folder clears what the killed ones left.
          rmSync(target, { force: true });
          const last = await children.next('never');
          expect(last.code, last.err).toBe(0);
          expect(readTarget(target)).toEqual(expected);
          expect(tempFiles(dir), `${command}: orphaned temporary files of killed runs`).toEqual([]);
        } finally {
          await children.close();
        }
        console.log(
          `${command} kills: ${kills} kills survived (${writingKills} while the document was being ` +
            `written), ${finished} runs finished first, ${complete} complete documents checked ` +
            `(${counts(expected)}), ${absent} targets absent, no partial document, ` +
            `${seen.size} temporary files left by kills, none after the next run, ` +
            `${((Date.now() - started) / 1000).toFixed(1)} s, KILL_SEED=${seed}`,
        );
      },
      300_000 + KILLS * 10_000,
    );
  }
});
