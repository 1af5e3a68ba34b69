import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { HAS_SOFFICE } from './tools.ts';

/**
 * Checking workbooks with real tools: exceljs reads a file back, LibreOffice Calc converts each
 * of its sheets to CSV (a workbook Calc cannot open fails the conversion). Calc is a package of
 * its own beside Writer (Debian: libreoffice-calc-nogui); where it is missing those checks skip.
 */

function sofficeDir(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' });
  const found = r.stdout.trim();
  return found ? path.dirname(realpathSync(found)) : undefined;
}

/** Calc's module beside soffice (Linux, Windows) or in the app's Frameworks (macOS). */
function hasCalc(): boolean {
  const dir = sofficeDir();
  if (!dir) return false;
  const names = ['libsclo.so', 'sclo.dll', 'libsclo.dylib'];
  return [dir, path.join(dir, '..', 'Frameworks')].some((d) =>
    names.some((n) => existsSync(path.join(d, n))),
  );
}

export const HAS_CALC = HAS_SOFFICE && hasCalc();
if (HAS_SOFFICE && !HAS_CALC) {
  console.warn(
    '[skip] LibreOffice Calc is not installed (libreoffice-calc-nogui): workbook conversion checks are skipped',
  );
}

export async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  return loadWorkbook(readFileSync(file));
}

export async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  // exceljs types its input as a Buffer of its own declaring; a Uint8Array is what it reads.
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return book;
}

/**
 * Every sheet of `file` as LibreOffice Calc shows it (numbers formatted), as CSV rows, by sheet
 * name: one headless conversion with a private profile.
 */
export function calcSheets(file: string): Record<string, string[][]> {
  const work = mkdtempSync(path.join(tmpdir(), 'lo-calc-'));
  try {
    const out = path.join(work, 'out');
    // Separator, quote, UTF-8, from line 1, -, -, quote text no, detect numbers, save as
    // shown, no formulas, keep spaces, every sheet (one file each).
    const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1';
    const r = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=file://${work}/profile`,
        '--headless',
        '--norestore',
        '--convert-to',
        filter,
        '--outdir',
        out,
        file,
      ],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
    const stem = path.basename(file, path.extname(file));
    const sheets: Record<string, string[][]> = {};
    for (const name of existsSync(out) ? readdirSync(out) : []) {
      if (!name.startsWith(`${stem}-`) || !name.endsWith('.csv')) continue;
      sheets[name.slice(stem.length + 1, -4)] = parseCsv(
        readFileSync(path.join(out, name), 'utf8'),
      );
    }
    if (Object.keys(sheets).length === 0) {
      throw new Error(`LibreOffice wrote no sheet of ${file}: ${r.stdout}${r.stderr}`);
    }
    return sheets;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** RFC 4180 CSV (quotes doubled, line breaks inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
