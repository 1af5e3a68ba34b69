import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPublishedText } from '../../db/import/index.ts';
import { ImportError, type ImportResult } from '../../db/import/source-where.ts';
import { writeDraft } from '../../db/import/draft.ts';
import { readCells } from '../../db/import/forms/detect.ts';
import { importWorkbook } from '../../db/import/workbook/import-workbook.ts';
import { readXlsxSheets } from '../../db/import/workbook/sheet-cells.ts';
import { UserError } from '../../db/shared/errors.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { buildPrintModel } from '../../templates/export/index.ts';
import type { Cell } from '../../templates/export/model.ts';
import { official } from '../../templates/layout/official.ts';
import { HAS_SOFFICE } from '../export/tools.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { documentOf, expectedDraft, printable, richDraft } from './pdf-docs.ts';
import {
  damagedRows,
  workbookOf,
  type Placed,
  type SheetCell,
  type SheetRow,
} from './workbook-sheets.ts';

// The Guangzhou table (templates/layout/official.ts) as a workbook reads back to the document it
// was made from: units, projects, amounts in their columns, goals and indicators, as its PDF
// does (test/import/pdf.test.ts). Until the xlsx exporter lands, the workbook is the print
// model's table written cell by cell with exceljs, amounts as numbers, as that exporter writes it.

/** Columns of the print model's table that hold amounts: 总计 and the three sources. */
const AMOUNT_COLUMNS = new Set([1, 2, 3, 4]);

function cellOf(cell: Cell, column: number): Placed {
  const span = {
    ...(cell.colSpan && cell.colSpan > 1 ? { w: cell.colSpan } : {}),
    ...(cell.rowSpan && cell.rowSpan > 1 ? { h: cell.rowSpan } : {}),
  };
  if (AMOUNT_COLUMNS.has(column) && cell.font === 'body') {
    // A zero prints empty; the cell holds the number 0 (the exporter hides it by its format).
    const n = cell.text === '' ? 0 : Number(cell.text.replaceAll(',', ''));
    return { v: n, numFmt: '#,##0.00;-#,##0.00;', ...span };
  }
  return { v: cell.text, ...span };
}

/**
 * The official table of `doc` as a sheet's rows. `piecesOf`: a row's 绩效指标 cut into pieces
 * that go on in the rows below, the row's other cells merged down over them (as the exporter
 * does with a cell taller than a sheet row can be).
 */
function officialRows(doc: DocumentData, piecesOf?: (text: string) => string[]): SheetRow[] {
  const model = buildPrintModel(doc, official);
  const rows: SheetRow[] = [];
  for (const block of model.blocks) {
    if (block.kind === 'paragraph') rows.push([{ v: block.text, w: 7 }]);
    else if (block.kind === 'info-line') rows.push([{ v: block.left, w: 6 }, block.right]);
    else {
      for (const r of [...block.header, ...block.rows]) {
        const cells = r.cells.map((c, i) => cellOf(c, i));
        const pieces = piecesOf && r.cells.length === 7 ? piecesOf(r.cells[6]!.text) : [];
        if (pieces.length <= 1) {
          rows.push(cells);
          continue;
        }
        const h = pieces.length;
        rows.push([
          ...cells.slice(0, 6).map((c): SheetCell => ({ ...(c as Placed), h })),
          pieces[0]!,
        ]);
        for (const piece of pieces.slice(1)) rows.push([piece]);
      }
    }
  }
  return rows;
}

/** A notation cut every `n` indicators, at their `k、`. */
const everyIndicators =
  (n: number) =>
  (text: string): string[] => {
    const items = text.split(/(?=\d+、\d+-)/u).filter((t) => t !== '');
    const pieces: string[] = [];
    for (let i = 0; i < items.length; i += n) pieces.push(items.slice(i, i + n).join(''));
    return pieces;
  };

const officialWorkbook = (doc: DocumentData, name = '绩效目标表') =>
  workbookOf([{ name, rows: officialRows(doc) }]);

