import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDraft } from '../../db/import/draft.ts';
import { readCells } from '../../db/import/forms/detect.ts';
import { readXlsxSheets } from '../../db/import/workbook/sheet-cells.ts';
import { UserError } from '../../db/shared/errors.ts';
import { ownFixture, tempDir } from '../helpers.ts';
import { damagedRows } from './workbook-sheets.ts';

// Damaged sheets of the committed form workbooks (cells blanked, changed, cut; rows lost,
// repeated, swapped; merged cells widened or lost): the readers give a draft that writes, or
// refuse with a UserError, never anything else.

const N = Number(process.env['WB_FORMS_FUZZ_N'] ?? 300);
const SEED = Number(process.env['WB_FORMS_FUZZ_SEED'] ?? 20261203);

describe('damaged sheets of per-project forms', () => {
  it(`${N} copies: a draft that writes, or a UserError`, async () => {
    const sheets = [];
    for (const f of ['shanghai-2024-shenbao.xlsx', 'two-forms-one-sheet-yuan.xlsx']) {
      const bytes = readFileSync(ownFixture(path.join('workbooks', 'forms', f)));
      sheets.push(...(await readXlsxSheets(bytes)).filter((s) => s.name !== '填表说明'));
    }
    const dir = tempDir();
    let drafts = 0;
    for (let n = 0; n < N; n++) {
      const sheet = sheets[n % sheets.length]!;
      const source = damagedRows(sheet.source.rows, SEED + n);
      let draft;
      try {
        ({ draft } = readCells(source, { unit: n % 2 === 0 ? '万元' : undefined }));
      } catch (e) {
        if (!(e instanceof UserError)) {
          throw new Error(`seed ${SEED + n}: ${String(e)}`, { cause: e });
        }
        continue;
      }
      drafts++;
      if (n % 20 === 0) writeDraft(draft, path.join(dir, `${n}.jxmb`));
    }
    expect(drafts).toBeGreaterThan(N / 5);
  }, 120_000);
});
