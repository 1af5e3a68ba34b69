import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { isUserError } from '../../db/errors.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE, tempDir } from '../helpers.ts';

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deletes, duplicates and truncates random lines, as a careless copy out of a PDF would. */
function damage(text: string, seed: number): string {
  const random = rng(seed);
  const lines = text.split('\n');
  const edits = 1 + Math.floor(random() * 6);
  for (let k = 0; k < edits; k++) {
    const i = Math.floor(random() * lines.length);
    const what = random();
    if (what < 0.35) lines.splice(i, 1);
    else if (what < 0.6) lines.splice(i, 0, lines[i] ?? '');
    else if (what < 0.9) lines[i] = (lines[i] ?? '').slice(0, Math.floor(random() * 30));
    else lines.length = i; // the copy stopped here
  }
  return lines.join('\n');
}

const sources = [ownFixture('small-published.txt'), ...(HAS_PANYU ? [PANYU_FIXTURE] : [])];

describe.each(sources)('fuzzing the import of %s', (source) => {
  const original = readFileSync(source, 'utf8');
  const ROUNDS = 150;

  it(`never crashes and never leaves a partial file (${ROUNDS} damaged copies)`, () => {
    const dir = tempDir();
    let imported = 0;
    let refused = 0;
    for (let seed = 1; seed <= ROUNDS; seed++) {
      const text = damage(original, seed);
      const target = path.join(dir, `case-${seed}.jxmb`);
      try {
        const { draft } = importPublishedText(text);
        writeDraft(draft, target);
        // What was written must open and be whole.
        const doc = TargetDocument.open(target, { readonly: true });
        expect(doc.snapshot().units.length).toBe(draft.units.length);
        doc.close();
        imported++;
      } catch (e) {
        if (!isUserError(e))
          throw new Error(`seed ${seed}: not a user error: ${String(e)}`, { cause: e });
        expect((e as Error).message, `seed ${seed}`).toMatch(/[\u4e00-\u9fff]/u);
        refused++;
      }
    }
    // Only complete documents are in the directory: no temporary or journal files.
    const left = readdirSync(dir);
    expect(left.every((f) => /^case-\d+\.jxmb$/.test(f))).toBe(true);
    expect(left).toHaveLength(imported);
    console.log(`[fuzz] ${path.basename(source)}: ${imported} imported, ${refused} refused`);
    expect(imported + refused).toBe(ROUNDS);
  });
});
