import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import type { CellRow } from '../../db/import/cell-rows.ts';
import { writeDraft } from '../../db/import/draft.ts';
import {
  readWorkbookRows,
  sheetRoles,
  type BookSheet,
} from '../../db/import/workbook/workbook-rows.ts';
import { readXlsxSheets } from '../../db/import/workbook/sheet-cells.ts';
import { isUserError } from '../../db/shared/errors.ts';
import { ROOT, tempDir } from '../helpers.ts';

// The per-row fixtures' cells damaged at random (cells emptied, moved, replaced by other cells'
// text or by garbage, rows dropped or repeated, merges' spans broken): every copy must be read
// whole into a document that opens, or refused with a message in Chinese — never a crash.
// `FUZZ_N=5000 vitest run test/import/workbook-per-row-fuzz.test.ts` for a long run.

const N = Number(process.env.FUZZ_N) > 0 ? Number(process.env.FUZZ_N) : 120;
const FIXTURES = path.join(ROOT, 'test/fixtures/workbooks/per-row');
const CHINESE = /[\u4e00-\u9fff]/u;

/** A small seeded generator, so a failure names a copy that can be made again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GARBAGE = [
  '',
  '≥',
  '=',
  '定性',
  '万元',
  '单位：元',
  '-1',
  '1e309',
  '９９．５',
  '(空)',
  'x'.repeat(500),
  '指标值',
  '项目名称',
  '一级指标',
  '正向',
  '[截断]',
];

function damageRows(rows: readonly CellRow[], next: () => number): CellRow[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const out = rows.map((r) => ({ ...r, cells: [...r.cells] }) as CellRow & { cells: string[] });
  const edits = 1 + Math.floor(next() * 6);
  for (let e = 0; e < edits && out.length > 0; e++) {
    const row = pick(out);
    const c = Math.floor(next() * Math.max(1, row.cells.length + 2));
    switch (Math.floor(next() * 6)) {
      case 0:
        row.cells[c] = '';
        break;
      case 1:
        row.cells[c] = pick(GARBAGE);
        break;
      case 2:
        row.cells[c] = pick(pick(out).cells) ?? '';
        break;
      case 3:
        out.splice(out.indexOf(row), 1);
        break;
      case 4:
        out.splice(out.indexOf(row), 0, { ...row, cells: [...row.cells] });
        break;
      default:
        if (row.spans) (row as { spans?: number[] }).spans = row.spans.map(() => pick([0, 1, 3]));
        else row.cells.splice(c, 1);
    }
  }
  return out.map((r) => ({ ...r, cells: Array.from(r.cells, (x) => x ?? '') }));
}

async function sheetsOf(name: string): Promise<BookSheet[]> {
  const sheets = await readXlsxSheets(new Uint8Array(readFileSync(path.join(FIXTURES, name))));
  return sheets.filter((s) => !s.hidden).map((s) => ({ name: s.name, rows: s.source.rows }));
}

describe('damaged per-row workbooks', () => {
  it(`never crash: ${N} copies are read whole or refused in Chinese`, async () => {
    const books = await Promise.all(
      [
        'sichuan-flat-yuan.xlsx',
        'two-header-rows-wanyuan.xlsx',
        'per-unit-sheets.xlsx',
        'national-shape.xlsx',
      ].map(sheetsOf),
    );
    const dir = tempDir();
    let written = 0;
    let refused = 0;
    for (let i = 0; i < N; i++) {
      const next = random(i + 1);
      const book = books[i % books.length]!.map((s) => ({
        ...s,
        rows: next() < 0.6 ? damageRows(s.rows, next) : s.rows,
      }));
      const label = `copy ${i}`;
      try {
        const roles = sheetRoles(book);
        if (roles.indicators.length === 0) {
          refused++;
          continue;
        }
        const result = readWorkbookRows(roles, {}, []);
        const file = path.join(dir, `${i}.jxmb`);
        writeDraft(result.draft, file);
        TargetDocument.open(file, { readonly: true }).close();
        written++;
      } catch (e) {
        if (!isUserError(e))
          throw new Error(`${label}: not a user error: ${String(e)}`, { cause: e });
        expect((e as Error).message, label).toMatch(CHINESE);
        refused++;
      }
    }
    expect(written + refused).toBe(N);
    expect(written).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, 600_000);
});
