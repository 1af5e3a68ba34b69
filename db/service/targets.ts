import path from 'node:path';
import type { EditorSession } from '../api/session.ts';
import { describeHolder, lockHolder } from '../file-lock.ts';
import { UserError } from '../shared/errors.ts';
import type { FileQuestion, SourceQuestion } from './asks.ts';
import { safeFileName, stemOf } from './file-names.ts';
import type { HostPort, SaveTarget } from './port.ts';

/** The steps every flow shares: the open document, the file to read, the file to write. */

export const NO_DOCUMENT = '没有打开的文档：请先新建或打开一个文档';

export function sessionOf<T>(port: HostPort<T>, t: T): EditorSession {
  const session = port.session(t);
  if (!session) throw new UserError(NO_DOCUMENT);
  return session;
}

/** The file to read: the one the page named (where allowed), else the clerk's pick. */
export async function chooseSource<T>(
  port: HostPort<T>,
  t: T,
  question: SourceQuestion,
  given: string | undefined,
): Promise<string | undefined> {
  if (given !== undefined) return path.resolve(port.pageSource(given, question));
  const picked = await port.askSource(t, question);
  return picked && port.still(t) ? path.resolve(picked) : undefined;
}

export interface TargetChoice {
  /** The page's path, as the host's pageTarget took it (checked before any long work). */
  readonly direct: string | undefined;
  /** The page's path, as a name to propose where the host asks. */
  readonly given: string | undefined;
  /** The name proposed when the page gave none. */
  readonly stem: string;
  readonly ext: string;
  readonly near?: string;
  /** The flow works on this document: it must still be open after the question. */
  readonly session?: EditorSession;
}

/** Where to write: the page's path where the host takes it, else the clerk's answer. */
export async function chooseTarget<T>(
  port: HostPort<T>,
  t: T,
  question: FileQuestion,
  choice: TargetChoice,
): Promise<SaveTarget | undefined> {
  if (choice.direct !== undefined) return { file: choice.direct, confirmed: false };
  const stem = choice.given !== undefined ? stemOf(choice.given) : choice.stem;
  const target = await port.askTarget(t, {
    ...question,
    stem: safeFileName(stem),
    ext: choice.ext,
    ...(choice.near === undefined ? {} : { near: choice.near }),
  });
  return target && port.still(t, choice.session) ? target : undefined;
}

/** A document is never written over one that is open, here or in another program. */
export function refuseOverwrite<T>(port: HostPort<T>, file: string): void {
  if (port.showing(file)) {
    throw new UserError(
      `“${path.basename(file)}”正在另一个窗口中编辑，不能覆盖；请换一个文件名，或先关闭那个窗口`,
    );
  }
  const holder = lockHolder(file);
  if (holder && !holder.stale) {
    throw new UserError(`不能覆盖：${describeHolder(file, holder)}；请换一个文件名`, {
      code: 'locked',
      lock: holder,
    });
  }
}
