import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { TargetDocument } from '../document.ts';
import { UserError } from '../errors.ts';
import {
  importPublishedText,
  writeDraft,
  type ImportNote,
  type TableDraft,
} from '../import/index.ts';
import { draftFromDocument } from './from-document.ts';
import { nextYearDraft, type NextYearOptions } from './next-year.ts';
import { reviewNextYear, type YearReview } from './year-review.ts';

export {
  replaceSourceYear,
  reviewNextYear,
  type ReviewItem,
  type YearReview,
} from './year-review.ts';
export { nextYearDraft, type NextYearOptions } from './next-year.ts';

export type SourceKind = 'document' | 'text' | 'pdf';

export interface LoadedSource {
  readonly kind: SourceKind;
  readonly draft: TableDraft;
  readonly notes: readonly ImportNote[];
}

/**
 * Reads last year's table from any of the forms clerks have it in: this program's document
 * (opened read-only: the old file never changes), the published table as text, or as PDF.
 */
export async function loadSource(file: string): Promise<LoadedSource> {
  const head = readHead(file);
  if (head.subarray(0, 16).toString('latin1') === 'SQLite format 3\0') {
    const doc = TargetDocument.open(file, { readonly: true });
    try {
      return { kind: 'document', draft: draftFromDocument(doc.snapshot()), notes: [] };
    } finally {
      doc.close();
    }
  }
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') {
    const { importPublishedPdf } = await import('../import/published-pdf.ts');
    const { draft, notes } = await importPublishedPdf(readFileSync(file));
    return { kind: 'pdf', draft, notes };
  }
  const text = new TextDecoder('utf-8').decode(readFileSync(file));
  const { draft, notes } = importPublishedText(text);
  return { kind: 'text', draft, notes };
}

function readHead(file: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw new UserError(`找不到上年文件“${file}”`);
  }
  try {
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    return head;
  } finally {
    closeSync(fd);
  }
}

export interface RolloverResult {
  readonly source: LoadedSource;
  readonly review: YearReview;
}

/** Writes next year's document from last year's source and returns its review list. */
export async function rollover(
  sourceFile: string,
  target: string,
  options: NextYearOptions & { overwrite?: boolean } = {},
): Promise<RolloverResult> {
  const source = await loadSource(sourceFile);
  const draft = nextYearDraft(source.draft, options);
  writeDraft(draft, target, { overwrite: options.overwrite });
  const doc = TargetDocument.open(target, { readonly: true });
  try {
    return { source, review: reviewNextYear(doc.snapshot(), source.draft.year) };
  } finally {
    doc.close();
  }
}
