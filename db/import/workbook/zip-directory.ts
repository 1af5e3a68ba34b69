import { crc32, inflateRawSync } from 'node:zlib';

/**
 * The members of a ZIP file (an .xlsx is one) read from its central directory, and one
 * member's bytes on demand with a cap on their size. The workbook library unzips and parses a
 * whole workbook in one step, with no limit and no account of what it skipped; this lets a
 * workbook be looked at first (workbook-survey.ts): a file cut short, a member too large to
 * unpack, a sheet the workbook names but the file lacks.
 */

export interface ZipMember {
  readonly name: string;
  /** 0 stored, 8 deflated; others are refused when the member is needed. */
  readonly method: number;
  readonly compressedSize: number;
  /** As the directory states it; unpacking never trusts it beyond the caller's cap. */
  readonly size: number;
  readonly localOffset: number;
}

/** Why a ZIP could not be read, in words for the clerk's message. */
export class ZipDamage extends Error {}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The members by name, or ZipDamage when the file is no whole ZIP. */
export function zipDirectory(bytes: Uint8Array): Map<string, ZipMember> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  // The end record is within the last 64 KiB (its comment is at most 65,535 bytes).
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ZipDamage('文件不完整，可能在复制或下载时被截断');
  let count = u16(end + 10);
  let dirSize = u32(end + 12);
  let dirOffset = u32(end + 16);
  if (end >= 20 && u32(end - 20) === EOCD64_LOCATOR) {
    const at = u64(end - 12);
    if (at + 56 > bytes.length || u32(at) !== EOCD64) throw new ZipDamage('压缩目录已损坏');
    count = u64(at + 32);
    dirSize = u64(at + 40);
    dirOffset = u64(at + 48);
  }
  if (dirOffset + dirSize > bytes.length) {
    throw new ZipDamage('文件不完整，可能在复制或下载时被截断');
  }
  const members = new Map<string, ZipMember>();
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== CENTRAL) throw new ZipDamage('压缩目录已损坏');
    const flags = u16(at + 8);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > bytes.length) throw new ZipDamage('压缩目录已损坏');
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const name = Buffer.from(nameBytes).toString(flags & 0x800 ? 'utf8' : 'latin1');
    let compressedSize = u32(at + 20);
    let size = u32(at + 24);
    let localOffset = u32(at + 42);
    // ZIP64: the sizes and offset that do not fit 32 bits are in the extra field, in order.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = u16(extra);
      const length = u16(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        const take = () => {
          if (field + 8 > extra + 4 + length) throw new ZipDamage('压缩目录已损坏');
          const v = u64(field);
          field += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localOffset === 0xffffffff) localOffset = take();
      }
      extra += 4 + length;
    }
    members.set(name.replace(/^\//u, ''), {
      name,
      method: u16(at + 10),
      compressedSize,
      size,
      localOffset,
    });
    at = next;
  }
  return members;
}

/**
 * A member's bytes, at most `cap` of them: RangeError beyond (a member that unpacks larger than
 * the directory says, or than anything a table needs), ZipDamage when they cannot be unpacked.
 */
export function unzipMember(bytes: Uint8Array, member: ZipMember, cap: number): Uint8Array {
  const at = member.localOffset;
  if (at + 30 > bytes.length || readU32(bytes, at) !== LOCAL) {
    throw new ZipDamage(`压缩成员“${member.name}”已损坏`);
  }
  const start = at + 30 + readU16(bytes, at + 26) + readU16(bytes, at + 28);
  const end = start + member.compressedSize;
  if (end > bytes.length) throw new ZipDamage('文件不完整，可能在复制或下载时被截断');
  const data = bytes.subarray(start, end);
  if (member.method === 0) {
    if (data.length > cap) throw new RangeError(`member ${member.name} exceeds ${cap} bytes`);
    return data;
  }
  if (member.method !== 8) throw new ZipDamage(`压缩成员“${member.name}”的压缩方式无法识别`);
  try {
    return inflateRawSync(data, { maxOutputLength: cap });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new RangeError(`member ${member.name} exceeds ${cap} bytes`, { cause: e });
    }
    throw new ZipDamage(`压缩成员“${member.name}”已损坏`, { cause: e });
  }
}

function readU16(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8);
}

function readU32(bytes: Uint8Array, at: number): number {
  return (readU16(bytes, at) | (readU16(bytes, at + 2) << 16)) >>> 0;
}

/**
 * A ZIP of the given members, stored (not compressed): what the workbook library reads after
 * the survey has unpacked and checked the members, so it unpacks nothing itself.
 */
export function storedZip(files: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  const names = files.map(([name]) => Buffer.from(name, 'utf8'));
  const size =
    files.reduce(
      (n, [, data], i) => n + 30 + names[i]!.length + data.length + 46 + names[i]!.length,
      0,
    ) + 22;
  const out = Buffer.alloc(size);
  const central: number[] = [];
  let at = 0;
  files.forEach(([, data], i) => {
    const name = names[i]!;
    central.push(at);
    out.writeUInt32LE(LOCAL, at);
    out.writeUInt16LE(20, at + 4);
    out.writeUInt16LE(0x800, at + 6);
    out.writeUInt16LE(0, at + 8);
    out.writeUInt32LE(crc32(data), at + 14);
    out.writeUInt32LE(data.length, at + 18);
    out.writeUInt32LE(data.length, at + 22);
    out.writeUInt16LE(name.length, at + 26);
    name.copy(out, at + 30);
    out.set(data, at + 30 + name.length);
    at += 30 + name.length + data.length;
  });
  const dirOffset = at;
  files.forEach(([, data], i) => {
    const name = names[i]!;
    out.writeUInt32LE(CENTRAL, at);
    out.writeUInt16LE(20, at + 4);
    out.writeUInt16LE(20, at + 6);
    out.writeUInt16LE(0x800, at + 8);
    out.writeUInt32LE(crc32(data), at + 16);
    out.writeUInt32LE(data.length, at + 20);
    out.writeUInt32LE(data.length, at + 24);
    out.writeUInt16LE(name.length, at + 28);
    out.writeUInt32LE(central[i]!, at + 42);
    name.copy(out, at + 46);
    at += 46 + name.length;
  });
  out.writeUInt32LE(EOCD, at);
  out.writeUInt16LE(files.length, at + 8);
  out.writeUInt16LE(files.length, at + 10);
  out.writeUInt32LE(at - dirOffset, at + 12);
  out.writeUInt32LE(dirOffset, at + 16);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
