import path from 'node:path';
import { UserError } from '../shared/errors.ts';
import type { ParseJob } from './isolated.ts';
import type { ReadOptions } from './source-where.ts';
import { decodeSourceText } from './source-file.ts';

/**
 * What a source file is, told by its bytes first (a renamed file is still what it is) and by
 * its name only where bytes cannot tell (a CSV is text): the one place import, 由上年文件新建 and
 * both hosts decide how to read a table. What this program cannot read is refused here, with
 * what to do instead.
 */

export type SourceFormat = 'pdf' | 'xlsx' | 'csv' | 'text';

/** The extensions a table to import may have, for file dialogs. */
export const TABLE_EXTENSIONS = ['xlsx', 'csv', 'pdf', 'txt'] as const;

/** Excel 97–2003 (.xls), WPS (.et), old Word (.doc): OLE2 compound files. */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, head: readonly number[]): boolean {
  return head.every((b, i) => bytes[i] === b);
}

function buffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The member names of a ZIP, from every local header as well as the central directory, so that
 * a workbook cut short (the directory is at the end) is still told as one, and refused as
 * damaged by its reader, which says so.
 */
function zipNames(bytes: Uint8Array): Set<string> {
  const all = buffer(bytes);
  const names = new Set<string>();
  for (const [signature, nameAt] of [
    ['PK\x03\x04', 26],
    ['PK\x01\x02', 28],
  ] as const) {
    for (let at = all.indexOf(signature, 0, 'latin1'); at >= 0;) {
      if (at + nameAt + 2 > all.length) break;
      const length = all.readUInt16LE(at + nameAt);
      const start = at + (nameAt === 26 ? 30 : 46);
      names.add(all.toString('latin1', start, Math.min(start + length, all.length)));
      at = all.indexOf(signature, at + 4, 'latin1');
    }
  }
  return names;
}

/** A file named so is meant as a workbook: when its bytes are none, it is a damaged one. */
const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xlsm']);

export function sourceFormat(bytes: Uint8Array, fileName: string, what: string): SourceFormat {
  const ext = path.extname(fileName).toLowerCase();
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') return 'pdf';
  if (startsWith(bytes, OLE2)) {
    // Excel and WPS keep a workbook saved with an opening password in the same container.
    if (buffer(bytes).includes('EncryptedPackage', 0, 'utf16le')) {
      throw new UserError(
        `${what}“${fileName}”设有打开密码（已加密），无法读取；请在 Excel 或 WPS 中打开，取消密码后另存为 .xlsx，再导入`,
      );
    }
    throw new UserError(
      ext === '.doc' || ext === '.wps'
        ? `${what}“${fileName}”是旧版 Word/WPS 文档，无法读取；请在 Word 或 WPS 中另存为 PDF，或复制表格为文字后再导入`
        : `${what}“${fileName}”是旧版 Excel 97-2003 工作簿（.xls）或 WPS 表格（.et），本程序不读取这种格式；请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”后再导入`,
    );
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const names = [...zipNames(bytes)];
    if (names.includes('xl/workbook.bin')) {
      throw new UserError(
        `${what}“${fileName}”是 Excel 二进制工作簿（.xlsb），本程序不读取这种格式；请在 Excel 中打开，另存为“Excel 工作簿（*.xlsx）”后再导入`,
      );
    }
    if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
    // The first member of an OpenDocument file is its type, stored as it is.
    if (buffer(bytes).includes('application/vnd.oasis.opendocument.spreadsheet', 0, 'latin1')) {
      throw new UserError(
        `${what}“${fileName}”是 OpenDocument 表格（.ods），本程序不读取这种格式；请在 WPS 或 LibreOffice 中打开，另存为“Excel 工作簿（*.xlsx）”后再导入`,
      );
    }
    if (names.some((n) => n.startsWith('word/'))) {
      throw new UserError(
        `${what}“${fileName}”是 Word 文档（.docx），无法直接读取；请在 Word 或 WPS 中另存为 PDF，或复制表格为文字后再导入`,
      );
    }
    if (!WORKBOOK_EXTENSIONS.has(ext)) {
      throw new UserError(
        `${what}“${fileName}”是压缩文件，但不是 Excel 工作簿（.xlsx），可能已损坏；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入`,
      );
    }
  }
  if (WORKBOOK_EXTENSIONS.has(ext)) {
    throw new UserError(
      `${what}“${fileName}”不是有效的 Excel 工作簿（文件已损坏或不完整）；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入`,
    );
  }
  if (ext === '.csv') return 'csv';
  return 'text';
}

/** The worker's job for a source's bytes, refused here when it is no format this program reads. */
export function parseJobFor(
  bytes: Uint8Array,
  fileName: string,
  what: string,
  options: ReadOptions,
): ParseJob {
  const format = sourceFormat(bytes, fileName, what);
  const read = {
    ...(options.unit ? { unit: options.unit } : {}),
    ...(options.year ? { year: options.year } : {}),
  };
  if (format === 'text') {
    return { kind: 'text', text: decodeSourceText(bytes, fileName, what), ...read };
  }
  return { kind: format, bytes, ...read };
}