let dir: string;
const docs = new Map<string, DocumentData>();

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jxmb-wb-official-'));
  const rich = richDraft();
  // Without the project that has no amount, goal or indicator: a sheet cannot tell it from a
  // unit (tested below).
  const small = {
    ...rich,
    units: rich.units.map((u) => ({
      ...u,
      projects: u.projects.filter((p) => p.name !== '预留项目（金额待定）'),
    })),
  };
  docs.set('small', documentOf(small, path.join(dir, 'small.jxmb')));
  docs.set('rich', documentOf(rich, path.join(dir, 'rich.jxmb')));
  if (HAS_PANYU) {
    const { draft } = importPublishedText(readFileSync(PANYU_FIXTURE, 'utf8'));
    docs.set('panyu', documentOf(draft, path.join(dir, 'panyu.jxmb')));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const warnings = (r: ImportResult) =>
  r.notes.filter((n) => n.severity === 'warning').map((n) => n.message);

describe('the official table as a workbook, read back', () => {
  it('gives back the small table with its additions', async () => {
    const doc = docs.get('small')!;
    const r = await importWorkbook(await officialWorkbook(doc), 'xlsx');
    expect(printable(r.draft)).toEqual(expectedDraft(doc));
    expect(r.draft.units.flatMap((u) => u.projects)).toHaveLength(8);
    expect(r.notes[0]!.message).toMatch(/^按广州市公开格式（项目支出绩效目标表）读取/u);
    // A unit with no project and no amount: the one row a sheet leaves in doubt, said.
    expect(warnings(r)).toEqual([
      expect.stringMatching(/^“示例区教育督导室（本年度无项目）”一行没有金额、绩效目标和绩效指标/u),
    ]);
    // Amounts in their columns: the two the text could not tell apart.
    const centre = r.draft.units.find((u) => u.name === '示例区青少年活动中心')!;
    expect(centre.projects.map((p) => p.amounts)).toEqual([
      { fiscal: 0, specialAccount: 3_000_000, other: 0 },
      { fiscal: 0, specialAccount: 0, other: 3_000_000 },
    ]);
  });

  it('joins a project whose 绩效指标 goes on in the sheet rows below it', async () => {
    const doc = docs.get('small')!;
    const rows = officialRows(doc, everyIndicators(5));
    const bytes = await workbookOf([{ name: '表', rows }]);
    const r = await importWorkbook(bytes, 'xlsx');
    expect(printable(r.draft)).toEqual(expectedDraft(doc));
    // The tall project's 36 indicators came in 8 sheet rows.
    expect(rows.length).toBeGreaterThan(officialRows(doc).length + 7);
    const tall = r.draft.units.flatMap((u) => u.projects).find((p) => p.indicators.length === 36);
    expect(tall).toBeDefined();
  });

  it('refuses a continued row with an amount of its own', async () => {
    const rows = officialRows(docs.get('small')!, everyIndicators(12));
    const at = rows.findIndex((r) => r.length === 1 && /^\d+、/u.test(String(r[0])));
    // 财政拨款 of the row above not merged down: the continued row has a cell of its own there.
    rows[at - 1] = rows[at - 1]!.map((c, i) => (i === 2 ? { ...(c as Placed), h: 1 } : c));
    rows[at] = [{ v: 5, at: 3 }, rows[at]![0]!];
    await expect(importWorkbook(await workbookOf([{ name: '表', rows }]), 'xlsx')).rejects.toThrow(
      new RegExp(`^工作表“表”第 ${at + 1} 行 C 列：.*的续行.*“财政拨款”栏中另有内容“5”`, 'u'),
    );
  });

  it.skipIf(!HAS_PANYU)('gives back the published fixture: 51 projects, no warning', async () => {
    const doc = docs.get('panyu')!;
    const r = await importWorkbook(await officialWorkbook(doc), 'xlsx');
    expect(printable(r.draft)).toEqual(expectedDraft(doc));
    expect(r.draft.units.flatMap((u) => u.projects)).toHaveLength(51);
    expect(r.draft.money).toEqual(doc.money);
    expect(r.notes.slice(1)).toEqual([]);
  });

  it('reads a project with no goal or indicator by the sums of its unit', async () => {
    const doc = docs.get('small')!;
    const bare = doc.units[0]!.projects[0]!;
    const edited: DocumentData = {
      ...doc,
      units: doc.units.map((u, i) =>
        i === 0
          ? { ...u, projects: [{ ...bare, goal: '', indicators: [] }, ...u.projects.slice(1)] }
          : u,
      ),
    };
    const r = await importWorkbook(await officialWorkbook(edited), 'xlsx');
    expect(r.draft.units.map((u) => u.name)).toEqual(doc.units.map((u) => u.name));
    expect(r.draft.units[0]!.projects[0]).toMatchObject({ name: bare.name, goal: '' });
    expect(r.notes.some((n) => n.message.includes(`“${bare.name}”没有绩效目标和绩效指标`))).toBe(
      true,
    );
  });

  it('a project with no amount, goal or indicator is read as a unit, and said', async () => {
    const r = await importWorkbook(await officialWorkbook(docs.get('rich')!), 'xlsx');
    expect(warnings(r)).toEqual([
      expect.stringMatching(
        /^“预留项目（金额待定）”一行没有金额、绩效目标和绩效指标.*按资金使用单位导入/u,
      ),
      expect.stringMatching(/^“示例区教育督导室（本年度无项目）”一行/u),
    ]);
  });

  it.skipIf(!HAS_SOFFICE)(
    'reads the same once LibreOffice Calc has saved it again',
    async () => {
      const doc = docs.get('small')!;
      const file = path.join(dir, 'official.xlsx');
      writeFileSync(file, await officialWorkbook(doc));
      const profile = mkdtempSync(path.join(tmpdir(), 'jxmb-lo-profile-'));
      try {
        const out = path.join(dir, 'lo');
        const run = spawnSync(
          'soffice',
          [
            `-env:UserInstallation=file://${profile}/user`,
            '--headless',
            '--norestore',
            '--convert-to',
            'xlsx:Calc MS Excel 2007 XML',
            '--outdir',
            out,
            file,
          ],
          { encoding: 'utf8', timeout: 180_000 },
        );
        expect(run.status).toBe(0);
        const r = await importWorkbook(readFileSync(path.join(out, 'official.xlsx')), 'xlsx');
        expect(printable(r.draft)).toEqual(expectedDraft(doc));
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
    180_000,
  );
});

describe('what an official sheet may hold besides', () => {
  const rowsOf = () => officialRows(docs.get('small')!);
  /** The sheet row (1-based) whose first cell is `name`. */
  const rowNamed = (rows: SheetRow[], name: string) =>
    rows.findIndex((r) => {
      const first = r[0];
      return (typeof first === 'object' && first !== null ? first.v : first) === name;
    });

  it('amounts typed as text, with thousands separators', async () => {
    const rows = rowsOf().map((r) =>
      r.map((c, i) =>
        AMOUNT_COLUMNS.has(i) && typeof c === 'object' && c !== null && typeof c.v === 'number'
          ? { v: c.v === 0 ? '' : c.v.toLocaleString('en-US', { minimumFractionDigits: 2 }) }
          : c,
      ),
    );
    const r = await importWorkbook(await workbookOf([{ name: '表', rows }]), 'xlsx');
    expect(printable(r.draft)).toEqual(expectedDraft(docs.get('small')!));
  });

  it('refuses an amount it cannot read, naming the sheet, row and column', async () => {
    const rows = rowsOf();
    const at = rowNamed(rows, '示例区青少年活动中心');
    rows[at] = rows[at]!.map((c, i) => (i === 2 ? '约三万' : c));
    const bytes = await workbookOf([{ name: '表', rows }]);
    await expect(importWorkbook(bytes, 'xlsx')).rejects.toThrow(
      new RegExp(`^工作表“表”第 ${at + 1} 行 C 列：.*金额栏中的“约三万”不是金额`, 'u'),
    );
  });

  it('refuses an amount finer than a 分, saying so', async () => {
    const rows = rowsOf();
    const at = rowNamed(rows, '示例区青少年活动中心');
    rows[at] = rows[at]!.map((c, i) => (i === 1 ? { v: 6.0000001 } : c));
    const bytes = await workbookOf([{ name: '表', rows }]);
    await expect(importWorkbook(bytes, 'xlsx')).rejects.toThrow(/B 列：.*小数超出了一分/u);
  });

  it('refuses an indicator list it cannot read, naming its cell', async () => {
    const rows = rowsOf();
    const at = rows.findIndex(
      (r) => r.length === 7 && String((r[6] as { v: unknown }).v).startsWith('1、'),
    );
    rows[at] = rows[at]!.map((c, i) =>
      i === 6 ? { v: '1、1-产出指标；11-数量指标；培训人次' } : c,
    );
    const e = await importWorkbook(await workbookOf([{ name: '表', rows }]), 'xlsx').catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).where).toMatchObject({ sheet: '表', line: at + 1, column: 7 });
    expect((e as ImportError).message).toContain('缺少“实施周期指标值:”');
  });

  /** The rows with the info line's `单位：万元` taken out, and a header cell renamed. */
  const withoutUnitLine = (header: (text: string) => string = (t) => t) =>
    rowsOf().map((r) =>
      r.map((c) => {
        const text = typeof c === 'object' && c !== null ? String(c.v) : String(c);
        if (text === '单位：万元') return '';
        return typeof c === 'object' && c !== null && typeof c.v === 'string'
          ? { ...c, v: header(c.v) }
          : c;
      }),
    );

  it('the unit stated in a column title (总计（万元）) instead of the 单位 line', async () => {
    const rows = withoutUnitLine((t) => (t === '总计' ? '总计（万元）' : t));
    const r = await importWorkbook(await workbookOf([{ name: '表', rows }]), 'xlsx');
    expect(printable(r.draft)).toEqual(expectedDraft(docs.get('small')!));
  });

  it('no unit stated: refused naming the sheet, read with the unit given', async () => {
    const bytes = await workbookOf([{ name: '表', rows: withoutUnitLine() }]);
    await expect(importWorkbook(bytes, 'xlsx')).rejects.toThrow(
      /^工作表“表”第 1 行：.*找不到金额单位.*--unit/u,
    );
    const r = await importWorkbook(bytes, 'xlsx', { unit: '万元' });
    expect(printable(r.draft)).toEqual(expectedDraft(docs.get('small')!));
    expect(warnings(r)).toContain('表格未注明金额单位，按指定的金额单位万元读取');
  });

  it('refuses a second official table in another sheet', async () => {
    const rows = rowsOf();
    const bytes = await workbookOf([
      { name: '甲', rows },
      { name: '乙', rows },
    ]);
    await expect(importWorkbook(bytes, 'xlsx')).rejects.toThrow(
      /工作表“乙”第 1 行：.*还有一张项目支出绩效目标表/u,
    );
  });
});

describe('damaged official sheets', () => {
  const N = Number(process.env['WB_OFFICIAL_FUZZ_N'] ?? 200);
  it(`${N} copies: a draft that writes, or a UserError`, async () => {
    const [sheet] = await readXlsxSheets(await officialWorkbook(docs.get('small')!));
    const target = path.join(dir, 'fuzz');
    let drafts = 0;
    for (let n = 0; n < N; n++) {
      let draft;
      try {
        ({ draft } = readCells(damagedRows(sheet!.source.rows, 7000 + n)));
      } catch (e) {
        if (!(e instanceof UserError))
          throw new Error(`seed ${7000 + n}: ${String(e)}`, { cause: e });
        continue;
      }
      drafts++;
      if (n % 20 === 0) writeDraft(draft, `${target}-${n}.jxmb`);
    }
    expect(drafts).toBeGreaterThan(N / 5);
  }, 120_000);
});
