import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Which font files the PDF uses for a family a layout names (`宋体`). In this order:
 * 1. the family itself or its usual stand-in, where this machine has it: 宋体 (SimSun) on
 *    Windows, 宋体-简 (Songti SC) on macOS, Noto Serif CJK SC or AR PL Song on Linux;
 * 2. the open-licensed Noto Serif SC that the program depends on through npm
 *    (@expo-google-fonts/noto-serif-sc, SIL OFL 1.1), so a PDF can be made on a machine with
 *    no Chinese font at all.
 * The files are only read, never copied anywhere but into the PDF, as a subset (pdfkit always
 * subsets). The fonts of Windows and macOS may be used at run time but never shipped.
 */

export interface FontFace {
  readonly file: string;
  /** Needed to pick one face out of a .ttc collection. */
  readonly postscriptName?: string;
}

export interface FontChoice {
  /** How to name it to the user, e.g. `Noto Serif CJK SC（系统字体）`. */
  readonly label: string;
  readonly source: 'system' | 'bundled' | 'configured';
  readonly regular: FontFace;
  /** null: no bold face in this family; bold text is then drawn thicker (as Word does). */
  readonly bold: FontFace | null;
}

export interface FontSearch {
  /** false: skip the machine's fonts (tests of the bundled font; a reproducible PDF). */
  readonly systemFonts?: boolean;
  readonly platform?: NodeJS.Platform;
  readonly env?: NodeJS.ProcessEnv;
}

export interface SystemCandidate {
  readonly label: string;
  readonly regular: readonly FontFace[];
  readonly bold?: readonly FontFace[];
}

const face = (file: string, postscriptName?: string): FontFace =>
  postscriptName ? { file, postscriptName } : { file };

function windowsFontDirs(env: NodeJS.ProcessEnv): string[] {
  const dirs = [path.win32.join(env.WINDIR ?? env.SystemRoot ?? 'C:\\Windows', 'Fonts')];
  if (env.LOCALAPPDATA) dirs.push(path.win32.join(env.LOCALAPPDATA, 'Microsoft\\Windows\\Fonts'));
  return dirs;
}

const MAC_SUPPLEMENTAL = [
  '/System/Library/Fonts/Supplemental',
  '/Library/Fonts',
  '/System/Library/Fonts',
];

const LINUX_NOTO_DIRS = [
  '/usr/share/fonts/opentype/noto', // Debian, Ubuntu, UOS, Kylin
  '/usr/share/fonts/noto-cjk', // Arch
  '/usr/share/fonts/google-noto-cjk', // Fedora
  '/usr/share/fonts/google-noto-serif-cjk-fonts',
  '/usr/share/fonts/truetype/noto',
];

/** The families a layout may name, with where each platform keeps it or its stand-in. */
function systemCandidates(family: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv) {
  const kind = familyKind(family);
  const out: SystemCandidate[] = [];
  if (platform === 'win32') {
    const files: Record<FamilyKind, [string, string, string][]> = {
      song: [['simsun.ttc', 'SimSun', '宋体']],
      fangsong: [['simfang.ttf', '', '仿宋']],
      hei: [['simhei.ttf', '', '黑体']],
      kai: [['simkai.ttf', '', '楷体']],
    };
    for (const [file, ps, label] of files[kind]) {
      out.push({
        label,
        regular: windowsFontDirs(env).map((d) => face(path.win32.join(d, file), ps || undefined)),
      });
    }
  } else if (platform === 'darwin') {
    const mac: Record<FamilyKind, SystemCandidate[]> = {
      song: [songti('STSongti-SC')],
      fangsong: [
        { label: '华文仿宋', regular: MAC_SUPPLEMENTAL.map((d) => face(`${d}/STFANGSO.ttf`)) },
      ],
      hei: [
        {
          label: '黑体-简',
          regular: MAC_SUPPLEMENTAL.map((d) => face(`${d}/STHeiti Light.ttc`, 'STHeitiSC-Light')),
          bold: MAC_SUPPLEMENTAL.map((d) => face(`${d}/STHeiti Medium.ttc`, 'STHeitiSC-Medium')),
        },
      ],
      kai: [
        {
          label: '楷体',
          regular: MAC_SUPPLEMENTAL.map((d) => face(`${d}/Kaiti.ttc`, 'STKaitiSC-Regular')),
        },
      ],
    };
    out.push(...mac[kind], songti('STSongti-SC'));
  } else {
    const noto = (style: 'Serif' | 'Sans', label: string): SystemCandidate => ({
      label,
      regular: LINUX_NOTO_DIRS.map((d) =>
        face(`${d}/Noto${style}CJK-Regular.ttc`, `Noto${style}CJKsc-Regular`),
      ),
      bold: LINUX_NOTO_DIRS.map((d) =>
        face(`${d}/Noto${style}CJK-Bold.ttc`, `Noto${style}CJKsc-Bold`),
      ),
    });
    if (kind === 'hei') out.push(noto('Sans', 'Noto Sans CJK SC'));
    out.push(
      noto('Serif', 'Noto Serif CJK SC'),
      {
        label: 'AR PL SungtiL GB',
        regular: [face('/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf')],
      },
      {
        label: 'AR PL UMing CN',
        regular: [face('/usr/share/fonts/truetype/arphic/uming.ttc', 'UMingCN')],
      },
    );
  }
  return out;
}

