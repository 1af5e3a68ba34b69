import { decodeSourceText, readSourceFile } from '../db/import/source-file.ts';

/**
 * Reads a UTF-8 text file given on the command line, with a clear message when it can't: not
 * a regular file (a FIFO, a device, a folder) or too large is refused before reading.
 */
export function readTextInput(file: string): string {
  return decodeSourceText(readSourceFile(file, '文件'), file, '文件');
}
