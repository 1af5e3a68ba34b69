import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CffError,
  fontData,
  inlinedCharString,
  readCff,
  writeCffSubset,
  type CffTable,
} from './cff.ts';
import type { FontFace } from './fonts.ts';

/**
 * The glyphs of a CFF-based Chinese font (Noto Serif CJK and other Source Han fonts, the usual
 * 宋体 stand-in on Linux), kept between runs. Printing with such a font the way pdfkit does it
 * (through fontkit) means reading its 26 MB, parsing indexes of 65,535 glyphs and 50,000
 * subroutines, and subsetting them again: most of the time `jxmb export --pdf` took. Here each
 * character's glyph is read once — its width, and its outline with subroutines inlined (cff.ts) —
 * and written to a small cache file per font; a later export whose characters are all there
 * opens no font file at all and writes the subset itself. A character not yet there opens the
 * font, as before, for that export only, and joins the cache.
 *
 * The object given to pdfkit has the parts of fontkit's font that pdfkit's embedding reads
 * (pdfkit accepts any font object with a `layout`): the same widths, the same glyphs, the same
 * PDF. Fonts of other kinds (TrueType, as on Windows and macOS and the bundled font) are opened
 * by fontkit as before.
 *
 * Where: $JXMB_FONT_CACHE if set (`off` for no cache), else the user's cache folder.
 * A cache file that cannot be read or written is ignored: it only saves time.
 */

/** Bump when the cache file's meaning changes. */
const CACHE_VERSION = 1;

/** What this module and pdf-fonts.ts use of a fontkit font, and what pdfkit's embedding reads. */
export interface FontkitLike {
  readonly unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): FontkitGlyph;
}

export interface FontkitGlyph {
  readonly id: number;
  readonly advanceWidth: number;
  readonly codePoints: number[];
}

/** What is kept of a font in its cache file. */
interface CacheFile {
  readonly v: number;
  readonly kind: 'cff' | 'other';
  readonly meta?: FontMeta;
  /** Top DICT entries and Font/Private DICTs by number, base64 (cff.ts CffFontData). */
  readonly top?: string[];
  readonly fonts?: Record<number, { entries: string[]; private: string[] }>;
  /** Code point → glyph id (0: the font has no glyph for it). */
  readonly cmap?: Record<number, number>;
  /** Glyph id → [advance width, Font DICT number, inlined charstring (base64)]. */
  readonly glyphs?: Record<number, [number, number, string]>;
}

interface FontMeta {
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  readonly capHeight: number;
  readonly xHeight: number;
  readonly italicAngle: number;
  readonly bbox: readonly [number, number, number, number];
  readonly familyClass: number;
  readonly fixedPitch: boolean;
  readonly italic: boolean;
}

/** The fontkit font of the file and its raw CFF table: opened only when a glyph is missing. */
export interface FontSource {
  readonly font: FontkitLike;
  readonly cff: CffTable;
}

export function fontCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.JXMB_FONT_CACHE;
  if (configured === 'off') return undefined;
  if (configured) return path.resolve(configured);
  const home = os.homedir();
  if (process.platform === 'win32') {
    return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'jxmb', 'fonts');
  }
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'jxmb', 'fonts');
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'jxmb', 'fonts');
}

/**
 * The cached font for `face`, or undefined when the face is not a CID-keyed CFF font (or there
 * is no cache): then the caller opens it with fontkit. `open` opens the real font, once, when
 * this needs it (no cache file yet, or a character not in it); it may throw as fontkit does.
 */
export function cachedCffFont(
  face: FontFace,
  open: () => { font: FontkitLike; cffTable: Uint8Array | undefined },
  env: NodeJS.ProcessEnv = process.env,
): CachedCffFont | undefined {
  const dir = fontCacheDir(env);
  if (!dir) return undefined;
  let file: string;
  try {
    const st = statSync(face.file);
    const key = `${CACHE_VERSION}|${path.resolve(face.file)}|${st.size}|${st.mtimeMs}|${face.postscriptName ?? ''}`;
    file = path.join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  } catch {
    return undefined;
  }
  const saved = readCache(file);
  if (saved?.kind === 'other') return undefined;
  const source = lazySource(open);
  if (saved?.kind === 'cff' && saved.meta) return new CachedCffFont(file, saved, source);
  // Not known yet: look at the font itself.
  const opened = source();
  if (!opened) {
    writeCache(file, { v: CACHE_VERSION, kind: 'other' });
    return undefined;
  }
  return new CachedCffFont(file, fresh(opened), source);
}

