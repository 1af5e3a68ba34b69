import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeExtractionSpaces } from '../../db/import/cjk-spaces.ts';
import { importPublishedText } from '../../db/import/index.ts';
import { readPdfGrid } from '../../db/import/pdf-grid.ts';
import { PAGE_FURNITURE } from '../../db/import/table-draft.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { buildPrintModel, renderDocx, renderPdf } from '../../templates/export/index.ts';
import type { Block, PrintModel } from '../../templates/export/model.ts';
import { LAYOUTS } from '../../templates/layout/index.ts';
import { buildNationalSample } from '../export/national-sample.ts';
import { HAS_SOFFICE, libreOfficeToPdf } from '../export/tools.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../paths.ts';
import { documentOf } from './pdf-docs.ts';

// The grid reader on the layouts this program prints, other than the summary table (which has
// its own reader): every cell of every table, every line outside them, as the print model says
// they are — from our exporter's PDF and from LibreOffice's PDF of our DOCX.

const GRID_LAYOUTS = LAYOUTS.filter((l) => l.kind !== 'summary');

let dir: string;
const sources: { name: string; doc: DocumentData }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'jxmb-pdf-grid-'));
  const national = path.join(dir, 'national');
  mkdirSync(national);
  sources.push({ name: 'national', doc: buildNationalSample(national).doc });
  if (HAS_PANYU) {
    const { draft } = importPublishedText(readFileSync(PANYU_FIXTURE, 'utf8'));
    sources.push({ name: 'panyu', doc: documentOf(draft, path.join(dir, 'panyu.jxmb')) });
  }
  const docx: string[] = [];
  for (const layout of GRID_LAYOUTS) {
    for (const { name, doc } of sources) {
      const model = buildPrintModel(doc, layout);
      writeFileSync(path.join(dir, `${name}-${layout.id}.pdf`), (await renderPdf(model, {})).bytes);
      const file = path.join(dir, `${name}-${layout.id}.docx`);
      writeFileSync(file, await renderDocx(model));
      docx.push(file);
    }
  }
  if (HAS_SOFFICE) libreOfficeToPdf(docx, path.join(dir, 'lo'));
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The rows the grid must give for a print model: paragraphs and the info line as one cell,
 * each table row's cells left to right with an empty cell under a cell merged down; a cell's
 * text with the line breaks it was written with.
 */
function expectedRows(model: PrintModel, other: boolean): string[][] {
  const text = (s: string) => {
    // Lines as the writer ended them; within a line, the printer's breaks closed up.
    const t = s
      .split('\n')
      .map((l) => l.trim())
      .join('\n')
      .trim();
    return other ? t.split('\n').map(removeExtractionSpaces).join('\n') : t;
  };
  const rows: string[][] = [];
  // Per column of the current table: the cell above that still covers it, and for how many rows.
  let covered: ({ id: number; left: number } | undefined)[] = [];
  let ids = 0;
  const table = (block: Extract<Block, { kind: 'table' }>) => {
    covered = block.widths.map((_, i) => (block.joinPrevious ? covered[i] : undefined));
    for (const row of [...block.header, ...block.rows]) {
      const out: string[] = [];
      let col = 0;
      const cells = [...row.cells];
      while (col < block.widths.length) {
        const over = covered[col];
        if (over && over.left > 0) {
          // One empty cell for the whole merged cell above, however many columns it spans.
          out.push('');
          while (covered[col] === over) col++;
          over.left--;
          continue;
        }
        const cell = cells.shift();
        if (!cell) break;
        out.push(text(cell.text));
        const span = cell.colSpan ?? 1;
        const mark = { id: ids++, left: (cell.rowSpan ?? 1) - 1 };
        for (let k = 0; k < span; k++) covered[col + k] = mark;
        col += span;
      }
      rows.push(out);
    }
  };
  for (const block of model.blocks) {
    if (block.kind === 'paragraph') rows.push([text(block.text)]);
    else if (block.kind === 'info-line') rows.push([`${text(block.left)} ${text(block.right)}`]);
    else table(block);
  }
  return rows;
}

for (const layout of GRID_LAYOUTS) {
  describe(`the grid of layout ${layout.id}`, () => {
    for (const printer of ['exporter', 'libreoffice'] as const) {
      for (const name of ['national', 'panyu']) {
        const skip =
          (printer === 'libreoffice' && !HAS_SOFFICE) || (name === 'panyu' && !HAS_PANYU);
        it.skipIf(skip)(`${name}, PDF of the ${printer}: every cell as printed`, async () => {
          const { doc } = sources.find((s) => s.name === name)!;
          const file =
            printer === 'exporter'
              ? path.join(dir, `${name}-${layout.id}.pdf`)
              : path.join(dir, 'lo', `${name}-${layout.id}.pdf`);
          const { rows } = await readPdfGrid(readFileSync(file));
          const got = rows
            .map((r) => r.cells)
            .filter((c) => !(c.length === 1 && PAGE_FURNITURE.some((re) => re.test(c[0]!))));
          const expected = expectedRows(buildPrintModel(doc, layout), printer === 'libreoffice');
          const norm = (rs: string[][]) => rs.map((r) => r.join(' | '));
          // A merged cell's text repeated at the top of a page (this program prints it again
          // where it fits) is the value the readers carry down anyway: compare as carried.
          expect(carryDown(got).map((r) => r.join(' | '))).toEqual(norm(carryDown(expected)));
        });
      }
    }
  });
}

/** Each empty cell as the readers read it: the value above in that column (same-width rows). */
function carryDown(rows: readonly (readonly string[])[]): string[][] {
  const out: string[][] = [];
  for (const row of rows) {
    const above = out.at(-1);
    out.push(row.map((c, i) => (c === '' && above && above.length === row.length ? above[i]! : c)));
  }
  return out;
}
