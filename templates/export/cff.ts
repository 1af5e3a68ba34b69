/**
 * The few parts of the CFF font format (Adobe TN 5176, Type 2 charstrings TN 5177) that printing
 * with a CFF-based Chinese font needs, done directly on the bytes: reading one glyph's outline
 * with its subroutines inlined, and writing a CID-keyed subset of such glyphs for the PDF.
 *
 * Why not fontkit, which pdfkit uses: a CJK font such as Noto Serif CJK holds 65,535 glyphs and
 * 50,000 subroutines, and fontkit reads all of their indexes, runs each printed glyph's outline
 * to learn which subroutines it uses, and writes every unused one back as a placeholder — most
 * of the time of printing a table (font-cache.ts keeps the glyphs read here between runs). With
 * the subroutines inlined, a subset is just the glyphs' bytes and their font dictionaries.
 */

/** The bytes of one CFF table, with its indexes located. */
export interface CffTable {
  readonly bytes: Uint8Array;
  readonly top: DictEntry[];
  readonly globalSubrs: Index;
  readonly charStrings: Index;
  readonly fdSelect: (gid: number) => number;
  readonly fonts: readonly FontDict[];
}

export interface FontDict {
  /** The Font DICT's entries but Private and FontName. */
  readonly entries: DictEntry[];
  /** The Private DICT's entries but Subrs. */
  readonly privateEntries: DictEntry[];
  readonly subrs: Index;
}

/** One DICT operator with its operands, as the bytes it was written with. */
export interface DictEntry {
  readonly op: number;
  readonly operands: number[];
  readonly bytes: Uint8Array;
}

interface Index {
  readonly count: number;
  get(i: number): Uint8Array;
}

// DICT operators (escaped ones as 1200 + second byte).
const OP = {
  charset: 15,
  Encoding: 16,
  CharStrings: 17,
  Private: 18,
  Subrs: 19,
  FDArray: 1236,
  FDSelect: 1237,
  FontName: 1238,
  ROS: 1230,
  CIDCount: 1234,
} as const;
/** Top DICT entries that name strings or places in the original file: not copied. */
const TOP_DROPPED = new Set<number>([
  0,
  1,
  2,
  3,
  4,
  13,
  14,
  1200,
  1220,
  1221,
  1222,
  1235,
  OP.charset,
  OP.Encoding,
  OP.CharStrings,
  OP.Private,
  OP.FDArray,
  OP.FDSelect,
  OP.FontName,
  OP.ROS,
  OP.CIDCount,
]);

export class CffError extends Error {}

export function readCff(bytes: Uint8Array): CffTable {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hdrSize = bytes[2]!;
  const names = readIndex(bytes, view, hdrSize);
  const tops = readIndex(bytes, view, names.end);
  const strings = readIndex(bytes, view, tops.end);
  const globalSubrs = readIndex(bytes, view, strings.end);
  const top = readDict(tops.get(0));
  const at = (op: number) => top.find((e) => e.op === op)?.operands;
  const charStringsAt = at(OP.CharStrings)?.[0];
  const fdArrayAt = at(OP.FDArray)?.[0];
  const fdSelectAt = at(OP.FDSelect)?.[0];
  if (!at(OP.ROS) || charStringsAt === undefined || fdArrayAt === undefined) {
    throw new CffError('not a CID-keyed CFF font');
  }
  if (fdSelectAt === undefined) throw new CffError('no FDSelect');
  const charStrings = readIndex(bytes, view, charStringsAt);
  const fdIndex = readIndex(bytes, view, fdArrayAt);
  const fonts: FontDict[] = [];
  for (let i = 0; i < fdIndex.count; i++) {
    const entries = readDict(fdIndex.get(i));
    const priv = entries.find((e) => e.op === OP.Private)?.operands;
    let privateEntries: DictEntry[] = [];
    let subrs: Index = EMPTY_INDEX;
    if (priv) {
      const [size, offset] = priv as [number, number];
      privateEntries = readDict(bytes.subarray(offset, offset + size));
      const subrsAt = privateEntries.find((e) => e.op === OP.Subrs)?.operands[0];
      if (subrsAt !== undefined) subrs = readIndex(bytes, view, offset + subrsAt);
    }
    fonts.push({
      entries: entries.filter((e) => e.op !== OP.Private && e.op !== OP.FontName),
      privateEntries: privateEntries.filter((e) => e.op !== OP.Subrs),
      subrs,
    });
  }
  return {
    bytes,
    top,
    globalSubrs,
    charStrings,
    fdSelect: readFdSelect(bytes, view, fdSelectAt, charStrings.count),
    fonts,
  };
}

