import type { FontRole, LayoutFonts } from '../layout/types.ts';
import {
  bundledFont,
  fontBytes,
  fontCandidates,
  type FontChoice,
  type FontFace,
  type FontSearch,
} from './fonts.ts';

/**
 * The fonts of one PDF: for each text style of the layout, the face to draw with, the width of
 * every character, and a fallback to the bundled font for a character the chosen font lacks,
 * so no character is ever printed as an empty box.
 */

/** What this module needs of the fontkit font pdfkit opened (pdfkit keeps it as `_font.font`). */
interface FontkitFont {
  readonly unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): { readonly advanceWidth: number };
}

/**
 * Shaping off: a Chinese table needs none of kerning, ligatures or contextual forms, and
 * fontkit's shaping of a CJK font with its large GSUB table is the slowest part of making the
 * PDF (measured: 10–20× faster without). Widths then are exactly the glyphs' advances, which
 * is what `width()` adds up.
 */
export const NO_FEATURES = Object.fromEntries(
  'ccmp locl rlig mark mkmk calt clig liga rclt curs kern palt vert vrt2 halt frac numr dnom'
    .split(' ')
    .map((f) => [f, false]),
);

interface Face {
  /** The name it is registered under in the PDF document (each face exactly once). */
  readonly name: string;
  readonly font: FontkitFont;
  /** Draw thicker because the family has no bold face. */
  readonly synthesizeBold: boolean;
  readonly advance: Map<string, number>;
}

export interface TextRun {
  readonly text: string;
  readonly face: Face;
  readonly width: number;
}

interface Style {
  readonly size: number;
  readonly primary: Face;
  /** The primary face is a real bold face. */
  readonly boldFace: boolean;
  fallback: Face | null | undefined;
  /** Which face draws each character: looked up once (cmap lookups are not cheap). */
  readonly byChar: Map<string, Face>;
}

