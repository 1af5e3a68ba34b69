import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTextInput } from '../../cli/read-input.ts';
import { TargetDocument } from '../../db/document.ts';
import { isUserError } from '../../db/shared/errors.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { dumpToString, loadDocumentJson, parseJsonText } from '../../db/interchange.ts';
import { rollover } from '../../db/rollover/index.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE, tempDir } from '../helpers.ts';
import { importToSnapshot } from './build.ts';
import { damage, damageJson, damagePdf } from './damage.ts';
import { ownPdf } from './damaged-pdf.ts';

// Damaged inputs through every way a table comes in: published text (import, rollover), PDF
// (rollover), JSON (load). None may crash, hang or leave a partial document: each is either
// refused with a message in Chinese (a UserError) or becomes a document that opens whole.
//
// The default counts keep the suite fast; the long runs are
//   FUZZ_N=10000 FUZZ_PDF_N=1000 FUZZ_JSON_N=1000 vitest run test/import/fuzz.test.ts
// Rollover parses each source in a worker of its own (text: about 0.4 s; PDF: about 1 s, most
// of it starting the worker and pdf.js): by default only the first 8 text copies go that way;
// all FUZZ_N of them when FUZZ_N is set, or FUZZ_ROLLOVER_N of them (at 10000, hours).

const count = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const FUZZ_N = count('FUZZ_N', 150);
const ROLLOVER_N = count('FUZZ_ROLLOVER_N', process.env.FUZZ_N ? FUZZ_N : 8);
const FUZZ_PDF_N = count('FUZZ_PDF_N', 8);
const FUZZ_JSON_N = count('FUZZ_JSON_N', 100);
/** No input may take longer than this. */
const HANG_MS = 10_000;
/** A test's own time limit: room for every input at its worst (long runs take hours). */
const timeLimit = (n: number): number => Math.max(600_000, n * HANG_MS);
const CHINESE = /[\u4e00-\u9fff]/u;

/** What one damaged input came to. */
type Outcome = 'written' | 'refused';

/**
 * Runs one input: it must finish within HANG_MS, be refused with a UserError in Chinese (and
 * leave no target) or write a target that opens as a whole document.
 */
async function attempt(
  label: string,
  target: string,
  work: () => Promise<unknown> | unknown,
): Promise<Outcome> {
  const started = performance.now();
  let outcome: Outcome;
  try {
    await work();
    outcome = 'written';
  } catch (e) {
    if (!isUserError(e)) throw new Error(`${label}: not a user error: ${String(e)}`, { cause: e });
    expect((e as Error).message, label).toMatch(CHINESE);
    outcome = 'refused';
  }
  expect(performance.now() - started, `${label} took too long`).toBeLessThan(HANG_MS);
  const written = readdirSync(path.dirname(target)).includes(path.basename(target));
  expect(written, `${label}: a target after a refusal`).toBe(outcome === 'written');
  if (written) {
    const doc = TargetDocument.open(target, { readonly: true });
    try {
      expect(doc.snapshot().units.length, label).toBeGreaterThan(0);
    } finally {
      doc.close();
    }
  }
  return outcome;
}

/** Only whole documents are left in a target folder: no temporary or journal files. */
function expectOnlyDocuments(dir: string, written: number): void {
  const left = readdirSync(dir);
  expect(left.filter((f) => !/^case-\d+\.jxmb$/u.test(f))).toEqual([]);
  expect(left).toHaveLength(written);
}

function tally(outcomes: Outcome[]): { written: number; refused: number } {
  return {
    written: outcomes.filter((o) => o === 'written').length,
    refused: outcomes.filter((o) => o === 'refused').length,
  };
}

const sources = [ownFixture('small-published.txt'), ...(HAS_PANYU ? [PANYU_FIXTURE] : [])];

