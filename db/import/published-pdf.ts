import { UserError } from '../errors.ts';
import type { ImportNote } from './published-text.ts';
import type { TableDraft } from './draft.ts';

/** Reads a published table from its PDF, placing amounts in columns by position. */
export async function importPublishedPdf(
  _bytes: Uint8Array,
): Promise<{ draft: TableDraft; notes: ImportNote[] }> {
  throw new UserError('暂不支持直接读取 PDF：请先把 PDF 中的文字复制到文本文件，再导入');
}
