import { UserError } from '../../db/shared/errors.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import type { Layout } from '../layout/types.ts';
import { buildPerProjectBlocks } from './build-per-project.ts';
import { buildPerRowBlocks } from './build-per-row.ts';
import { buildSummaryBlocks } from './build-summary.ts';
import type { PrintModel } from './model.ts';

/**
 * A printed table is what the finance bureau receives: it never shows a value the program could
 * not read (an amount counted as 0, a year of 99999, a name that is not text) before the clerk has
 * corrected it. Defects with no field (rows that belong nowhere, which are not printed anyway, and
 * totals over the maximum, which are the true sums) do not stop printing: the clerk could not
 * correct them in the editor.
 */
export function assertPrintable(doc: DocumentData): void {
  const blocking = doc.defects.filter((d) => d.location.field !== undefined);
  if (blocking.length === 0) return;
  throw new UserError(
    `文件中有 ${blocking.length} 处无效的值（文件被其他程序改动过），未导出；请先在编辑器中改正（审核中列为错误）：\n${blocking.map((d) => `  ${d.message}`).join('\n')}`,
  );
}

/** The one place where a document becomes printable text, for every format and every host. */
export function buildPrintModel(doc: DocumentData, layout: Layout): PrintModel {
  assertPrintable(doc);
  const blocks =
    layout.kind === 'summary'
      ? buildSummaryBlocks(doc, layout)
      : layout.kind === 'per-project'
        ? buildPerProjectBlocks(doc, layout)
        : buildPerRowBlocks(doc, layout);
  return {
    page: layout.page,
    fonts: layout.fonts,
    table: layout.table,
    footer: layout.footer,
    meta: { title: doc.title, author: doc.department, subject: layout.name },
    blocks,
  };
}