function lazySource(
  open: () => { font: FontkitLike; cffTable: Uint8Array | undefined },
): () => FontSource | undefined {
  let opened: FontSource | null | undefined;
  return () => {
    if (opened === undefined) {
      const { font, cffTable } = open();
      try {
        opened = cffTable ? { font, cff: readCff(cffTable) } : null;
      } catch (e) {
        if (!(e instanceof CffError) && !(e instanceof RangeError)) throw e;
        opened = null;
      }
    }
    return opened ?? undefined;
  };
}

function fresh(source: FontSource): CacheFile {
  const f = source.font as unknown as FontkitInternals;
  const bbox = f.bbox;
  return {
    v: CACHE_VERSION,
    kind: 'cff',
    meta: {
      postscriptName: f.postscriptName,
      unitsPerEm: f.unitsPerEm,
      ascent: f.ascent,
      descent: f.descent,
      lineGap: f.lineGap,
      capHeight: f.capHeight,
      xHeight: f.xHeight,
      italicAngle: f.italicAngle,
      bbox: [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY],
      familyClass: f['OS/2']?.sFamilyClass ?? 0,
      fixedPitch: Boolean(f.post?.isFixedPitch),
      italic: Boolean(f.head?.macStyle?.italic),
    },
    fonts: {},
    cmap: {},
    glyphs: {},
  };
}

/** The parts of fontkit's font read when a cache file is first made. */
interface FontkitInternals {
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  readonly capHeight: number;
  readonly xHeight: number;
  readonly italicAngle: number;
  readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
  readonly 'OS/2'?: { sFamilyClass?: number };
  readonly post?: { isFixedPitch?: number | boolean };
  readonly head?: { macStyle?: { italic?: boolean } };
}

