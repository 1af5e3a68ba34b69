import type { DocumentData } from '../../db/shared/types.ts';
import { amountText } from '../../templates/export/cells.ts';
import { indicatorCellText } from '../../templates/export/notation.ts';
import { official } from '../../templates/layout/official.ts';
import { perProject } from '../../templates/layout/per-project.ts';
import { mmToPt, pageSizePt } from '../../templates/export/units.ts';
import { squash, type PdfWord } from './tools.ts';

/**
 * Reads the official table back out of a PDF, column by column: each word goes to the column
 * its left edge is in, words are read page by page, top to bottom, left to right, and the
 * repeated header, the title above it and the footer below the table are left out. So a column's
 * text is exactly what was printed in it, in order, however its rows were split across pages.
 */

const COLUMNS = Object.values(official.columns);

/** The per-project grid's five columns that always print (一级 … 年度指标值). */
export const perProjectBaseColumns = perProject.grid.columns.filter((c) => c.show === undefined);

export function officialColumns(words: readonly PdfWord[]): string[] {
  const [, pageHeight] = pageSizePt(official.page);
  const footerTop = pageHeight - mmToPt(official.page.margins.bottom);
  const edges: number[] = [];
  let x = mmToPt(official.page.margins.left);
  for (const col of COLUMNS) {
    edges.push(x);
    x += mmToPt(col.width);
  }
  edges.push(x);
  const columnOf = (w: PdfWord) => {
    for (let i = COLUMNS.length - 1; i >= 0; i--) if (w.xMin >= edges[i]! - 0.5) return i;
    return -1;
  };

  const out = COLUMNS.map(() => '');
  const pages = [...new Set(words.map((w) => w.page))].sort((a, b) => a - b);
  for (const page of pages) {
    const onPage = words.filter((w) => w.page === page && w.yMin < footerTop);
    // The header starts with the first column's header text; the title is above it.
    const first = COLUMNS[0]!.header;
    const headerTop = Math.min(
      ...onPage.filter((w) => columnOf(w) === 0 && first.startsWith(w.text)).map((w) => w.yMin),
    );
    const rows = onPage
      .filter((w) => w.yMin >= headerTop - 0.5)
      .sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
    const perColumn = COLUMNS.map(() => '');
    for (const w of rows) {
      const c = columnOf(w);
      if (c >= 0) perColumn[c] += w.text;
    }
    COLUMNS.forEach((col, i) => {
      const text = squash(perColumn[i]!);
      const header = squash(col.header);
      if (!text.startsWith(header)) throw new Error(`page ${page}: no header “${col.header}”`);
      out[i] += text.slice(header.length);
    });
  }
  return out;
}

/** What each column must read, from the document itself. */
export function expectedColumns(doc: DocumentData): string[] {
  const rows: { name: string; amounts: string[]; goal: string; indicators: string }[] = [];
  const amounts = (t: DocumentData['totals']) =>
    [t.total, t.fiscal, t.specialAccount, t.other].map((a) => amountText(a, doc.money));
  rows.push({
    name: official.grandTotalLabel,
    amounts: amounts(doc.totals),
    goal: '',
    indicators: '',
  });
  for (const u of doc.units) {
    rows.push({ name: u.name, amounts: amounts(u.totals), goal: '', indicators: '' });
    for (const p of u.projects) {
      rows.push({
        name: p.name,
        amounts: amounts(p.totals),
        goal: p.goal,
        indicators: indicatorCellText(p),
      });
    }
  }
  return [
    rows.map((r) => r.name).join(''),
    ...[0, 1, 2, 3].map((i) => rows.map((r) => r.amounts[i]).join('')),
    rows.map((r) => r.goal).join(''),
    rows.map((r) => r.indicators).join(''),
  ].map(squash);
}

/** The names column without the `（续）` labels of continued rows, and the labels found. */
export function withoutContinuations(
  names: string,
  doc: DocumentData,
): { names: string; labels: string[] } {
  const all = doc.units.flatMap((u) => [u.name, ...u.projects.map((p) => p.name)]);
  const labels: string[] = [];
  let text = names;
  for (const name of all) {
    const label = squash(`${name}（续）`);
    while (text.includes(label)) {
      labels.push(name);
      text = text.replace(label, '');
    }
  }
  return { names: text, labels };
}

/** The text printed between two x positions (points), in reading order, footers left out. */
export function textBetween(
  words: readonly PdfWord[],
  from: number,
  to: number,
  footerTop: number,
): string {
  return squash(
    words
      .filter((w) => w.xMin >= from - 0.5 && w.xMin < to - 0.5 && w.yMin < footerTop)
      .sort((a, b) => a.page - b.page || a.yMin - b.yMin || a.xMin - b.xMin)
      .map((w) => w.text)
      .join(''),
  );
}

/** Whether `parts` occur in `text` one after the other. */
export function inOrder(text: string, parts: readonly string[]): string | null {
  let at = 0;
  for (const part of parts) {
    const i = text.indexOf(squash(part), at);
    if (i < 0) return part;
    at = i + squash(part).length;
  }
  return null;
}
