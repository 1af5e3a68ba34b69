import type { DocumentData } from '../../db/types.ts';
import type { Layout } from '../layout/types.ts';
import { buildPerProjectBlocks } from './build-per-project.ts';
import { buildSummaryBlocks } from './build-summary.ts';
import type { PrintModel } from './model.ts';

/** The one place where a document becomes printable text, for every format. */
export function buildPrintModel(doc: DocumentData, layout: Layout): PrintModel {
  const blocks =
    layout.kind === 'summary'
      ? buildSummaryBlocks(doc, layout)
      : buildPerProjectBlocks(doc, layout);
  return {
    page: layout.page,
    fonts: layout.fonts,
    table: layout.table,
    footer: layout.footer,
    meta: { title: doc.title, author: doc.department, subject: layout.name },
    blocks,
  };
}
