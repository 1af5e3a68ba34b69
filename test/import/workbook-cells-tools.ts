import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { textCellRows } from '../../db/import/cell-rows.ts';
import { HAS_SOFFICE } from '../export/tools.ts';
import { ownFixture } from '../paths.ts';

/**
 * Workbooks for the workbook tests as the programs clerks use write them: exceljs here, and
 * LibreOffice (headless, a fresh profile each time) converting them, so that a cell is read
 * right whichever writer made it. Where LibreOffice is missing the tests that need it skip.
 */

export { HAS_SOFFICE };

export async function xlsxBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * Converts files with LibreOffice to `format` (xlsx, xls, csv…) in `outDir`; returns the new
 * files' paths, in order. One soffice run for all: its start is most of the time.
 */
export function sofficeConvert(files: readonly string[], format: string, outDir: string): string[] {
  const profile = mkdtempSync(path.join(tmpdir(), 'lo-'));
  mkdirSync(outDir, { recursive: true });
  try {
    const r = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}/user`,
        '--headless',
        '--norestore',
        '--convert-to',
        format,
        '--outdir',
        outDir,
        ...files,
      ],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const ext = format.split(':')[0]!;
  return files.map((f) => path.join(outDir, `${path.basename(f, path.extname(f))}.${ext}`));
}

/** The workbook with one member's text changed (or removed, when `edit` gives undefined). */
export function editMember(
  bytes: Uint8Array,
  member: string,
  edit: (xml: string) => string | undefined,
): Uint8Array {
  const files = unzipSync(bytes);
  const old = files[member];
  if (!old) throw new Error(`no member ${member}`);
  const text = edit(strFromU8(old));
  if (text === undefined) delete files[member];
  else files[member] = strToU8(text);
  return zipSync(files);
}

/** A text fixture of other-regions/ as a sheet, row for row, cell for cell (`a | b` → A, B). */
async function sheetOf(fixture: string, merge: boolean): Promise<Uint8Array> {
  const text = readFileSync(ownFixture(`other-regions/${fixture}`), 'utf8');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('年度指标');
  // The page footer of the copied text is no part of a sheet.
  const rows = textCellRows(text).rows.filter((r) => !/^第\s*\d+\s*页/u.test(r.cells[0] ?? ''));
  for (const row of rows) ws.getRow(row.where.line).values = [null, ...row.cells];
  if (merge) {
    // The first column merged down over the empty cells below each of its texts, as a clerk's
    // sheet has its unit or project cells.
    const lines = rows.map((r) => r.where.line);
    for (let i = 0; i < rows.length;) {
      let j = i + 1;
      while (j < rows.length && rows[j]!.cells[0] === '' && lines[j] === lines[j - 1]! + 1) j++;
      if (rows[i]!.cells[0] && j - i > 1) ws.mergeCells(lines[i]!, 1, lines[j - 1]!, 1);
      i = j;
    }
  }
  return xlsxBytes(wb);
}

/**
 * Real workbooks to damage: a per-row sheet (11 indicators, its unit cells merged) and a
 * sheet of two 申报表 forms (read with the year 2025, which their titles lack).
 */
export async function seedWorkbooks(): Promise<{ name: string; bytes: Uint8Array }[]> {
  return [
    { name: 'per-row', bytes: await sheetOf('per-row-own-layout-2025.txt', true) },
    { name: 'forms', bytes: await sheetOf('project-form-two-projects.txt', false) },
  ];
}

/** The damages of the committed fixtures (test/fixtures/workbooks/damaged/), by file name. */
export const DAMAGES: Record<string, (xlsx: Uint8Array) => Uint8Array> = {
  // Cut in the middle, as an interrupted download or copy leaves it.
  'truncated.xlsx': (x) => x.slice(0, Math.floor(x.length * 0.6)),
  'broken-sheet-xml.xlsx': (x) =>
    editMember(x, 'xl/worksheets/sheet1.xml', (xml) => xml.replace(/<\/row>/u, '</rowx>')),
  'missing-sheet.xlsx': (x) => editMember(x, 'xl/worksheets/sheet1.xml', () => undefined),
  'overlapping-merges.xlsx': (x) =>
    editMember(x, 'xl/worksheets/sheet1.xml', (xml) =>
      xml.replace('</mergeCells>', '<mergeCell ref="A10:C12"/></mergeCells>'),
    ),
};