export class PdfFonts {
  /** The font chosen for the layout's main family, for reports. */
  readonly choice: FontChoice;
  /** Characters no available font has (printed as the font's empty box). */
  readonly missing = new Set<string>();
  private readonly faces = new Map<string, Face>();
  private readonly styles = new Map<FontRole, Style>();
  private readonly choices = new Map<string, FontChoice>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    fonts: LayoutFonts,
    search: FontSearch = {},
  ) {
    for (const [role, spec] of Object.entries(fonts) as [FontRole, LayoutFonts[FontRole]][]) {
      const choice = this.chooseFamily(spec.family, search);
      let primary: Face | null = null;
      if (spec.bold && choice.bold) {
        try {
          primary = this.face(choice.bold, false);
        } catch {
          // A bold face that does not open: draw the regular one thicker.
        }
      }
      this.styles.set(role, {
        size: spec.size,
        primary: primary ?? this.face(choice.regular, spec.bold === true),
        boldFace: primary !== null,
        fallback: undefined,
        byChar: new Map(),
      });
    }
    this.choice = this.chooseFamily(fonts.body.family, search);
  }

  size(role: FontRole): number {
    return this.style(role).size;
  }

  /** The text split where it needs another face, with each part's width. */
  runs(text: string, role: FontRole): TextRun[] {
    const style = this.style(role);
    const out: TextRun[] = [];
    let current: Face | null = null;
    let buf = '';
    let width = 0;
    for (const ch of text) {
      const face = this.faceFor(ch, style);
      if (face !== current && buf) {
        out.push({ text: buf, face: current!, width });
        buf = '';
        width = 0;
      }
      current = face;
      buf += ch;
      width += this.advance(face, ch) * style.size;
    }
    if (buf) out.push({ text: buf, face: current!, width });
    return out;
  }

  /** The width of one character in a style, for line breaking. */
  charWidth(ch: string, role: FontRole): number {
    const style = this.style(role);
    return this.advance(this.faceFor(ch, style), ch) * style.size;
  }

  width(text: string, role: FontRole): number {
    let w = 0;
    for (const ch of text) w += this.charWidth(ch, role);
    return w;
  }

  /** Draws one line with its baseline at `baseline`. */
  draw(text: string, role: FontRole, x: number, baseline: number): void {
    const size = this.style(role).size;
    let at = x;
    for (const run of this.runs(text, role)) {
      this.doc.font(run.face.name).fontSize(size);
      const options: PDFKit.Mixins.TextOptions & { textWidth: number; wordCount: number } = {
        lineBreak: false,
        baseline: 'alphabetic',
        features: NO_FEATURES as unknown as PDFKit.Mixins.TextOptions['features'],
        // Given, so pdfkit does not lay the text out a second time to measure it.
        textWidth: run.width,
        wordCount: 1,
      };
      if (run.face.synthesizeBold) {
        this.doc.lineWidth(size * 0.03).strokeColor('black');
        options.fill = true;
        options.stroke = true;
      }
      this.doc.text(run.text, at, baseline, options);
      at += run.width;
    }
  }

  private style(role: FontRole): Style {
    const s = this.styles.get(role);
    if (!s) throw new Error(`no font for ${role}`);
    return s;
  }

  private faceFor(ch: string, style: Style): Face {
    let face = style.byChar.get(ch);
    if (!face) {
      face = this.findFace(ch, style);
      style.byChar.set(ch, face);
    }
    return face;
  }

  private findFace(ch: string, style: Style): Face {
    const cp = ch.codePointAt(0)!;
    if (style.primary.font.hasGlyphForCodePoint(cp) || cp < 0x20) return style.primary;
    if (style.fallback === undefined) {
      // Bold text falls back to the bundled bold face, unless bold is drawn thicker anyway.
      const bundled = bundledFont();
      const wanted = style.boldFace && bundled.bold ? bundled.bold : bundled.regular;
      const sameFile = style.primary.name.startsWith(`${wanted.file}#`);
      style.fallback = sameFile ? null : this.face(wanted, style.primary.synthesizeBold);
    }
    if (style.fallback?.font.hasGlyphForCodePoint(cp)) return style.fallback;
    this.missing.add(ch);
    return style.primary;
  }

  private advance(face: Face, ch: string): number {
    let a = face.advance.get(ch);
    if (a === undefined) {
      const font = face.font;
      a = font.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth / font.unitsPerEm;
      face.advance.set(ch, a);
    }
    return a;
  }

  /** The first candidate for the family whose font opens. */
  private chooseFamily(family: string, search: FontSearch): FontChoice {
    const known = this.choices.get(family);
    if (known) return known;
    for (const choice of fontCandidates(family, search)) {
      try {
        this.face(choice.regular, false);
        this.choices.set(family, choice);
        return choice;
      } catch {
        // Unreadable, not a font, or no such face in the collection: try the next.
      }
    }
    throw new Error(`no usable font for ${family}`);
  }

  /** Registers a face once and opens it (pdfkit re-reads a font registered twice). */
  private face(f: FontFace, synthesizeBold: boolean): Face {
    const name = `${f.file}#${f.postscriptName ?? ''}`;
    const key = `${name}${synthesizeBold ? '+bold' : ''}`;
    const known = this.faces.get(key);
    if (known) return known;
    const shared = this.faces.get(name) ?? this.faces.get(`${name}+bold`);
    let font: FontkitFont;
    if (shared) {
      font = shared.font;
    } else {
      this.doc.registerFont(name, fontBytes(f.file), f.postscriptName);
      this.doc.font(name);
      font = (this.doc as unknown as { _font?: { font?: FontkitFont } })._font?.font as FontkitFont;
      if (typeof font?.hasGlyphForCodePoint !== 'function' || !font.hasGlyphForCodePoint(0x8868)) {
        // Not a font pdfkit can embed, or one without Chinese (表).
        throw new Error(`${name} is not a usable Chinese font`);
      }
    }
    const created: Face = { name, font, synthesizeBold, advance: shared?.advance ?? new Map() };
    this.faces.set(key, created);
    return created;
  }
}