function songti(prefix: string): SystemCandidate {
  return {
    label: '宋体-简',
    regular: MAC_SUPPLEMENTAL.map((d) => face(`${d}/Songti.ttc`, `${prefix}-Regular`)),
    bold: MAC_SUPPLEMENTAL.map((d) => face(`${d}/Songti.ttc`, `${prefix}-Bold`)),
  };
}

type FamilyKind = 'song' | 'fangsong' | 'hei' | 'kai';

function familyKind(family: string): FamilyKind {
  if (/仿宋|fangsong/i.test(family)) return 'fangsong';
  if (/黑|hei|sans/i.test(family)) return 'hei';
  if (/楷|kai/i.test(family)) return 'kai';
  return 'song';
}

const require = createRequire(import.meta.url);

/** The font the program ships with (through npm): always there. */
export function bundledFont(): FontChoice {
  const pkg = '@expo-google-fonts/noto-serif-sc';
  const dir = path.dirname(require.resolve(`${pkg}/package.json`));
  return {
    label: 'Noto Serif SC（随程序提供）',
    source: 'bundled',
    regular: face(path.join(dir, '400Regular', 'NotoSerifSC_400Regular.ttf')),
    bold: face(path.join(dir, '700Bold', 'NotoSerifSC_700Bold.ttf')),
  };
}

/**
 * A Song-style Chinese font found by fontconfig, on Linux desktops whose fonts are elsewhere
 * than the usual paths (domestic distributions ship their own).
 */
export function fontconfigSong(): SystemCandidate[] {
  let listing: string;
  try {
    // Loaded only here (node:child_process is not needed to print on most machines).
    const { execFileSync } = process.getBuiltinModule('node:child_process');
    listing = execFileSync(
      'fc-list',
      ['-f', '%{file}|%{postscriptname}|%{family}|%{style}\\n', ':lang=zh-cn'],
      { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] },
    );
  } catch {
    return [];
  }
  const found: SystemCandidate[] = [];
  for (const line of listing.split('\n')) {
    const [file = '', ps = '', family = '', style = ''] = line.split('|');
    if (!/\.(ttf|otf|ttc)$/i.test(file) || /bold|black|heavy/i.test(style)) continue;
    if (!/宋|song|serif cjk sc|ming|simsun/i.test(family)) continue;
    found.push({ label: family.split(',')[0]!, regular: [face(file, ps || undefined)] });
  }
  return found;
}

/**
 * The fonts to try for `family`, best first; the last is always the bundled one. The PDF
 * exporter takes the first whose file it can read and open.
 */
export function fontCandidates(family: string, search: FontSearch = {}): FontChoice[] {
  const env = search.env ?? process.env;
  const platform = search.platform ?? process.platform;
  const choices: FontChoice[] = [];
  // An explicit font file (e.g. a province's own 宋体 on a UOS desktop): `path[#PostScriptName]`.
  const configured = env.JXMB_PDF_FONT;
  if (configured) {
    const [file = '', ps] = configured.split('#');
    choices.push({
      label: path.basename(file),
      source: 'configured',
      regular: face(file, ps),
      bold: null,
    });
  }
  if (search.systemFonts !== false) {
    let candidates = systemCandidates(family, platform, env);
    if (
      platform === 'linux' &&
      !candidates.some((c) => c.regular.some((f) => existsSync(f.file)))
    ) {
      candidates = [...candidates, ...fontconfigSong()];
    }
    for (const c of candidates) {
      const regular = c.regular.find((f) => existsSync(f.file));
      if (!regular) continue;
      const bold = c.bold?.find((f) => existsSync(f.file)) ?? null;
      choices.push({ label: `${c.label}（系统字体）`, source: 'system', regular, bold });
    }
  }
  choices.push(bundledFont());
  return choices;
}

const fileCache = new Map<string, Buffer>();

/**
 * The bytes of a font file, read once per process: the editor exports again and again, and a
 * CJK font is 15–30 MB.
 */
export function fontBytes(file: string): Buffer {
  let bytes = fileCache.get(file);
  if (!bytes) {
    bytes = readFileSync(file);
    fileCache.set(file, bytes);
  }
  return bytes;
}
