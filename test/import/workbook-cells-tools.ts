import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { HAS_SOFFICE } from '../export/tools.ts';

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
