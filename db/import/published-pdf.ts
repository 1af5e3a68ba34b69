import type { Cents, MoneyUnit } from '../shared/money.ts';
import { isCjk, removeExtractionSpaces } from './cjk-spaces.ts';
import { latinWidth } from './latin-width.ts';
import {
  AMOUNT_TEXT,
  readTableLayout,
  type CellLine,
  type LayoutRow,
  type PageContent,
  type TableLayout,
} from './pdf-layout.ts';
import { projectAmounts, reconcile, type SummedRow } from './printed-sums.ts';
import { parseMoneyCell } from './money-unit.ts';
import { pageText, readPdfPages } from './pdfjs-pages.ts';
import {
  buildTableDraft,
  groupUnits,
  ImportError,
  joinParts,
  readHeader,
  unitNote,
  type HeaderOptions,
  type ImportNote,
  type ImportResult,
  type Joined,
  type ProjectSource,
  type TableRow,
  type UnitSource,
  type Where,
} from './table-draft.ts';

/**
 * Reads a published 项目支出绩效目标表 from its PDF. The text of every page is extracted with
 * its position (pdf.js), so each amount is read in the column it is printed in, where the text
 * of a PDF copied out would have lost its empty cells (see published-text.ts). Rows and columns
 * are found by pdf-layout.ts; what follows (goals, the indicator notation, categories, notes)
 * is table-draft.ts, shared with the text importer.
 */
export async function importPublishedPdf(
  bytes: Uint8Array,
  options: HeaderOptions = {},
): Promise<ImportResult> {
  return importPdfText(await extractPdfText(bytes), options);
}

/** What a PDF says, for the table: its pages' positioned text, and which program made it. */
export interface PdfText {
  readonly pages: readonly PageContent[];
  /** The document's Creator (`绩效目标表编制器` for the PDFs this program prints). */
  readonly creator: string;
  /** Its Keywords (`绩效目标表编制器` for one printed from this program's DOCX). */
  readonly keywords?: string;
}

/**
 * The PDFs this program prints (templates/export/pdf.ts) say so as their Creator; those printed
 * from its DOCX by another program, as their Keywords (templates/export/docx.ts).
 */
const OUR_NAME = '绩效目标表编制器';

/** The draft of a table from its pages' positioned text. */
export function importPdfText(pdf: PdfText, options: HeaderOptions = {}): ImportResult {
  const notes: ImportNote[] = [];
  const layout = readTableLayout(pdf.pages);
  const ours =
    pdf.creator === OUR_NAME || (pdf.keywords ?? '').split(/[\s,;，；]+/u).includes(OUR_NAME);
  const latinBreaks = ours ? 'at-spaces' : 'anywhere';
  const header = readHeader(layout.head, { page: 1, line: 1 }, options);
  const said = unitNote(header, { page: 1, line: 1 });
  if (said) notes.push(said);
  const money = header.unit;
  const rows = classify(layout, latinBreaks, money);
  const [first, ...rest] = rows;
  if (!first || first.kind !== 'total') {
    throw new ImportError(
      first?.where ?? { page: 1, line: 1 },
      '找不到“合计”行：表头下的第一行应为“合计”',
    );
  }
  const units = groupUnits(rest);
  reconcile(first, units, notes, money);
  const sources: UnitSource[] = units.map((u) => ({
    name: u.row.name,
    projects: u.projects.map((p): ProjectSource => ({
      name: p.name,
      where: p.where,
      amounts: projectAmounts(p, notes, money),
      goal: cellText(p.row.cells[5]!, layout, 5, latinBreaks),
      indicators: cellText(p.row.cells[6]!, layout, 6, latinBreaks),
    })),
  }));
  return { draft: buildTableDraft(header, sources, notes), notes };
}

// ---- rows ----------------------------------------------------------------------------------

interface PdfRow extends SummedRow {
  readonly row: LayoutRow;
}

