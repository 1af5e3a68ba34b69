import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { UserError } from '../shared/errors.ts';

/**
 * The largest source read into memory: published text, PDF, JSON. A published table of a whole
 * department is well under 5 MB; anything this size is not one, and reading it would only
 * make the program slow or take its memory.
 */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;
const MAX_SOURCE_TEXT = '64 MB';

/**
 * Opens a source given by the user, refusing before reading anything what is not a regular
 * file (a FIFO would block the reader forever, /dev/zero never ends, a folder has no content).
 * Non-blocking: opening a FIFO with no writer would otherwise wait for one.
 */
export function openSourceFile(file: string, what: string): { fd: number; stats: Stats } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError(`找不到${what}“${file}”`);
    if (code === 'EACCES' || code === 'EPERM') {
      throw new UserError(`无法读取${what}“${file}”：没有读取权限`);
    }
    if (code === 'EISDIR') throw new UserError(`${what}“${file}”是文件夹，不是文件`);
    throw new UserError(`无法打开${what}“${file}”（${code ?? String(e)}）`);
  }
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch (e) {
    closeSync(fd);
    throw new UserError(`无法读取${what}“${file}”（${(e as NodeJS.ErrnoException).code ?? e}）`);
  }
  if (!stats.isFile()) {
    closeSync(fd);
    const kind = stats.isDirectory()
      ? '是文件夹'
      : stats.isFIFO()
        ? '是管道'
        : stats.isCharacterDevice() || stats.isBlockDevice()
          ? '是设备'
          : stats.isSocket()
            ? '是套接字'
            : '不是普通文件';
    throw new UserError(`${what}“${file}”${kind}，不是普通文件，无法读取`);
  }
  return { fd, stats };
}

/** The refusal of a source over the limit, with its size. */
function tooLarge(file: string, what: string, bytes: number): UserError {
  const mb = (bytes / (1024 * 1024)).toFixed(1);
  return new UserError(
    `${what}“${file}”过大（${mb} MB，超过 ${MAX_SOURCE_TEXT} 的上限），不是一份绩效目标表，未读取`,
  );
}

/**
 * Reads the rest of an open source, at most MAX_SOURCE_BYTES: its size is checked before
 * reading, and again while reading (a file that grows meanwhile is refused, not read forever).
 */
export function readOpenSource(fd: number, size: number, file: string, what: string): Buffer {
  if (size > MAX_SOURCE_BYTES) throw tooLarge(file, what, size);
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.max(64 * 1024, Math.min(size - total + 1, 1 << 24)));
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, total);
    } catch (e) {
      throw new UserError(
        `读取${what}“${file}”时出错（${(e as NodeJS.ErrnoException).code ?? e}）`,
      );
    }
    if (n === 0) break;
    total += n;
    if (total > MAX_SOURCE_BYTES) throw tooLarge(file, what, total);
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
}

/** A source file's bytes, refused with a message when it is not a regular file or too large. */
export function readSourceFile(file: string, what: string): Buffer {
  const { fd, stats } = openSourceFile(file, what);
  try {
    return readOpenSource(fd, stats.size, file, what);
  } finally {
    closeSync(fd);
  }
}

/**
 * A source's text, as UTF-8. Text saved by Windows tools in GBK decodes to replacement
 * characters: say so rather than import garbled text.
 */
export function decodeSourceText(bytes: Uint8Array, file: string, what: string): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  let bad = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) bad++;
  if (bad > 0 && bad > text.length / 100) {
    throw new UserError(
      `${what}“${file}”不是 UTF-8 编码的文本（可能是 GBK）；请另存为 UTF-8 后再导入`,
    );
  }
  return text;
}
