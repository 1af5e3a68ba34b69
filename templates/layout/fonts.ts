import type { LayoutFonts } from './types.ts';

/**
 * The type of the official tables: 宋体 throughout (the exporters find it, or the closest Song
 * face, on the machine), in the sizes of the published table. Shared by every layout so the two
 * printed forms of one document look alike.
 */
export const SONG_FONTS: LayoutFonts = {
  title: { family: '宋体', size: 16, bold: true },
  subtitle: { family: '宋体', size: 12 },
  info: { family: '宋体', size: 10.5 },
  header: { family: '宋体', size: 9, bold: true },
  body: { family: '宋体', size: 9 },
  footer: { family: '宋体', size: 9 },
};

/**
 * How a document that names its fonts instead of embedding them (DOCX) names a family, so that
 * a machine without it still gets a face of the same kind (a Song face, not a Japanese sans).
 */
export interface FontNaming {
  /**
   * The family and its stand-ins, best first. LibreOffice tries them in turn (written `a;b;c`),
   * except on Linux, where fontconfig answers for the first name whatever it is: so the first
   * is the one fontconfig knows (its stock configuration makes SimSun a serif, and so a Song
   * face; 宋体 it does not know, and answers with a sans).
   */
  readonly names: readonly string[];
  /**
   * What Word's font table says of the face, for Word's own substitution when none of the
   * names is installed: PANOSE, Windows character set (hex; 86 = GB2312), family class.
   */
  readonly panose1: string;
  readonly charset: string;
  readonly kind: 'roman' | 'swiss' | 'modern' | 'script' | 'decorative' | 'auto';
  readonly pitch: 'variable' | 'fixed' | 'default';
  /** Word's font signature (Unicode and code page ranges), as Word writes it for the face. */
  readonly sig?: {
    readonly usb0: string;
    readonly usb1: string;
    readonly usb2: string;
    readonly usb3: string;
    readonly csb0: string;
    readonly csb1: string;
  };
}

/**
 * 宋体 is SimSun on Windows (and in Office for Mac), 宋体-简 (Songti SC) on macOS, Noto Serif
 * CJK SC or AR PL SungtiL GB on Linux. The table values are those Word writes for SimSun, but
 * `roman` for the family class: a serif is what a stand-in must be.
 */
export const FONT_NAMING: Readonly<Record<string, FontNaming>> = {
  宋体: {
    names: ['SimSun', '宋体', 'Songti SC', 'Noto Serif CJK SC', 'AR PL SungtiL GB'],
    panose1: '02010600030101010101',
    charset: '86',
    kind: 'roman',
    pitch: 'variable',
    sig: {
      usb0: '00000003',
      usb1: '288F0000',
      usb2: '00000016',
      usb3: '00000000',
      csb0: '00040001',
      csb1: '00000000',
    },
  },
};

/** The names to write for `family`: its stand-ins where known, else the family alone. */
export function fontNames(family: string): readonly string[] {
  return FONT_NAMING[family]?.names ?? [family];
}
