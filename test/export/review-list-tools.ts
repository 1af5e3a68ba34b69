import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import type { Finding } from '../../db/shared/check/index.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { REVIEW_COLUMNS, type ReviewRow } from '../../templates/export/review-list/list.ts';
import { REVIEW_COLUMN_WIDTHS } from '../../templates/export/review-list/print-model.ts';
import { mmToPt, pageSizePt } from '../../templates/export/units.ts';
import { official } from '../../templates/layout/official.ts';
import { PANYU_FIXTURE } from '../helpers.ts';
import { squash, type PdfWord } from './tools.ts';

/** What the review list tests share: the fixture as a document, and the list read back. */

/** The published fixture imported into `dir`/panyu.jxmb; returns the file. */
export function panyuDocumentFile(dir: string): string {
  const file = path.join(dir, 'panyu.jxmb');
  writeDraft(importPublishedText(readFileSync(PANYU_FIXTURE, 'utf8')).draft, file);
  return file;
}

export function snapshotOf(file: string): DocumentData {
  const opened = TargetDocument.open(file, { readonly: true });
  try {
    return opened.snapshot();
  } finally {
    opened.close();
  }
}

/** Marks `findings` 已核对 as the findings panel does (the host stores today's date). */
export function markChecked(file: string, findings: readonly Finding[]): void {
  const session = EditorSession.open(file);
  try {
    for (const f of findings) {
      session.call('setFindingChecked', { ruleId: f.ruleId, location: f.location, checked: true });
    }
  } finally {
    session.close();
  }
}

/** A row's texts in the order of the columns. */
export function rowTexts(r: ReviewRow): string[] {
  return [String(r.number), r.severityLabel, r.unit, r.project, r.indicator, r.message, r.state];
}

/**
 * The list's table read back out of a PDF, column by column: each word goes to the column its
 * left edge is in, page by page, top to bottom; what is above the header (title, summary) and
 * below the table (the page number) is left out, and the header must start every page. So a
 * column's text is exactly what was printed in it, whatever was wrapped or split over pages.
 */
export function reviewColumns(words: readonly PdfWord[]): { columns: string[]; pages: number } {
  const [, pageHeight] = pageSizePt(official.page);
  const footerTop = pageHeight - mmToPt(official.page.margins.bottom);
  const edges: number[] = [];
  let x = mmToPt(official.page.margins.left);
  for (const w of REVIEW_COLUMN_WIDTHS) {
    edges.push(x);
    x += mmToPt(w);
  }
  const columnOf = (w: PdfWord) => {
    for (let i = edges.length - 1; i >= 0; i--) if (w.xMin >= edges[i]! - 0.5) return i;
    return -1;
  };
  const columns = REVIEW_COLUMNS.map(() => '');
  const pages = [...new Set(words.map((w) => w.page))].sort((a, b) => a - b);
  for (const page of pages) {
    const onPage = words.filter((w) => w.page === page && w.yMin < footerTop);
    const headerTop = Math.min(
      ...onPage.filter((w) => columnOf(w) === 0 && w.text === REVIEW_COLUMNS[0]).map((w) => w.yMin),
    );
    if (!Number.isFinite(headerTop)) throw new Error(`page ${page}: no header row`);
    const perColumn = REVIEW_COLUMNS.map(() => '');
    for (const w of onPage
      .filter((w) => w.yMin >= headerTop - 0.5)
      .sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin)) {
      const c = columnOf(w);
      if (c >= 0) perColumn[c] += w.text;
    }
    REVIEW_COLUMNS.forEach((header, i) => {
      const text = squash(perColumn[i]!);
      if (!text.startsWith(header)) throw new Error(`page ${page}: no header “${header}”`);
      columns[i] += text.slice(header.length);
    });
  }
  return { columns, pages: pages.length };
}