describe.each(sources)('damaged copies of the published text %s', (source) => {
  const original = readFileSync(source, 'utf8');

  it(
    `through import: never crash nor leave a partial file (${FUZZ_N} copies)`,
    async () => {
      const dir = tempDir();
      const outcomes: Outcome[] = [];
      for (let seed = 1; seed <= FUZZ_N; seed++) {
        const target = path.join(dir, `case-${seed}.jxmb`);
        outcomes.push(
          await attempt(`seed ${seed}`, target, () => {
            const { draft } = importPublishedText(damage(original, seed));
            writeDraft(draft, target);
          }),
        );
      }
      const { written, refused } = tally(outcomes);
      expectOnlyDocuments(dir, written);
      console.log(
        `[fuzz] import ${path.basename(source)}: ${written} imported, ${refused} refused`,
      );
    },
    timeLimit(FUZZ_N),
  );

  it(
    `through rollover: the same (${ROLLOVER_N} copies)`,
    async () => {
      const dir = tempDir();
      const inputs = path.join(dir, 'in');
      const out = path.join(dir, 'out');
      mkdirSync(inputs);
      mkdirSync(out);
      const outcomes: Outcome[] = [];
      for (let seed = 1; seed <= ROLLOVER_N; seed++) {
        const file = path.join(inputs, `case-${seed}.txt`);
        writeFileSync(file, damage(original, seed));
        const target = path.join(out, `case-${seed}.jxmb`);
        outcomes.push(await attempt(`seed ${seed}`, target, () => rollover(file, target)));
      }
      const { written, refused } = tally(outcomes);
      expectOnlyDocuments(out, written);
      console.log(`[fuzz] rollover ${path.basename(source)}: ${written} made, ${refused} refused`);
    },
    timeLimit(ROLLOVER_N),
  );
});

describe('damaged PDFs', () => {
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await ownPdf(path.join(tempDir(), 'rich.jxmb'));
  }, 60_000);

  it(
    `through rollover: never crash nor leave a partial file (${FUZZ_PDF_N} PDFs)`,
    async () => {
      const dir = tempDir();
      const inputs = path.join(dir, 'in');
      const out = path.join(dir, 'out');
      mkdirSync(inputs);
      mkdirSync(out);
      const unhandled: unknown[] = [];
      const listen = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', listen);
      const outcomes: Outcome[] = [];
      try {
        for (let seed = 1; seed <= FUZZ_PDF_N; seed++) {
          const file = path.join(inputs, `case-${seed}.pdf`);
          writeFileSync(file, damagePdf(pdf, seed));
          const target = path.join(out, `case-${seed}.jxmb`);
          outcomes.push(await attempt(`seed ${seed}`, target, () => rollover(file, target)));
        }
      } finally {
        process.off('unhandledRejection', listen);
      }
      expect(unhandled).toEqual([]);
      const { written, refused } = tally(outcomes);
      expectOnlyDocuments(out, written);
      console.log(`[fuzz] rollover of PDFs: ${written} made, ${refused} refused`);
    },
    timeLimit(FUZZ_PDF_N),
  );
});

describe('damaged JSON', () => {
  let json: string;
  beforeAll(() => {
    const source = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');
    json = dumpToString(importToSnapshot(source).snapshot);
  });

  it(
    `through load: never crash nor leave a partial file (${FUZZ_JSON_N} files)`,
    async () => {
      const dir = tempDir();
      const inputs = path.join(dir, 'in');
      const out = path.join(dir, 'out');
      mkdirSync(inputs);
      mkdirSync(out);
      const outcomes: Outcome[] = [];
      for (let seed = 1; seed <= FUZZ_JSON_N; seed++) {
        const file = path.join(inputs, `case-${seed}.json`);
        writeFileSync(file, damageJson(json, seed));
        const target = path.join(out, `case-${seed}.jxmb`);
        // What the load command does.
        outcomes.push(
          await attempt(`seed ${seed}`, target, () =>
            writeDraft(loadDocumentJson(parseJsonText(readTextInput(file), `“${file}”`)), target),
          ),
        );
      }
      const { written, refused } = tally(outcomes);
      expectOnlyDocuments(out, written);
      console.log(`[fuzz] load of JSON: ${written} loaded, ${refused} refused`);
    },
    timeLimit(FUZZ_JSON_N),
  );
});
