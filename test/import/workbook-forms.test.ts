import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { textCellRows } from '../../db/import/cell-rows.ts';
import { detectText, readText } from '../../db/import/forms/detect.ts';
import type { ImportError, ImportResult, ReadOptions } from '../../db/import/source-where.ts';
import { importWorkbook } from '../../db/import/workbook/import-workbook.ts';
import { ownFixture, ROOT } from '../paths.ts';
import { textFormRows, workbookOf } from './workbook-sheets.ts';

// A 申报表 kept in Excel or WPS reads as the same form copied out of Word: each per-project form
// of other regions (the real ones of ../shared/fixtures/other-regions/ and the project's own),
// laid out in a sheet as a clerk lays it out (titles and values merged across, 一级/二级 merged
// down), reads to the draft its text does.

const SHARED = path.resolve(ROOT, '..', 'shared', 'fixtures', 'other-regions');
const XIANGTAN = path.join(SHARED, 'xiangtan-huanwei-wupaoche-2023.txt');
const CHONGQING = path.join(SHARED, 'fengjie-yunwu-2023-chongqing.txt');
const EZHOU = path.join(SHARED, 'ezhou-2022-binhu-dalou-yunxing.txt');
const HAS_SHARED = [XIANGTAN, CHONGQING, EZHOU].every((f) => existsSync(f));
if (!HAS_SHARED) {
  console.warn(`[skip] ${SHARED} is not here: the other regions' real forms are skipped`);
}
const OWN = ownFixture('other-regions');

const isForm = (text: string) => detectText(text, textCellRows(text))?.family === 'project-form';
const files = [
  ...(HAS_SHARED ? readdirSync(SHARED).map((f) => path.join(SHARED, f)) : []),
  ...readdirSync(OWN).map((f) => path.join(OWN, f)),
].filter((f) => f.endsWith('.txt') && isForm(readFileSync(f, 'utf8')));

/** The units the forms need and do not state (Ezhou states none). */
const OPTIONS: Readonly<Record<string, ReadOptions>> = {
  'ezhou-2022-binhu-dalou-yunxing.txt': { unit: '万元' },
};

async function asWorkbook(file: string, options: ReadOptions): Promise<ImportResult> {
  const text = readFileSync(file, 'utf8');
  const bytes = await workbookOf([{ name: '申报表', rows: textFormRows(text) }]);
  return importWorkbook(bytes, 'xlsx', options);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

const count = (r: ImportResult) =>
  r.draft.units.flatMap((u) => u.projects).reduce((n, p) => n + p.indicators.length, 0);

describe('a form laid out in a sheet reads as its text', () => {
  for (const file of files) {
    it(path.basename(file), async () => {
      const options = OPTIONS[path.basename(file)] ?? {};
      let text: ImportResult;
      try {
        text = readText(readFileSync(file, 'utf8'), options);
      } catch (e) {
        // A defect the text reader refuses is refused in the sheet too, naming the sheet.
        const detail = (e as ImportError).detail;
        await expect(asWorkbook(file, options)).rejects.toThrow(
          new RegExp(`^工作表“申报表”第 \\d+ 行.*${escape(detail.slice(-30))}`, 'u'),
        );
        return;
      }
      const sheet = await asWorkbook(file, options);
      expect(sheet.draft).toEqual(text.draft);
      // The same notes, each in the sheet (and, for a cell, its column).
      expect(sheet.notes.map((n) => [n.severity, n.message])).toEqual(
        text.notes.map((n) => [n.severity, n.message]),
      );
      expect(sheet.notes.every((n) => n.sheet === '申报表')).toBe(true);
    });
  }
});

describe.skipIf(!HAS_SHARED)('the three real forms as workbooks: the counts of their texts', () => {
  it('Xiangtan: 7 indicators in 7 categories', async () => {
    const r = await asWorkbook(XIANGTAN, {});
    expect(count(r)).toBe(7);
    const codes = r.draft.units[0]!.projects[0]!.indicators.map((i) => i.level2Code);
    expect(codes).toEqual(['11', '11', '12', '13', '14', '22', '31']);
  });

  it('Chongqing: 1 indicator before the cut, the cut named by its row', async () => {
    const r = await asWorkbook(CHONGQING, {});
    expect(count(r)).toBe(1);
    const cut = r.notes.filter((n) => n.severity === 'warning' && n.message.includes('截断'));
    expect(cut).toHaveLength(1);
    expect(cut[0]!.sheet).toBe('申报表');
  });

  it('Ezhou: refused without a unit, naming the sheet; 7 indicators with 万元', async () => {
    await expect(asWorkbook(EZHOU, {})).rejects.toThrow(/工作表“申报表”.*找不到金额单位/u);
    expect(count(await asWorkbook(EZHOU, { unit: '万元' }))).toBe(7);
  });
});
