import { closeSync, readSync } from 'node:fs';
import { TargetDocument } from '../document.ts';
import { UserError } from '../shared/errors.ts';
import { writeDraft, type ImportNote, type ReadOptions, type TableDraft } from '../import/index.ts';
import { parseIsolated, type ParseLimits } from '../import/isolated.ts';
import { openSourceFile, readOpenSource } from '../import/source-file.ts';
import { parseJobFor, type SourceFormat } from '../import/source-format.ts';
import { draftFromDocument } from './from-document.ts';
import { nextYearDraft, type NextYearOptions } from './next-year.ts';
import { reviewNextYear, type YearReview } from '../shared/year-review.ts';

export { reviewNextYear, type ReviewItem, type YearReview } from '../shared/year-review.ts';
export { replaceSourceYear, shiftYearsForward, type ShiftScope } from './replace-year.ts';
export { nextYearDraft, type NextYearOptions } from './next-year.ts';

export type SourceKind = 'document' | SourceFormat;

export interface LoadedSource {
  readonly kind: SourceKind;
  readonly draft: TableDraft;
  readonly notes: readonly ImportNote[];
}

const WHAT = '上年文件';

/**
 * Reads last year's table from any of the forms clerks have it in: this program's document
 * (opened read-only: the old file never changes), or a table as text or PDF in any layout the
 * importer reads (db/import/forms/detect.ts: the Guangzhou published table, per-project forms,
 * a per-row table). What is not a regular file, or is too large, is refused before anything is
 * read. Text and PDF are parsed in a worker (db/import/isolated.ts): the caller keeps running
 * meanwhile, and a source that breaks, stalls or exhausts the parser becomes a message
 * (`limits`: for tests). `read`: the money unit and year of a table that does not state them
 * (a document states both; they are not used for it).
 */
export async function loadSource(
  file: string,
  limits: ParseLimits = {},
  read: ReadOptions = {},
): Promise<LoadedSource> {
  const { fd, stats } = openSourceFile(file, WHAT);
  let bytes: Buffer | undefined;
  try {
    const isDocument = readHead(fd).toString('latin1') === 'SQLite format 3\0';
    if (!isDocument) bytes = readOpenSource(fd, stats.size, file, WHAT);
  } finally {
    closeSync(fd);
  }
  if (bytes === undefined) return loadDocument(file);
  const label = `${WHAT}“${file}”`;
  const job = parseJobFor(bytes, file, WHAT, read);
  const { draft, notes } = await parseIsolated(job, label, limits);
  return { kind: job.kind, draft, notes };
}

function loadDocument(file: string): LoadedSource {
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    const data = doc.snapshot();
    // A value last year's file holds but this program could not read would be carried into next
    // year as 0 or as empty text: refuse, as printing does, until the clerk has corrected it.
    const unreadable = data.defects.filter((d) => d.location.field !== undefined);
    if (unreadable.length > 0) {
      throw new UserError(
        `上年文件中有 ${unreadable.length} 处无效的值（文件被其他程序改动过），未新建；请先用编辑器打开上年文件并改正（jxmb check 列出位置），上年文件未作任何改动：\n${unreadable.map((d) => `  ${d.message}`).join('\n')}`,
      );
    }
    return { kind: 'document', draft: draftFromDocument(data), notes: [] };
  } finally {
    doc.close();
  }
}

function readHead(fd: number): Buffer {
  const head = Buffer.alloc(16);
  readSync(fd, head, 0, 16, 0);
  return head;
}

export interface RolloverResult {
  readonly source: LoadedSource;
  readonly review: YearReview;
}

/** What a source needs said about it: its unit (`--unit`), and its year from the new one. */
export function sourceReadOptions(options: {
  readonly unit?: ReadOptions['unit'];
  readonly year?: number | undefined;
}): ReadOptions {
  return {
    ...(options.unit ? { unit: options.unit } : {}),
    // Next year's table is made from last year's: a source that states no year is that year.
    ...(options.year === undefined ? {} : { year: options.year - 1 }),
  };
}

/** Writes next year's document from last year's source and returns its review list. */
export async function rollover(
  sourceFile: string,
  target: string,
  options: NextYearOptions & { overwrite?: boolean; unit?: ReadOptions['unit'] } = {},
): Promise<RolloverResult> {
  const source = await loadSource(sourceFile, {}, sourceReadOptions(options));
  const draft = nextYearDraft(source.draft, options);
  writeDraft(draft, target, { overwrite: options.overwrite });
  const doc = TargetDocument.open(target, { readonly: true });
  try {
    return { source, review: reviewNextYear(doc.snapshot(), source.draft.year) };
  } finally {
    doc.close();
  }
}
