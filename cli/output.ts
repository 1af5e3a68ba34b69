import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../db/errors.ts';

/** Refuses to replace an existing file unless the user said --force. */
export function ensureWritable(target: string, force: boolean): void {
  if (existsSync(target) && !force) {
    throw new UserError(`文件“${target}”已存在；如需覆盖，请加 --force`);
  }
  const dir = path.dirname(path.resolve(target));
  if (!existsSync(dir)) throw new UserError(`目录不存在：${dir}`);
}

/**
 * Writes a whole file or nothing: into a temporary file beside the target, then renamed over it,
 * so a failure (disk full, killed process) never leaves a half-written output.
 */
export function writeFileAtomic(
  target: string,
  content: string | Uint8Array,
  force: boolean,
): void {
  ensureWritable(target, force);
  const temp = path.join(
    path.dirname(path.resolve(target)),
    `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`,
  );
  try {
    writeFileSync(temp, content);
    renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
}