/** 合计 first; units flush left; projects indented (by more than a third of a character). */
function classify(layout: TableLayout, latinBreaks: LatinBreaks, money: MoneyUnit): PdfRow[] {
  const { rows, size } = layout;
  const named = rows.slice(1).filter((r) => Number.isFinite(r.nameX));
  const left = Math.min(...named.map((r) => r.nameX));
  const anyIndented = named.some((r) => r.nameX > left + size / 3);
  return rows.map((row, i): PdfRow => {
    const name = removeExtractionSpaces(cellText(row.cells[0]!, layout, 0, latinBreaks).text);
    if (name === '') throw new ImportError(row.where, '表格中有一行没有项目或单位名称');
    const printed = [1, 2, 3, 4].map((c) => readAmount(row.cells[c]!, row.where, money)) as [
      Cents,
      Cents,
      Cents,
      Cents,
    ];
    const hasText = row.cells[5]!.length > 0 || row.cells[6]!.length > 0;
    const kind: TableRow['kind'] =
      i === 0 && name === '合计'
        ? 'total'
        : anyIndented
          ? row.nameX > left + size / 3
            ? 'project'
            : 'unit'
          : hasText
            ? 'project'
            : 'unit';
    return { kind, name, where: row.where, row, printed };
  });
}

function readAmount(lines: readonly CellLine[], where: Where, money: MoneyUnit): Cents {
  const text = lines
    .map((l) => l.text)
    .join('')
    .replace(/\s+/gu, '');
  if (text === '' || /^[-—－/／]$/u.test(text)) return 0 as Cents;
  const amount = AMOUNT_TEXT.test(text) ? parseMoneyCell(text, money) : null;
  if (amount === null) {
    throw new ImportError(lines[0]?.where ?? where, `金额栏中的“${text}”不是金额`);
  }
  return amount;
}

/**
 * How the program that made the PDF breaks Latin words and numbers: this program only at a
 * space (unless one word is wider than the line: templates/export/linebreak.ts), and so does
 * Word or LibreOffice printing its DOCX (whose Latin text is English); others, such as
 * LibreOffice in a paragraph whose Latin text is Chinese, anywhere (`201|9`, `IS|O`).
 */
type LatinBreaks = 'at-spaces' | 'anywhere';

/**
 * A cell's lines run together. Chinese needs nothing between lines; between two Latin words or
 * numbers the break was at a space that the PDF does not show, or inside a word. A program
 * that breaks at spaces only breaks a word that fills a whole line; one that breaks anywhere
 * broke at a space only if the next character would still have fit on the line. Between two
 * digits, never a space: a number broken over two lines is far commoner than two numbers side
 * by side with only a space between them, and room left at the end of the line proves nothing
 * there (LibreOffice moves `1〕` down whole, as `〕` may not start a line: `〔202|1〕`).
 */
function cellText(
  lines: readonly CellLine[],
  layout: TableLayout,
  column: number,
  latinBreaks: LatinBreaks,
): Joined {
  const right = layout.columnRight[column]!;
  const parts = lines.map((l, i) => {
    const next = lines[i + 1];
    const latin =
      next !== undefined && /[A-Za-z0-9%)]$/u.test(l.text) && /^[A-Za-z0-9(]/u.test(next.text);
    const inNumber = next !== undefined && /[0-9]$/u.test(l.text) && /^[0-9]/u.test(next.text);
    const brokenAtSpace =
      latin &&
      !inNumber &&
      (latinBreaks === 'at-spaces'
        ? /[\s]/u.test(l.text.trim()) || [...l.text].some(isCjk)
        : right - l.x1 >= latinWidth(next) + 0.1 * l.size);
    return { text: l.text + (brokenAtSpace ? ' ' : ''), where: l.where };
  });
  return joinParts(parts, lines[0]?.where);
}

// ---- pdf.js --------------------------------------------------------------------------------

/** The text of every page with positions (points, y downwards from the page's top). */
export async function extractPdfText(bytes: Uint8Array): Promise<PdfText> {
  return readPdfPages(bytes, '文字', async (p) => ({ page: p.number, items: await pageText(p) }));
}
