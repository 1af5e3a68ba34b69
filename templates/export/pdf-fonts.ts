import PDFDocument from 'pdfkit';
import type { FontRole, LayoutFonts } from '../layout/types.ts';
import { cachedCffFont, type FontkitGlyph, type FontkitLike } from './font-cache.ts';
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

/** What this module needs of the font pdfkit draws with (pdfkit keeps it as `_font.font`). */
type FontkitFont = FontkitLike;

/** A glyph's placement as pdfkit's text drawing reads it, in thousandths of the font size. */
interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

/** pdfkit's embedded font (its `_font` after `font(name)`): what this module reads or replaces. */
interface PdfkitEmbeddedFont {
  readonly font?: FontkitFont;
  /** 1000 / unitsPerEm. */
  readonly scale: number;
  layoutRun(
    text: string,
    features?: unknown,
  ): { glyphs: FontkitGlyph[]; positions: GlyphPosition[]; advanceWidth: number };
}

/**
 * Shaping off: a Chinese table needs none of kerning, ligatures or contextual forms. With every
 * feature off, what fontkit's shaping gives is each character's glyph from the font's cmap at
 * its advance width; but its layout engine still took half the time of making the PDF
 * (measured: the fixture's 23 pages, about 0.5 s of 1 s). So each face's layout is replaced by
 * that mapping itself (`directLayout`; font-cache.ts's fonts lay out the same way), and these
 * are passed too so that pdfkit never shapes.
 * Widths then are exactly the glyphs' advances, which is what `width()` adds up.
 */
export const NO_FEATURES = Object.fromEntries(
  'ccmp locl rlig mark mkmk calt clig liga rclt curs kern palt vert vrt2 halt frac numr dnom'
    .split(' ')
    .map((f) => [f, false]),
);

/**
 * Makes pdfkit lay out text of `embedded` as one glyph per character, straight from the cmap:
 * what shaping with NO_FEATURES gives, without the shaping engine. A character's glyph is
 * looked up once per face.
 */
function directLayout(embedded: PdfkitEmbeddedFont, font: FontkitFont): void {
  const glyphs = new Map<number, FontkitGlyph>();
  embedded.layoutRun = (text) => {
    const run = { glyphs: [] as FontkitGlyph[], positions: [] as GlyphPosition[], advanceWidth: 0 };
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let glyph = glyphs.get(cp);
      if (!glyph) {
        glyph = font.glyphForCodePoint(cp);
        glyphs.set(cp, glyph);
      }
      const advance = glyph.advanceWidth * embedded.scale;
      run.glyphs.push(glyph);
      run.positions.push({
        xAdvance: advance,
        yAdvance: 0,
        xOffset: 0,
        yOffset: 0,
        advanceWidth: advance,
      });
      run.advanceWidth += advance;
    }
    return run;
  };
}

/**
 * Fonts as fontkit parsed them, by face, kept for the life of the process: parsing a CJK
 * font's tables again for every PDF is most of the time of an editor's second export
 * (measured, the fixture in the export worker on a busy two-core machine: 0.3–1 s without,
 * 0.16–0.29 s with). pdfkit takes a parsed font in place of the file's bytes (an object with
 * `layout`); each document still embeds its own subset.
 */
const parsedFonts = new Map<string, FontkitFont>();

let facesLoaded = 0;

/**
 * How many faces this thread has loaded from disk so far (a font-cache file read, or the font
 * parsed by fontkit): each once, while parsedFonts keeps them. The export worker reports how
 * many an export loaded, so a test sees a second export load none.
 */
export function facesLoadedSoFar(): number {
  return facesLoaded;
}

/**
 * A face's font: for a CFF-based Chinese font, from the glyphs kept between runs
 * (font-cache.ts), which opens the font file only for characters not kept yet; for any other,
 * fontkit's, as pdfkit would open it.
 */
function openFont(f: FontFace): FontkitFont {
  facesLoaded++;
  let opened: ReturnType<typeof openWithFontkit> | undefined;
  const withFontkit = () => (opened ??= openWithFontkit(f));
  return cachedCffFont(f, withFontkit) ?? withFontkit().font;
}

/**
 * The font as fontkit parses it, through pdfkit (which brings fontkit), in a document of its
 * own: the caller may be in the middle of drawing text in the real one. Throws when the file is
 * not a font fontkit reads.
 */
function openWithFontkit(f: FontFace): { font: FontkitFont; cffTable: Uint8Array | undefined } {
  const scratch = new PDFDocument({ autoFirstPage: false });
  scratch.registerFont('face', fontBytes(f.file), f.postscriptName);
  scratch.font('face');
  const font = (scratch as unknown as { _font?: PdfkitEmbeddedFont })._font?.font as
    (FontkitFont & FontkitTables) | undefined;
  if (typeof font?.hasGlyphForCodePoint !== 'function') throw new Error(`${f.file}: not a font`);
  const cff = font.directory?.tables['CFF '];
  const bytes = font.stream?.buffer;
  return {
    font,
    cffTable: cff && bytes ? bytes.subarray(cff.offset, cff.offset + cff.length) : undefined,
  };
}

/** pdfkit's font as registered in one document: what showText writes glyphs with. */
interface PdfkitDocumentFont {
  readonly id: string;
  encode(text: string, features: unknown): [string[], unknown[]];
  ref(): unknown;
}

/** What showText reads of pdfkit's state: the page it draws on. */
interface PdfkitTextState {
  readonly page: {
    readonly fonts: Record<string, unknown>;
    write(chunk: Uint8Array): void;
  };
}

