import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../db/shared/errors.ts';
import { removeOrphanTemps, removeTemp, tempPathFor } from '../../db/temp-files.ts';

/** Refuses, before any work, an output that exists (unless `force`) or has nowhere to go. */
export function checkOutputPath(file: string, force: boolean): void {
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`无法写入“${file}”：文件夹“${dir}”不存在`);
  }
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) throw new UserError(`“${file}”是文件夹，不能作为输出文件`);
    if (!force) throw new UserError(`“${file}”已存在；如要覆盖，请加 --force`);
  }
}

/**
 * Writes a file whole or not at all: into a temporary file beside it, flushed to disk, then
 * renamed over the target. A failure (disk full, the old file open in Word) leaves no
 * half-written file and the old one as it was.
 */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  removeOrphanTemps(path.dirname(path.resolve(file)));
  const temp = tempPathFor(file);
  try {
    const fd = openSync(temp, 'wx');
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (e) {
    removeTemp(temp);
    throw writeError(file, e);
  }
}

/**
 * writeFileAtomic for a thread that must keep answering (Electron's main process, the
 * browser-mode server): the writing and the flush to disk — tens of milliseconds on a busy
 * disk, more for a large export — happen on Node's thread pool, not on the caller's thread.
 */
export async function writeFileAtomicAsync(file: string, bytes: Uint8Array): Promise<void> {
  removeOrphanTemps(path.dirname(path.resolve(file)));
  const temp = tempPathFor(file);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (e) {
    removeTemp(temp);
    throw writeError(file, e);
  }
}

/** What the clerk is told when writing `file` failed with `e`. */
function writeError(file: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
    return new UserError(
      `无法写入“${file}”：文件被占用或没有写入权限（如已在 Word、WPS 或 PDF 阅读器中打开，请先关闭）`,
    );
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new UserError(`无法写入“${file}”：磁盘空间不足，没有留下不完整的文件；请腾出空间后重试`);
  }
  if (code === 'EIO' || code === 'EFBIG') {
    return new UserError(`无法写入“${file}”：磁盘出错（${code}），没有留下不完整的文件`);
  }
  return e;
}
