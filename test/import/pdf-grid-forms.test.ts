import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { textCellRows } from '../../db/import/cell-rows.ts';
import { readText } from '../../db/import/forms/detect.ts';
import { isEmptyMark } from '../../db/import/forms/header-labels.ts';
import { importPdf } from '../../db/import/pdf-import.ts';
import { ownFixture, ROOT } from '../paths.ts';
import { drawnRows, drawPdf } from './pdf-grid-draw.ts';

// A text and a PDF of the same form are read by the same rules: each form of other regions
// (the real ones of ../shared/fixtures/other-regions/ and the project's own, per-project and
// per-row) drawn as a ruled PDF, its cells wrapped over lines as a printer wraps them, reads
// as its text does.

const SHARED = path.resolve(ROOT, '..', 'shared', 'fixtures', 'other-regions');
const OWN = ownFixture('other-regions');
const files = [
  ...(existsSync(SHARED) ? readdirSync(SHARED).map((f) => path.join(SHARED, f)) : []),
  ...readdirSync(OWN).map((f) => path.join(OWN, f)),
].filter((f) => f.endsWith('.txt'));

describe('a form drawn as a ruled PDF reads as its text', () => {
  for (const file of files) {
    it(path.basename(file), async () => {
      const text = readFileSync(file, 'utf8');
      // An empty cell is printed empty (the fixtures write it `(空)`).
      const rows = textCellRows(text).rows.map((r) =>
        r.cells.map((c) => (isEmptyMark(c) ? '' : c)),
      );
      const pdf = importPdf(await drawPdf(drawnRows(rows), 'lines'));
      let fromText;
      try {
        fromText = readText(text);
      } catch {
        // A defect the text reader refuses is refused in the PDF too.
        await expect(pdf).rejects.toThrow();
        return;
      }
      expect((await pdf).draft).toEqual(fromText.draft);
    });
  }
});
