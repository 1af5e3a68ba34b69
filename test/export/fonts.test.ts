import { WAN2 } from '../amounts.ts';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { parseAmount } from '../../db/shared/money.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { bundledFont, fontCandidates, fontconfigSong } from '../../templates/export/fonts.ts';
import { buildPrintModel, renderPdf } from '../../templates/export/index.ts';
import { official } from '../../templates/layout/official.ts';
import { HAS_POPPLER, hasTool, pdfFonts, pdftotext, squash } from './tools.ts';

const NOTO_CJK = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
const AR_PL_SONG = '/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf';

function tinyDocument(dir: string, name: string): DocumentData {
  const file = path.join(dir, 'tiny.jxmb');
  TargetDocument.create(
    file,
    { department: '测试部门', year: 2025 },
    { overwrite: true },
    (doc) => {
      const unit = doc.addUnit('测试单位');
      doc.addProject(unit, { name, fiscal: parseAmount('1', '测试', WAN2), goal: '目标' });
    },
  );
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

describe('font choice for the PDF', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-fonts-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('always ends with the bundled, open-licensed Noto Serif SC', () => {
    const bundled = bundledFont();
    expect(existsSync(bundled.regular.file)).toBe(true);
    expect(existsSync(bundled.bold!.file)).toBe(true);
    const license = readFileSync(
      path.join(path.dirname(bundled.regular.file), '..', 'LICENSE_FONT'),
      'utf8',
    );
    expect(license).toContain('SIL Open Font License');
    const none = fontCandidates('宋体', { systemFonts: false, env: {} });
    expect(none.map((c) => c.source)).toEqual(['bundled']);
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      expect(fontCandidates('宋体', { platform, env: {} }).at(-1)?.source).toBe('bundled');
    }
  });

  it.skipIf(!existsSync(NOTO_CJK))('prefers the system’s Song-style font on Linux', () => {
    const [first] = fontCandidates('宋体', { platform: 'linux', env: {} });
    expect(first?.source).toBe('system');
    expect(first?.label).toContain('Noto Serif CJK SC');
    expect(first?.regular.postscriptName).toBe('NotoSerifCJKsc-Regular');
  });

  it.skipIf(!hasTool('fc-list') || !existsSync(NOTO_CJK))(
    'finds Song-style fonts through fontconfig where the usual paths have none',
    () => {
      const found = fontconfigSong();
      const noto = found.find((c) => c.label === 'Noto Serif CJK SC');
      expect(noto?.regular[0]).toEqual({
        file: NOTO_CJK,
        postscriptName: 'NotoSerifCJKsc-Regular',
      });
      expect(found.some((c) => /Sans/.test(c.label))).toBe(false);
    },
  );

  it.skipIf(!HAS_POPPLER)('passes over a font file that cannot be used', async () => {
    const broken = path.join(dir, 'broken.ttf');
    writeFileSync(broken, 'not a font');
    const env = { JXMB_PDF_FONT: broken };
    expect(fontCandidates('宋体', { env, systemFonts: false })[0]?.source).toBe('configured');
    const result = await renderPdf(buildPrintModel(tinyDocument(dir, '项目'), official), {
      fonts: { env, systemFonts: false },
    });
    expect(result.font).toContain('Noto Serif SC');
  });

  it.skipIf(!HAS_POPPLER)(
    'uses a configured font file, and reports characters no font has',
    async () => {
      const env = { JXMB_PDF_FONT: bundledFont().bold!.file };
      const result = await renderPdf(buildPrintModel(tinyDocument(dir, '项目😀'), official), {
        fonts: { env, systemFonts: false },
      });
      expect(result.font).toBe('NotoSerifSC_700Bold.ttf');
      expect(result.missingGlyphs).toEqual(['😀']);
    },
  );

  it.skipIf(!HAS_POPPLER || !existsSync(AR_PL_SONG))(
    'draws a character the chosen font lacks with the bundled font',
    async () => {
      // AR PL SungtiL GB covers GB 2312 only: 喆 and 堃 are not in it.
      const env = { JXMB_PDF_FONT: AR_PL_SONG };
      const result = await renderPdf(buildPrintModel(tinyDocument(dir, '王喆堃项目'), official), {
        fonts: { env, systemFonts: false },
      });
      expect(result.missingGlyphs).toEqual([]);
      const file = path.join(dir, 'fallback.pdf');
      writeFileSync(file, result.bytes);
      const names = pdfFonts(file)
        .map((f) => f.name)
        .join(' ');
      expect(names).toMatch(/BousungEG/);
      expect(names).toMatch(/NotoSerifSC/);
      expect(squash(pdftotext(file))).toContain('王喆堃项目');
    },
  );
});
