import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPublishedText } from '../../db/import/index.ts';
import { importWorkbook } from '../../db/import/workbook/import-workbook.ts';
import { dumpDocument } from '../../db/interchange.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { renderXlsx } from '../../templates/export/xlsx/index.ts';
import type { XlsxShape } from '../../templates/export/xlsx/shapes.ts';
import { HAS_CALC } from '../export/xlsx-tools.ts';
import { buildNationalSample, withoutNationalFields } from '../export/national-sample.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../paths.ts';
import { documentOf } from './pdf-docs.ts';

// The round trip: both workbook shapes this program writes read back to the same
// document — as written, and after LibreOffice Calc has opened and saved them again (another
// program's workbook writer: its shared strings, styles and number cells). "Same" is the whole
// JSON interchange form (every field, amounts exact), but for the print layout, which a table
// read as a 汇总表 takes on (said in the first note); and a project's indicators are compared in
// the order they print (by category, as the tree orders them: the rows are written so), which
// the order they were typed in need not be. The official table prints none of the national
// fields (总体目标, 实施期, 权重, structured values …): from it comes back what it prints.

const SHAPES: readonly XlsxShape[] = ['official', 'rows'];

interface Source {
  readonly name: string;
  readonly doc: DocumentData;
}

let dir: string;
const sources: Source[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jxmb-workbook-roundtrip-'));
  sources.push({ name: 'national', doc: buildNationalSample(dir).doc });
  if (HAS_PANYU) {
    const { draft } = importPublishedText(readFileSync(PANYU_FIXTURE, 'utf8'));
    sources.push({ name: 'panyu', doc: documentOf(draft, path.join(dir, 'panyu.jxmb')) });
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface IndicatorJson {
  readonly level2?: { readonly code?: string };
}

/** What a shape prints of a document, so what reading it back must give. */
function printed(doc: DocumentData, shape: XlsxShape): DocumentData {
  return shape === 'official' ? withoutNationalFields(doc) : doc;
}

/** What must come back: the document's content, its indicators in printed order. */
function content(doc: DocumentData): unknown {
  const { printLayout: _layout, ...json } = dumpDocument(doc) as Record<string, unknown> & {
    units: { projects: { indicators: IndicatorJson[] }[] }[];
  };
  // Stable: indicators of one category keep their order.
  const byCategory = (a: IndicatorJson, b: IndicatorJson) =>
    (a.level2?.code ?? '').localeCompare(b.level2?.code ?? '');
  for (const unit of json.units) {
    for (const project of unit.projects) project.indicators.sort(byCategory);
  }
  return json;
}

/** Calc opens the workbook and saves it again as .xlsx (a private profile, headless). */
function calcResave(file: string, outDir: string): string {
  const profile = mkdtempSync(path.join(tmpdir(), 'lo-resave-'));
  try {
    const r = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}/user`,
        '--headless',
        '--norestore',
        '--convert-to',
        'xlsx:Calc MS Excel 2007 XML',
        '--outdir',
        outDir,
        file,
      ],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
    return path.join(outDir, path.basename(file));
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

async function readBack(bytes: Uint8Array, file: string): Promise<DocumentData> {
  const { draft } = await importWorkbook(bytes, 'xlsx');
  return documentOf(draft, file);
}

describe.each(SHAPES)('the %s workbook reads back to the same document', (shape) => {
  it('as this program writes it', async () => {
    for (const { name, doc } of sources) {
      const bytes = await renderXlsx(doc, shape);
      const back = await readBack(bytes, path.join(dir, `${name}-${shape}-back.jxmb`));
      expect(content(back), name).toEqual(content(printed(doc, shape)));
    }
  }, 120_000);

  it.skipIf(!HAS_CALC)(
    'after LibreOffice Calc has saved it again',
    async () => {
      for (const { name, doc } of sources) {
        const written = path.join(dir, `${name}-${shape}.xlsx`);
        writeFileSync(written, await renderXlsx(doc, shape));
        const resavedDir = mkdtempSync(path.join(dir, 'calc-'));
        const resaved = calcResave(written, resavedDir);
        const back = await readBack(
          readFileSync(resaved),
          path.join(dir, `${name}-${shape}-calc.jxmb`),
        );
        expect(content(back), name).toEqual(content(printed(doc, shape)));
      }
    },
    300_000,
  );
});