const EMPTY_INDEX: Index = {
  count: 0,
  get() {
    throw new CffError('subroutine out of range');
  },
};

function readIndex(
  bytes: Uint8Array,
  view: DataView,
  start: number,
): Index & { readonly end: number } {
  const count = view.getUint16(start);
  if (count === 0) return { ...EMPTY_INDEX, end: start + 2 };
  const offSize = bytes[start + 2]!;
  const offsets = start + 3;
  const data = offsets + (count + 1) * offSize - 1;
  const offset = (i: number) => {
    let v = 0;
    for (let k = 0; k < offSize; k++) v = v * 256 + bytes[offsets + i * offSize + k]!;
    return v;
  };
  return {
    count,
    end: data + offset(count),
    get(i) {
      if (i < 0 || i >= count) throw new CffError('index out of range');
      return bytes.subarray(data + offset(i), data + offset(i + 1));
    },
  };
}

function readFdSelect(
  bytes: Uint8Array,
  view: DataView,
  start: number,
  nGlyphs: number,
): (gid: number) => number {
  const format = bytes[start]!;
  if (format === 0) return (gid) => bytes[start + 1 + gid]!;
  if (format !== 3) throw new CffError(`FDSelect format ${format}`);
  const nRanges = view.getUint16(start + 1);
  return (gid) => {
    if (gid >= nGlyphs) throw new CffError('glyph out of range');
    // Ranges are sorted by first glyph: find the last one starting at or before gid.
    let lo = 0;
    let hi = nRanges - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (view.getUint16(start + 3 + mid * 3) <= gid) lo = mid;
      else hi = mid - 1;
    }
    return bytes[start + 3 + lo * 3 + 2]!;
  };
}

function readDict(bytes: Uint8Array): DictEntry[] {
  const out: DictEntry[] = [];
  let operands: number[] = [];
  let from = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b <= 21) {
      const op = b === 12 ? 1200 + bytes[i + 1]! : b;
      i += b === 12 ? 2 : 1;
      out.push({ op, operands, bytes: bytes.subarray(from, i) });
      operands = [];
      from = i;
    } else if (b === 30) {
      // A real number: nibbles up to the one that ends it. Not needed as a value here.
      i++;
      while (i < bytes.length && (bytes[i]! & 0x0f) !== 0x0f && (bytes[i]! & 0xf0) !== 0xf0) i++;
      i++;
      operands.push(NaN);
    } else {
      const [value, length] = dictNumber(bytes, i);
      operands.push(value);
      i += length;
    }
  }
  return out;
}

function dictNumber(bytes: Uint8Array, i: number): [number, number] {
  const b = bytes[i]!;
  if (b >= 32 && b <= 246) return [b - 139, 1];
  if (b >= 247 && b <= 250) return [(b - 247) * 256 + bytes[i + 1]! + 108, 2];
  if (b >= 251 && b <= 254) return [-(b - 251) * 256 - bytes[i + 1]! - 108, 2];
  if (b === 28) return [((bytes[i + 1]! << 24) | (bytes[i + 2]! << 16)) >> 16, 3];
  if (b === 29) {
    return [
      (bytes[i + 1]! << 24) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 8) | bytes[i + 4]!,
      5,
    ];
  }
  throw new CffError(`DICT byte ${b}`);
}

/** The bias added to a subroutine number, which depends on how many there are. */
function bias(count: number): number {
  return count < 1240 ? 107 : count < 33900 ? 1131 : 32768;
}

/**
 * Glyph `gid`'s charstring with every subroutine call replaced by the subroutine's body, so it
 * needs no subroutine at all. Throws CffError on what Chinese fonts do not use (arithmetic
 * operators, a subroutine number computed elsewhere); the caller then prints that font the
 * slower way.
 */
