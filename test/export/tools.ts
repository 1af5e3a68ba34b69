import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';

/**
 * The real tools the export tests check the files with: poppler (pdftotext, pdffonts, pdfinfo,
 * pdftoppm) and LibreOffice. CI installs them (.ci/run); where one is missing locally the tests
 * that need it skip, saying so.
 */

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export const HAS_POPPLER = hasTool('pdftotext') && hasTool('pdffonts') && hasTool('pdfinfo');
export const HAS_SOFFICE = hasTool('soffice');
if (!HAS_POPPLER)
  console.warn('[skip] poppler-utils (pdftotext) is not installed: PDF checks are skipped');
if (!HAS_SOFFICE)
  console.warn('[skip] LibreOffice (soffice) is not installed: DOCX conversion checks are skipped');

export function pdftotext(file: string, ...args: string[]): string {
  return execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

export function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

export function pdfPageSize(file: string): [number, number] {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const m = /^Page size:\s+([\d.]+) x ([\d.]+)/m.exec(info);
  return [Number(m?.[1]), Number(m?.[2])];
}

export interface PdfFontRow {
  readonly name: string;
  readonly type: string;
  readonly embedded: boolean;
  readonly subset: boolean;
}

export function pdfFonts(file: string): PdfFontRow[] {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      // name, type (may contain spaces), encoding, emb, sub, uni, object, ID
      const m = /^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(
        l,
      );
      if (!m) throw new Error(`unexpected pdffonts line: ${l}`);
      return { name: m[1]!, type: m[2]!, embedded: m[4] === 'yes', subset: m[5] === 'yes' };
    });
}

export interface PdfWord {
  readonly page: number;
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
  readonly text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Every word pdftotext finds, with its page and box (points, origin top left). */
export function pdfWords(file: string): PdfWord[] {
  const html = pdftotext(file, '-bbox');
  const words: PdfWord[] = [];
  let page = 0;
  const re =
    /<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[0] === '<page ') {
      page++;
      continue;
    }
    words.push({
      page,
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: m[5]!.replace(/&(\w+);/g, (_, e: string) => ENTITIES[e] ?? `&${e};`),
    });
  }
  return words;
}

/** Text without any whitespace: how text comparisons ignore where lines were broken. */
export const squash = (s: string): string => s.replace(/\s+/g, '');

/** The text of one DOCX part (e.g. `word/document.xml`). */
export function docxPart(file: string, part: string): string {
  const entries = unzipSync(readFileSync(file), { filter: (f) => f.name === part });
  const data = entries[part];
  if (!data) throw new Error(`${part} not in ${file}`);
  return strFromU8(data);
}

/** The visible text of WordprocessingML: the contents of its w:t elements, run together. */
export function docxText(xml: string): string {
  let out = '';
  for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)) out += m[1];
  return out.replace(/&(\w+);/g, (_, e: string) => ENTITIES[e] ?? `&${e};`);
}

/**
 * Converts files to PDF with LibreOffice, all in one run (it takes seconds to start), with a
 * private profile. By default a fontconfig alias makes 宋体/SimSun, which Linux does not have,
 * render as Noto Serif CJK SC rather than a Japanese sans face; `asInstalled` runs it as a
 * clerk's machine does instead: the system's fonts and fontconfig, no alias, so that what the
 * DOCX names is all LibreOffice has to find a face by.
 */
export function libreOfficeToPdf(
  files: readonly string[],
  outDir: string,
  { asInstalled = false }: { asInstalled?: boolean } = {},
): void {
  const profile = mkdtempSync(path.join(tmpdir(), 'lo-'));
  const env = { ...process.env };
  if (asInstalled) {
    delete env.FONTCONFIG_FILE;
  } else {
    const fontsConf = path.join(profile, 'fonts.conf');
    const alias = (family: string) => `
  <match target="pattern">
    <test name="family"><string>${family}</string></test>
    <edit name="family" mode="assign" binding="strong"><string>Noto Serif CJK SC</string></edit>
  </match>`;
    writeFileSync(
      fontsConf,
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>${alias('宋体')}${alias('SimSun')}
</fontconfig>
`,
    );
    env.FONTCONFIG_FILE = fontsConf;
  }
  try {
    const r = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}/user`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        outDir,
        ...files,
      ],
      { encoding: 'utf8', timeout: 180_000, env },
    );
    if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
