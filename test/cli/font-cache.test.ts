import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE, ROOT, tempDir } from '../helpers.ts';
import { hasTool, HAS_POPPLER, pdfFonts, pdftotext } from '../export/tools.ts';

/**
 * `jxmb export --pdf` with a CFF-based system font (Noto Serif CJK, the 宋体 stand-in on Linux)
 * prints from the glyphs kept in the font cache (templates/export/font-cache.ts). The PDF must be
 * the same whether the cache is off, empty or full: same text, same pages to the pixel; and with
 * a full cache the font file is not read at all.
 */

const NOTO_CJK = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
const source = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');

/** Records every file the process opens or reads, one per line, in $JXMB_READS_LOG. */
const READS_LOGGER = `
const fs = require('node:fs');
const log = process.env.JXMB_READS_LOG;
for (const name of ['readFileSync', 'openSync']) {
  const original = fs[name];
  fs[name] = function (file, ...rest) {
    if (typeof file === 'string') fs.appendFileSync(log, file + '\\n');
    return original.call(this, file, ...rest);
  };
}
`;

function exportPdf(dir: string, doc: string, pdf: string, cache: string) {
  const log = path.join(dir, `${path.basename(pdf)}.reads`);
  writeFileSync(log, '');
  const r = spawnSync(
    process.execPath,
    [
      '--require',
      path.join(dir, 'reads.cjs'),
      path.join(ROOT, 'bin', 'jxmb.js'),
      'export',
      doc,
      '--pdf',
      pdf,
    ],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, JXMB_FONT_CACHE: cache, JXMB_READS_LOG: log },
      timeout: 120_000,
    },
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('Noto Serif CJK SC');
  return readFileSync(log, 'utf8').split('\n');
}

/** Each page as a greyscale image, for comparing what a reader sees. */
function pages(pdf: string): Buffer[] {
  const prefix = `${pdf}-page`;
  execFileSync('pdftoppm', ['-r', '60', '-gray', pdf, prefix]);
  const dir = path.dirname(pdf);
  return readdirSync(dir)
    .filter((f) => f.startsWith(path.basename(prefix)))
    .sort()
    .map((f) => readFileSync(path.join(dir, f)));
}

describe('the font cache', () => {
  it.skipIf(!existsSync(NOTO_CJK) || !HAS_POPPLER || !hasTool('pdftoppm'))(
    'prints the same PDF with the cache off, empty and full; full, it reads no font file',
    () => {
      const dir = tempDir();
      writeFileSync(path.join(dir, 'reads.cjs'), READS_LOGGER);
      const doc = path.join(dir, 'a.jxmb');
      const made = spawnSync(
        process.execPath,
        [path.join(ROOT, 'bin', 'jxmb.js'), 'import', source, '-o', doc],
        { encoding: 'utf8' },
      );
      expect(made.status).toBe(0);
      const cache = path.join(dir, 'cache');

      const off = path.join(dir, 'off.pdf');
      expect(exportPdf(dir, doc, off, 'off')).toContain(NOTO_CJK);
      expect(existsSync(cache)).toBe(false);
      const empty = path.join(dir, 'empty.pdf');
      expect(exportPdf(dir, doc, empty, cache)).toContain(NOTO_CJK);
      expect(readdirSync(cache).length).toBeGreaterThan(0);
      const full = path.join(dir, 'full.pdf');
      const reads = exportPdf(dir, doc, full, cache);
      expect(reads.filter((f) => f.endsWith('.ttc') || f.endsWith('.otf'))).toEqual([]);

      const text = pdftotext(off, '-layout');
      expect(text).toContain('项目支出绩效目标表');
      expect(pdftotext(empty, '-layout')).toBe(text);
      expect(pdftotext(full, '-layout')).toBe(text);
      for (const pdf of [empty, full]) {
        for (const font of pdfFonts(pdf)) {
          expect(font).toMatchObject({ type: 'CID Type 0C', embedded: true, subset: true });
          expect(font.name).toMatch(/\+NotoSerifCJKsc-(Regular|Bold)$/);
        }
      }
      const reference = pages(off);
      expect(reference.length).toBeGreaterThan(0);
      expect(pages(empty)).toEqual(reference);
      expect(pages(full)).toEqual(reference);
      // Without placeholders for the font's 50,000 subroutines, the PDF is smaller too.
      expect(readFileSync(full).length).toBeLessThan(readFileSync(off).length);
    },
  );
});