export function inlinedCharString(cff: CffTable, gid: number): Uint8Array {
  const local = cff.fonts[cff.fdSelect(gid)]?.subrs ?? EMPTY_INDEX;
  const out: number[] = [];
  let stems = 0;
  let operands = 0;
  // Where the last operand starts in `out` and its value: the number of the subroutine called.
  let lastAt = -1;
  let lastValue = 0;
  let depth = 0;

  const run = (cs: Uint8Array): 'end' | 'return' => {
    if (++depth > 12) throw new CffError('subroutines nested too deeply');
    let i = 0;
    while (i < cs.length) {
      const b = cs[i]!;
      if (b >= 32 || b === 28 || b === 255) {
        const length = b === 28 ? 3 : b === 255 ? 5 : b >= 247 ? 2 : 1;
        lastAt = out.length;
        lastValue =
          b === 28
            ? ((cs[i + 1]! << 24) | (cs[i + 2]! << 16)) >> 16
            : b === 255
              ? NaN
              : b <= 246
                ? b - 139
                : b <= 250
                  ? (b - 247) * 256 + cs[i + 1]! + 108
                  : -(b - 251) * 256 - cs[i + 1]! - 108;
        for (let k = 0; k < length; k++) out.push(cs[i + k]!);
        operands++;
        i += length;
        continue;
      }
      if (b === 10 || b === 29) {
        // callsubr / callgsubr: the subroutine's number is the operand just before.
        if (lastAt !== out.length - operandLength(out, lastAt) || !Number.isInteger(lastValue)) {
          throw new CffError('subroutine number not given just before the call');
        }
        out.length = lastAt;
        operands--;
        lastAt = -1;
        const subrs = b === 10 ? local : cff.globalSubrs;
        if (run(subrs.get(lastValue + bias(subrs.count))) === 'end') return 'end';
        i++;
        continue;
      }
      if (b === 11) {
        depth--;
        return 'return';
      }
      lastAt = -1;
      if (b === 14) {
        out.push(b);
        return 'end';
      }
      if (b === 1 || b === 3 || b === 18 || b === 23) {
        stems += operands >> 1;
      } else if (b === 19 || b === 20) {
        // hintmask / cntrmask: operands left before it are vertical stems; then the mask.
        stems += operands >> 1;
        const maskBytes = (stems + 7) >> 3;
        for (let k = 0; k <= maskBytes; k++) out.push(cs[i + k]!);
        i += 1 + maskBytes;
        operands = 0;
        continue;
      } else if (b === 12) {
        const op2 = cs[i + 1]!;
        // Only the flex operators (34–37) occur in outlines; the arithmetic ones would need
        // the stack run for real.
        if (op2 < 34 || op2 > 37) throw new CffError(`charstring operator 12 ${op2}`);
        out.push(b, op2);
        i += 2;
        operands = 0;
        continue;
      } else if (b === 16 || b === 15 || b === 0 || b === 2 || b === 9 || b === 13 || b === 17) {
        throw new CffError(`charstring operator ${b}`);
      }
      out.push(b);
      operands = 0;
      i++;
    }
    depth--;
    return 'return';
  };
  if (run(cff.charStrings.get(gid)) !== 'end') out.push(14);
  return Uint8Array.from(out);
}

function operandLength(out: number[], at: number): number {
  if (at < 0) return -1;
  const b = out[at]!;
  return b === 28 ? 3 : b === 255 ? 5 : b >= 247 ? 2 : 1;
}

/** One glyph of a subset: its inlined charstring and which Font DICT it belongs to. */
export interface SubsetGlyph {
  readonly charString: Uint8Array;
  readonly fd: number;
}

/** What a subset needs of the whole font besides its glyphs (all plain data, for the cache). */
export interface CffFontData {
  readonly name: string;
  /** Top DICT entries kept as they are (FontBBox, FontMatrix, …). */
  readonly top: readonly Uint8Array[];
  /** Per Font DICT: its entries (as bytes) and its Private DICT's, by the font's own numbering. */
  readonly fonts: Readonly<Record<number, { entries: Uint8Array[]; private: Uint8Array[] }>>;
}

export function fontData(cff: CffTable, name: string, fds: Iterable<number>): CffFontData {
  const fonts: Record<number, { entries: Uint8Array[]; private: Uint8Array[] }> = {};
  for (const fd of fds) {
    const f = cff.fonts[fd];
    if (!f) throw new CffError('no such Font DICT');
    fonts[fd] = {
      entries: f.entries.map((e) => e.bytes),
      private: f.privateEntries.map((e) => e.bytes),
    };
  }
  return { name, top: cff.top.filter((e) => !TOP_DROPPED.has(e.op)).map((e) => e.bytes), fonts };
}

/**
 * A CID-keyed CFF of `glyphs` (the first is .notdef), glyph i being CID i, without
 * subroutines: what a PDF embeds as FontFile3/CIDFontType0C.
 */
