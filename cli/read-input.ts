import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../db/errors.ts';

const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Reads a UTF-8 text file given on the command line, with a clear message when it can't. */
export function readTextInput(file: string): string {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new UserError(`“${file}”不是文件`);
    size = st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`找不到文件“${file}”`);
  }
  if (size > MAX_INPUT_BYTES) throw new UserError(`文件“${file}”过大（超过 64 MB）`);
  const bytes = readFileSync(file);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // Text saved by Windows tools in GBK decodes to replacement characters: say so, don't guess.
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  if (bad > 0 && bad > text.length / 100) {
    throw new UserError(
      `文件“${file}”不是 UTF-8 编码的文本（可能是 GBK）；请另存为 UTF-8 后再导入`,
    );
  }
  return text;
}
