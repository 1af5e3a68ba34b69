import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Layout } from '../../templates/layout/index.ts';
import { FILE_EXTENSION } from '../document-file.ts';

/**
 * How the program names the files it proposes or creates, for both hosts: the same default name
 * whether a native dialog proposes it (Electron) or browser mode picks it in its folder.
 */

/** Characters Windows refuses in file names (and control characters) become `_`. */
export function safeFileName(name: string): string {
  return (
    name
      .replace(/[\\/:*?"<>|]/g, '_')
      .replace(/\p{Cc}/gu, '_')
      .trim()
      .slice(0, 120) || '未命名'
  );
}

/**
 * `file` with the extension it must have. `confirmed`: the name is the one the clerk gave (a
 * save dialog's overwrite question covered it); not when the extension had to be added.
 */
export function withExtension(file: string, ext: string): { file: string; confirmed: boolean } {
  if (file.toLowerCase().endsWith(ext)) return { file, confirmed: true };
  return { file: `${file}${ext}`, confirmed: false };
}

/** Same file? Windows and macOS file systems ignore case; Linux does not. */
export function samePath(
  a: string,
  b: string,
  platform: NodeJS.Platform = process.platform,
): boolean {
  const norm = (p: string) => {
    const resolved = platform === 'win32' ? path.win32.resolve(p) : path.resolve(p);
    return platform === 'linux' ? resolved : resolved.toLowerCase();
  };
  return norm(a) === norm(b);
}

/** The name a page suggested, without folder and extension (hosts that ask take only this). */
export function stemOf(file: string): string {
  return path.basename(file, FILE_EXTENSION);
}

/** A new document's name: `{部门}{年度}年绩效目标表`. */
export function documentStem(department: string, year: number): string {
  return `${department.trim() || '未命名部门'}${year}年绩效目标表`;
}

/** 另存为's proposal: `{文件名}（副本）`. */
export function copyStem(file: string): string {
  return `${stemOf(file)}（副本）`;
}

/** An export or preview of `file`: its name, plus the layout's name unless it is the official one. */
export function exportStem(file: string, layout: Layout): string {
  return `${stemOf(file)}${layout.id === 'official' ? '' : `-${layout.name}`}`;
}

/** An Excel export of `file`: its name, plus the shape's name unless it is the official table. */
export function workbookStem(file: string, shape: { id: string; name: string }): string {
  return `${stemOf(file)}${shape.id === 'official' ? '' : `-${shape.name}`}`;
}

/**
 * The first of `{stem}{ext}`, `{stem}（2）{ext}`, … that does not exist yet, as `resolve` (which
 * may refuse a name, e.g. a link leading out of browser mode's folder) places it.
 */
export function freshPath(stem: string, ext: string, resolve: (name: string) => string): string {
  const safe = safeFileName(stem);
  for (let i = 1; ; i++) {
    const file = resolve(`${safe}${i === 1 ? '' : `（${i}）`}${ext}`);
    if (!existsSync(file)) return file;
  }
}