export function writeCffSubset(font: CffFontData, glyphs: readonly SubsetGlyph[]): Uint8Array {
  const fds = [...new Set(glyphs.map((g) => g.fd))];
  const fdOf = new Map(fds.map((fd, i) => [fd, i]));
  const strings = ['Adobe', 'Identity'];
  const n = glyphs.length;

  const nameIndex = index([new TextEncoder().encode(font.name)]);
  const stringIndex = index(strings.map((s) => new TextEncoder().encode(s)));
  const gsubrIndex = index([]);
  const charset = n > 1 ? bytesOf([2, ...u16(1), ...u16(n - 2)]) : bytesOf([0]);
  const ranges: number[] = [];
  let previous = -1;
  glyphs.forEach((g, gid) => {
    const fd = fdOf.get(g.fd)!;
    if (fd !== previous) ranges.push(...u16(gid), fd);
    previous = fd;
  });
  const fdSelect = bytesOf([3, ...u16(ranges.length / 3), ...ranges, ...u16(n)]);
  const charStrings = index(glyphs.map((g) => g.charString));

  // Top DICT with fixed-size offsets, so that its size is known before the offsets are.
  const topDict = (offsets: number[]) =>
    concat([
      bytesOf([...int(391), ...int(392), ...int(0), 12, 30]), // ROS Adobe Identity 0
      ...font.top,
      bytesOf([...int(n), 12, 34]), // CIDCount
      bytesOf([...int32(offsets[0]!), 15]), // charset
      bytesOf([...int32(offsets[1]!), 12, 37]), // FDSelect
      bytesOf([...int32(offsets[2]!), 17]), // CharStrings
      bytesOf([...int32(offsets[3]!), 12, 36]), // FDArray
    ]);
  const header = bytesOf([1, 0, 4, 4]);
  const topSize = index([topDict([0, 0, 0, 0])]).length;
  let at = header.length + nameIndex.length + topSize + stringIndex.length + gsubrIndex.length;
  const charsetAt = at;
  at += charset.length;
  const fdSelectAt = at;
  at += fdSelect.length;
  const charStringsAt = at;
  at += charStrings.length;
  const fdArrayAt = at;
  // Font DICTs, each pointing at its Private DICT placed after the FDArray.
  const privates = fds.map((fd) => concat(font.fonts[fd]!.private));
  const fontDict = (fd: number, privateAt: number, privateSize: number) =>
    concat([...font.fonts[fd]!.entries, bytesOf([...int32(privateSize), ...int32(privateAt), 18])]);
  const fdArraySize = index(fds.map((fd) => fontDict(fd, 0, 0))).length;
  let privateAt = fdArrayAt + fdArraySize;
  const fontDicts = fds.map((fd, i) => {
    const d = fontDict(fd, privateAt, privates[i]!.length);
    privateAt += privates[i]!.length;
    return d;
  });
  return concat([
    header,
    nameIndex,
    index([topDict([charsetAt, fdSelectAt, charStringsAt, fdArrayAt])]),
    stringIndex,
    gsubrIndex,
    charset,
    fdSelect,
    charStrings,
    index(fontDicts),
    ...privates,
  ]);
}

function index(items: readonly Uint8Array[]): Uint8Array {
  if (items.length === 0) return bytesOf([0, 0]);
  const dataSize = items.reduce((s, x) => s + x.length, 0);
  const offSize =
    dataSize + 1 < 0x100 ? 1 : dataSize + 1 < 0x10000 ? 2 : dataSize + 1 < 0x1000000 ? 3 : 4;
  const out = new Uint8Array(3 + (items.length + 1) * offSize + dataSize);
  out[0] = items.length >> 8;
  out[1] = items.length & 0xff;
  out[2] = offSize;
  let offset = 1;
  let p = 3;
  const writeOffset = (v: number) => {
    for (let k = offSize - 1; k >= 0; k--) out[p + k] = (v >>> ((offSize - 1 - k) * 8)) & 0xff;
    p += offSize;
  };
  writeOffset(offset);
  for (const x of items) {
    offset += x.length;
    writeOffset(offset);
  }
  for (const x of items) {
    out.set(x, p);
    p += x.length;
  }
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, x) => s + x.length, 0));
  let p = 0;
  for (const x of parts) {
    out.set(x, p);
    p += x.length;
  }
  return out;
}

const bytesOf = (xs: number[]) => Uint8Array.from(xs);
const u16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];
const int32 = (v: number) => [29, (v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
/** A DICT integer in its shortest form. */
function int(v: number): number[] {
  if (v >= -107 && v <= 107) return [v + 139];
  if (v >= 108 && v <= 1131) return [((v - 108) >> 8) + 247, (v - 108) & 0xff];
  if (v >= -1131 && v <= -108) return [((-v - 108) >> 8) + 251, (-v - 108) & 0xff];
  if (v >= -32768 && v <= 32767) return [28, (v >> 8) & 0xff, v & 0xff];
  return int32(v);
}
