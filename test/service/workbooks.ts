import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { textCellRows } from '../../db/import/cell-rows.ts';
import { ownFixture } from '../paths.ts';

/**
 * Workbooks a clerk might open or start next year's table from, written here with exceljs from
 * the project's own per-project forms (test/fixtures/other-regions/): each ` | `-separated line
 * becomes a sheet row, cell by cell, as a clerk's Excel copy of the form would be. What the
 * readers make of such sheets is db/import's to test; these only feed the hosts a real file.
 */

/** The fixture's rows as cells, without its `#` notes and blank lines. */
function fixtureRows(fixture: string): string[][] {
  const text = readFileSync(ownFixture(`other-regions/${fixture}.txt`), 'utf8');
  return textCellRows(text).rows.map((r) => [...r.cells]);
}

/** `fixture` (a name in test/fixtures/other-regions, without `.txt`) as one sheet of an .xlsx. */
export async function writeFormWorkbook(
  fixture: string,
  file: string,
  sheet = '申报表',
): Promise<string> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(sheet);
  fixtureRows(fixture).forEach((cells, r) =>
    cells.forEach((text, c) => {
      if (text !== '') ws.getCell(r + 1, c + 1).value = text;
    }),
  );
  await book.xlsx.writeFile(file);
  return file;
}

/** The same rows as a CSV (RFC 4180, UTF-8 with a BOM, as Excel saves “CSV UTF-8”). */
export function writeFormCsv(fixture: string, file: string): string {
  const quote = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  const lines = fixtureRows(fixture).map((cells) => cells.map(quote).join(','));
  writeFileSync(file, `\ufeff${lines.join('\r\n')}\r\n`);
  return file;
}

/** The own fixtures used, and what they hold (checked against the documents made from them). */
export const FORMS = {
  /** 元, stated on a line of its own; one project, 6 indicators; 2024. */
  yuan: { fixture: 'project-form-yuan', year: 2024, projects: 1, indicators: 6 },
  /** 万元; two projects, 11 indicators; 2024. */
  twoProjects: { fixture: 'project-form-two-projects', year: 2024, projects: 2, indicators: 11 },
  /** States no money unit: read only with one given. */
  noUnit: { fixture: 'project-form-ezhou-like', year: 2023, projects: 1, indicators: 4 },
} as const;