function readCache(file: string): CacheFile | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    return data.v === CACHE_VERSION ? data : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(file: string, data: CacheFile): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(data));
    renameSync(temp, file);
  } catch {
    // Read-only or full: the next export opens the font again, that is all.
  }
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** A fontkit-like font that pdfkit embeds as a CID-keyed CFF subset (FontFile3). */
export class CachedCffFont implements FontkitLike {
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  readonly capHeight: number;
  readonly xHeight: number;
  readonly italicAngle: number;
  readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
  readonly 'OS/2': { sFamilyClass: number };
  readonly post: { isFixedPitch: boolean };
  readonly head: { macStyle: { italic: boolean } };
  /** pdfkit merges two fonts of the same name unless these differ (its isEqualFont). */
  readonly _tables: { head: { checkSumAdjustment: string } };
  private readonly cmap: Record<number, number>;
  private readonly glyphData: Record<number, [number, number, string]>;
  /** Known once the font has been opened for a subset (see encodeSubset). */
  private top: string[] | undefined;
  private readonly fonts: Record<number, { entries: string[]; private: string[] }>;
  private readonly glyphs = new Map<number, FontkitGlyph>();
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly data: CacheFile,
    private readonly source: () => FontSource | undefined,
  ) {
    const m = data.meta!;
    this.postscriptName = m.postscriptName;
    this.unitsPerEm = m.unitsPerEm;
    this.ascent = m.ascent;
    this.descent = m.descent;
    this.lineGap = m.lineGap;
    this.capHeight = m.capHeight;
    this.xHeight = m.xHeight;
    this.italicAngle = m.italicAngle;
    this.bbox = { minX: m.bbox[0], minY: m.bbox[1], maxX: m.bbox[2], maxY: m.bbox[3] };
    this['OS/2'] = { sFamilyClass: m.familyClass };
    this.post = { isFixedPitch: m.fixedPitch };
    this.head = { macStyle: { italic: m.italic } };
    this._tables = { head: { checkSumAdjustment: file } };
    this.cmap = data.cmap ?? {};
    this.glyphData = data.glyphs ?? {};
    this.top = data.top;
    this.fonts = data.fonts ?? {};
  }

  hasGlyphForCodePoint(codePoint: number): boolean {
    return this.glyphId(codePoint) !== 0;
  }

  glyphForCodePoint(codePoint: number): FontkitGlyph {
    let glyph = this.glyphs.get(codePoint);
    if (!glyph) {
      const id = this.glyphId(codePoint);
      glyph = { id, advanceWidth: this.glyph(id)[0], codePoints: [codePoint] };
      this.glyphs.set(codePoint, glyph);
    }
    return glyph;
  }

  getGlyph(id: number): FontkitGlyph {
    return { id, advanceWidth: this.glyph(id)[0], codePoints: [] };
  }

  /**
   * One glyph per character at its advance: what fontkit's shaping gives with every feature off
   * (pdf-fonts.ts NO_FEATURES), in font units, as pdfkit expects.
   */
  layout(text: string): { glyphs: FontkitGlyph[]; positions: GlyphPosition[] } {
    const glyphs: FontkitGlyph[] = [];
    const positions: GlyphPosition[] = [];
    for (const ch of text) {
      const g = this.glyphForCodePoint(ch.codePointAt(0)!);
      glyphs.push(g);
      positions.push({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 });
    }
    return { glyphs, positions };
  }

  createSubset(): CffSubset {
    return new CffSubset(this);
  }

  /** The subset's bytes; also saves what this export added to the cache. */
  encodeSubset(gids: readonly number[]): Uint8Array {
    const glyphs = gids.map((id) => {
      const [, fd, charString] = this.glyph(id);
      return { fd, charString: unb64(charString) };
    });
    const fds = new Set(glyphs.map((g) => g.fd));
    if (!this.top || [...fds].some((fd) => !this.fonts[fd])) {
      const whole = fontData(this.opened().cff, this.postscriptName, fds);
      for (const [fd, d] of Object.entries(whole.fonts)) {
        this.fonts[Number(fd)] ??= { entries: d.entries.map(b64), private: d.private.map(b64) };
      }
      this.top = whole.top.map(b64);
      this.dirty = true;
    }
    const bytes = writeCffSubset(
      {
        name: this.postscriptName,
        top: this.top.map(unb64),
        fonts: Object.fromEntries(
          [...fds].map((fd) => [
            fd,
            {
              entries: this.fonts[fd]!.entries.map(unb64),
              private: this.fonts[fd]!.private.map(unb64),
            },
          ]),
        ),
      },
      glyphs,
    );
    if (this.dirty) {
      writeCache(this.file, {
        ...this.data,
        top: this.top,
        fonts: this.fonts,
        cmap: this.cmap,
        glyphs: this.glyphData,
      });
      this.dirty = false;
    }
    return bytes;
  }

  private glyphId(codePoint: number): number {
    let id = this.cmap[codePoint];
    if (id === undefined) {
      id = this.opened().font.glyphForCodePoint(codePoint).id;
      this.cmap[codePoint] = id;
      this.dirty = true;
    }
    return id;
  }

  private glyph(id: number): [number, number, string] {
    let g = this.glyphData[id];
    if (!g) {
      const { font, cff } = this.opened();
      const fontkitGlyph = (font as unknown as { getGlyph(id: number): FontkitGlyph }).getGlyph(id);
      g = [fontkitGlyph.advanceWidth, cff.fdSelect(id), b64(inlinedCharString(cff, id))];
      this.glyphData[id] = g;
      this.dirty = true;
    }
    return g;
  }

  private opened(): FontSource {
    const s = this.source();
    if (!s) throw new Error(`${this.file}: the font is no longer a CFF font`);
    return s;
  }
}

interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** fontkit's Subset as pdfkit uses it: glyphs numbered in the order they are first drawn. */
class CffSubset {
  /** Read by pdfkit: a CFF subset is embedded as FontFile3/CIDFontType0C. */
  readonly cff = true;
  readonly glyphs: number[] = [0];
  private readonly mapping = new Map<number, number>([[0, 0]]);

  constructor(private readonly font: CachedCffFont) {}

  includeGlyph(glyph: number | { id: number }): number {
    const id = typeof glyph === 'number' ? glyph : glyph.id;
    let gid = this.mapping.get(id);
    if (gid === undefined) {
      gid = this.glyphs.length;
      this.glyphs.push(id);
      this.mapping.set(id, gid);
    }
    return gid;
  }

  encode(): Uint8Array {
    return this.font.encodeSubset(this.glyphs);
  }
}