/** A number as pdfkit writes it in a content stream (PDFObject.number). */
function pdfNumber(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Where fontkit keeps a font's tables: the file's bytes and each table's place in them. */
interface FontkitTables {
  readonly directory?: { tables: Record<string, { offset: number; length: number }> };
  readonly stream?: { buffer: Uint8Array };
}

interface Face {
  /** The name it is registered under in the PDF document (each face exactly once). */
  readonly name: string;
  readonly font: FontkitFont;
  /** pdfkit's font of this face in this document. */
  readonly embedded: PdfkitDocumentFont;
  /**
   * Each text's glyphs as written in this document (hex glyph ids of its subset): pdfkit
   * numbers a glyph when first used, so a text encodes the same every time; a table repeats
   * its texts, and encoding them afresh was a tenth of the time of making the PDF.
   */
  readonly encoded: Map<string, string>;
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
  /**
   * Each text's runs and width, once: a table repeats its texts (units, 万元, the same
   * indicator in every project), and every line is measured before it is drawn.
   */
  readonly measured: Map<string, Measured>;
}

interface Measured {
  readonly runs: TextRun[];
  readonly width: number;
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
        measured: new Map(),
      });
    }
    this.choice = this.chooseFamily(fonts.body.family, search);
  }

  size(role: FontRole): number {
    return this.style(role).size;
  }

  /** The text split where it needs another face, with each part's width. */
  runs(text: string, role: FontRole): TextRun[] {
    return this.measure(text, this.style(role)).runs;
  }

  private measure(text: string, style: Style): Measured {
    let known = style.measured.get(text);
    if (known) return known;
    const runs: TextRun[] = [];
    let current: Face | null = null;
    let buf = '';
    let runWidth = 0;
    let width = 0;
    for (const ch of text) {
      const face = this.faceFor(ch, style);
      if (face !== current && buf) {
        runs.push({ text: buf, face: current!, width: runWidth });
        buf = '';
        runWidth = 0;
      }
      current = face;
      buf += ch;
      const w = this.advance(face, ch) * style.size;
      runWidth += w;
      width += w;
    }
    if (buf) runs.push({ text: buf, face: current!, width: runWidth });
    known = { runs, width };
    style.measured.set(text, known);
    return known;
  }

  /** The width of one character in a style, for line breaking. */
  charWidth(ch: string, role: FontRole): number {
    const style = this.style(role);
    return this.advance(this.faceFor(ch, style), ch) * style.size;
  }

  width(text: string, role: FontRole): number {
    return this.measure(text, this.style(role)).width;
  }

  /** Draws one line with its baseline at `baseline`. */
  draw(text: string, role: FontRole, x: number, baseline: number): void {
    const style = this.style(role);
    const size = style.size;
    let at = x;
    for (const run of this.measure(text, style).runs) {
      if (run.face.synthesizeBold) this.doc.lineWidth(size * 0.03).strokeColor('black');
      this.showText(run, size, at, baseline);
      at += run.width;
    }
  }

  /**
   * Writes one run as the PDF text operators pdfkit's `text()` writes for it (left-aligned, no
   * wrapping, alphabetic baseline, no extra spacing, glyphs at their advances; filled and
   * stroked for a drawn-thicker bold), without the option handling and the second layout of
   * the text that `text()` does on every call: a quarter of the time of making the PDF
   * (measured, the fixture: 90 of 220 ms). The glyphs are encoded, and the font added to the
   * page's resources, by pdfkit itself.
   *
   * pdfkit's pages draw with y downwards (their content starts by flipping the page); where
   * `text()` saves the graphics state, flips back and restores it around every run, a text
   * matrix that flips does the same in one operator. The run is written as one piece of
   * content, in bytes: pdfkit's writing of each operator as a string of its own was the
   * next largest cost (measured, the fixture: about 10 of 60 ms, with the garbage it left).
   */
  private showText(run: TextRun, size: number, x: number, baseline: number): void {
    const font = run.face.embedded;
    let glyphs = run.face.encoded.get(run.text);
    if (glyphs === undefined) {
      glyphs = font.encode(run.text, NO_FEATURES)[0].join('');
      run.face.encoded.set(run.text, glyphs);
    }
    const page = (this.doc as unknown as PdfkitTextState).page;
    page.fonts[font.id] ??= font.ref();
    // A drawn-thicker bold fills and strokes its glyphs (2 Tr), then text is filled again.
    const bold = run.face.synthesizeBold;
    const content =
      `BT\n1 0 0 -1 ${pdfNumber(x)} ${pdfNumber(baseline)} Tm\n/${font.id} ${pdfNumber(size)} Tf\n` +
      `${bold ? '2 Tr\n' : ''}[<${glyphs}> 0] TJ\n${bold ? '0 Tr\n' : ''}ET\n`;
    page.write(Buffer.from(content, 'latin1'));
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
    let embedded: PdfkitDocumentFont;
    if (shared) {
      font = shared.font;
      embedded = shared.embedded;
    } else {
      const parsed = parsedFonts.get(name) ?? openFont(f);
      this.doc.registerFont(
        name,
        parsed as unknown as PDFKit.Mixins.PDFFontSource,
        f.postscriptName,
      );
      this.doc.font(name);
      const current = (this.doc as unknown as { _font?: PdfkitEmbeddedFont & PdfkitDocumentFont })
        ._font;
      font = current?.font as FontkitFont;
      if (typeof font?.hasGlyphForCodePoint !== 'function' || !font.hasGlyphForCodePoint(0x8868)) {
        // Not a font pdfkit can embed, or one without Chinese (表).
        throw new Error(`${name} is not a usable Chinese font`);
      }
      directLayout(current!, font);
      parsedFonts.set(name, font);
      embedded = current!;
    }
    const created: Face = {
      name,
      font,
      embedded,
      encoded: shared?.encoded ?? new Map(),
      synthesizeBold,
      advance: shared?.advance ?? new Map(),
    };
    this.faces.set(key, created);
    return created;
  }
}
