import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../db/shared/errors.ts';

/**
 * Browser mode works in one folder: the one the server was started in. A page (or anything that
 * got hold of the token) must not read or write elsewhere, so every path it sends is resolved
 * against that folder and then followed through symlinks as the operating system would: `../`,
 * absolute paths and links pointing out of the folder are all refused.
 */

/** The real path of the folder, which every confined path must be inside. */
export function realFolder(folder: string): string {
  return realpathSync.native(path.resolve(folder));
}

/**
 * Where `given` (relative to `root`, or absolute) really leads: the real path of its longest
 * existing part, with the parts that do not exist yet appended. A link whose target is missing
 * has no real path; it would be followed on writing, so it is refused.
 */
export function realPathOf(root: string, given: string): string {
  const absolute = path.resolve(root, given);
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    let isLink: boolean;
    try {
      isLink = lstatSync(existing).isSymbolicLink();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw cannotReach(given, e);
      const parent = path.dirname(existing);
      if (parent === existing) throw cannotReach(given, e);
      missing.unshift(path.basename(existing));
      existing = parent;
      continue;
    }
    let real: string;
    try {
      real = realpathSync.native(existing);
    } catch (e) {
      if (isLink) throw new UserError(`路径“${shown(given)}”是一个指向不存在位置的链接，不能使用`);
      throw cannotReach(given, e);
    }
    return path.join(real, ...missing);
  }
}

/** True when `real` is `root` itself or inside it. */
function inside(root: string, real: string): boolean {
  const rel = path.relative(root, real);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * The real path `given` leads to, when that is inside `root` (a real path: see realFolder);
 * otherwise a UserError naming the folder.
 */
export function confinedPath(root: string, given: string): string {
  const real = realPathOf(root, given);
  if (!inside(root, real)) {
    throw new UserError(
      `路径“${shown(given)}”不在浏览器模式的工作文件夹“${root}”内：只能打开和保存该文件夹（及其子文件夹）中的文件`,
    );
  }
  return real;
}

function cannotReach(given: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code ?? '未知原因';
  return new UserError(`无法访问路径“${shown(given)}”（${code}）`, { cause: e });
}

/** A path as a message quotes it: a page may send 4,096 characters. */
function shown(given: string): string {
  return given.length > 200 ? `${given.slice(0, 200)}…` : given;
}
