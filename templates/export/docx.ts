import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeightRule,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Tab,
  TabStopType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IParagraphStyleOptions,
  type ITableBordersOptions,
} from 'docx';
import { FONT_NAMING, fontNames } from '../layout/fonts.ts';
import type { Align, FontRole, LayoutFonts, VerticalAlign } from '../layout/types.ts';
import type {
  Block,
  Cell,
  InfoLineBlock,
  ParagraphBlock,
  PrintModel,
  Row,
  TableBlock,
} from './model.ts';
import { tablePages } from './kept-rows.ts';
import { mmToTwip, pageSizeMm, ptToHalfPoints } from './units.ts';

/**
 * Puts a PrintModel into a Word document with docx: real Word tables (header rows marked to
 * repeat on every page, rows allowed to split, fixed column widths), a landscape or portrait
 * section as the layout says, the layout's fonts named as East Asian and Latin fonts (each with
 * its stand-ins, templates/layout/fonts.ts), and the page numbers as fields in the footer. Word (or WPS, or LibreOffice) does the line breaking and
 * the pagination, so what the PDF exporter does by hand for `（续）` is left to them.
 */

export async function renderDocx(model: PrintModel): Promise<Buffer> {
  const [pageW, pageH] = pageSizeMm({ ...model.page, orientation: 'portrait' });
  const m = model.page.margins;
  const children: (Paragraph | Table)[] = [];
  model.blocks.forEach((block, i) => {
    const next = model.blocks[i + 1];
    const joinsNext = next?.kind === 'table' && next.joinPrevious === true;
    if (block.kind === 'table' && block.joinPrevious) children.push(joiner());
    children.push(...renderBlock(block, model, joinsNext, i));
  });

  const doc = new Document({
    creator: model.meta.author,
    title: model.meta.title,
    subject: model.meta.subject,
    description: '绩效目标表编制器导出',
    // Carried into a PDF printed from the document (LibreOffice writes it as /Keywords): the PDF
    // reader then knows its Latin words and numbers were broken only at spaces (see fontRun).
    keywords: '绩效目标表编制器',
    styles: {
      default: {
        document: {
          run: { ...fontRun(model.fonts.body.family), size: ptToHalfPoints(model.fonts.body.size) },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
      },
      paragraphStyles: paragraphStyles(model),
    },
    sections: [
      {
        properties: {
          page: {
            // docx wants the portrait size and swaps it for landscape.
            size: {
              width: mmToTwip(pageW),
              height: mmToTwip(pageH),
              orientation:
                model.page.orientation === 'landscape'
                  ? PageOrientation.LANDSCAPE
                  : PageOrientation.PORTRAIT,
            },
            margin: {
              top: mmToTwip(m.top),
              right: mmToTwip(m.right),
              bottom: mmToTwip(m.bottom),
              left: mmToTwip(m.left),
              footer: mmToTwip(model.page.footerDistance),
              header: mmToTwip(model.page.footerDistance),
            },
          },
        },
        footers: { default: footer(model) },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc, false, [
    { path: 'word/fontTable.xml', data: fontTable(Object.values(model.fonts)) },
  ]);
}

const STYLE_ID: Record<FontRole, string> = {
  title: 'JxmbTitle',
  subtitle: 'JxmbSubtitle',
  info: 'JxmbInfo',
  header: 'JxmbHeader',
  body: 'JxmbBody',
  footer: 'JxmbFooter',
};

/**
 * The same family for every script, as the PDF draws every character with one font, named with
 * its stand-ins (`SimSun;宋体;…`). Digits and Latin letters are Western text to Word and
 * LibreOffice, broken into lines by the rules of the Western language: LibreOffice breaks a
 * Chinese-language run between any two characters (`〔202|1〕`), an English one only between
 * words. en-US with zh-CN for East Asian text is also what a Chinese Word writes.
 */
function fontRun(family: string) {
  const name = fontNames(family).join(';');
  return {
    font: { ascii: name, eastAsia: name, hAnsi: name, cs: name },
    language: { value: 'en-US', eastAsia: 'zh-CN' },
  };
}

const escapeXml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * The font table: for each family a run names, its stand-ins as the alternative names Word tries
 * when the name is not installed (LibreOffice reads the list from the name itself), and what
 * Word matches a substitute by (PANOSE, character set, class) when none is.
 */
function fontTable(specs: readonly { family: string }[]): string {
  const families = [...new Set(specs.map((s) => s.family))];
  const fonts = families.map((family) => {
    const names = fontNames(family);
    const n = FONT_NAMING[family];
    const parts = [
      names.length > 1 ? `<w:altName w:val="${escapeXml(names.join(','))}"/>` : '',
      n ? `<w:panose1 w:val="${n.panose1}"/>` : '',
      n ? `<w:charset w:val="${n.charset}"/>` : '',
      n ? `<w:family w:val="${n.kind}"/>` : '',
      n ? `<w:pitch w:val="${n.pitch}"/>` : '',
      n?.sig
        ? `<w:sig w:usb0="${n.sig.usb0}" w:usb1="${n.sig.usb1}" w:usb2="${n.sig.usb2}" w:usb3="${n.sig.usb3}" w:csb0="${n.sig.csb0}" w:csb1="${n.sig.csb1}"/>`
        : '',
    ];
    return `<w:font w:name="${escapeXml(names.join(';'))}">${parts.join('')}</w:font>`;
  });
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"' +
    ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    fonts.join('') +
    '</w:fonts>'
  );
}

/** One paragraph style per text style of the layout: runs then carry no formatting. */
function paragraphStyles(model: PrintModel): IParagraphStyleOptions[] {
  return (Object.entries(model.fonts) as [FontRole, LayoutFonts[FontRole]][]).map(
    ([role, spec]) => ({
      id: STYLE_ID[role],
      name: `绩效目标表 ${role}`,
      basedOn: 'Normal',
      quickFormat: false,
      run: {
        ...fontRun(spec.family),
        size: ptToHalfPoints(spec.size),
        bold: spec.bold === true,
      },
      paragraph: {
        spacing: {
          before: 0,
          after: 0,
          // Exact line pitch, the same as the PDF's, so both paginate alike.
          line: Math.round(spec.size * model.table.lineHeight * 20),
          lineRule: LineRuleType.EXACT,
        },
      },
    }),
  );
}

const ALIGN: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
};

const VALIGN: Record<VerticalAlign, (typeof VerticalAlignTable)[keyof typeof VerticalAlignTable]> =
  { top: VerticalAlignTable.TOP, center: VerticalAlignTable.CENTER };

function renderBlock(
  block: Block,
  model: PrintModel,
  joinsNext: boolean,
  index: number,
): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'paragraph':
      return paragraph(block);
    case 'info-line':
      return [infoLine(block, model)];
    case 'table':
      return table(block, model, joinsNext, index);
  }
}

function paragraph(block: ParagraphBlock): Paragraph[] {
  return block.text.split('\n').map(
    (text, i, all) =>
      new Paragraph({
        style: STYLE_ID[block.font],
        alignment: ALIGN[block.align],
        pageBreakBefore: i === 0 && block.pageBreakBefore === true,
        spacing: i === all.length - 1 ? { after: mmToTwip(block.spaceAfter) } : undefined,
        children: [new TextRun(text)],
      }),
  );
}

function contentWidthTwips(model: PrintModel): number {
  const [w] = pageSizeMm(model.page);
  return mmToTwip(w - model.page.margins.left - model.page.margins.right);
}

/** `部门名称：…` on the left and `单位：万元` at a right tab stop on the right margin. */
function infoLine(block: InfoLineBlock, model: PrintModel): Paragraph {
  return new Paragraph({
    style: STYLE_ID[block.font],
    tabStops: [{ type: TabStopType.RIGHT, position: contentWidthTwips(model) }],
    spacing: { after: mmToTwip(block.spaceAfter) },
    children: [new TextRun(block.left), new TextRun({ children: [new Tab(), block.right] })],
  });
}

/**
 * Between a table and the one joined under it. Two tables with nothing between them are merged
 * into one by Word, and only the first rows of a table can repeat as its header; a 1 pt
 * paragraph keeps them two tables that print as one.
 */
function joiner(pageBreakBefore = false): Paragraph {
  return new Paragraph({
    pageBreakBefore,
    spacing: { before: 0, after: 0, line: 20, lineRule: LineRuleType.EXACT },
    children: [new TextRun({ text: '', size: 2 })],
  });
}

function table(
  block: TableBlock,
  model: PrintModel,
  joinsNext: boolean,
  index: number,
): (Paragraph | Table)[] {
  const widths = block.widths.map(mmToTwip);
  const pad = model.table.cellPadding;
  // Border sizes are in eighths of a point.
  const line = {
    style: BorderStyle.SINGLE,
    size: Math.max(2, Math.round(model.table.borderWidth * 8)),
    color: '000000',
  };
  const borders = (last: boolean): ITableBordersOptions => ({
    top: line,
    left: line,
    right: line,
    insideHorizontal: line,
    insideVertical: line,
    // The table joined under this one draws the line between them.
    bottom: last && joinsNext ? { style: BorderStyle.NONE, size: 0, color: 'auto' } : line,
  });
  const header = cellWidths(block.header, widths);
  const { breaks, atLeast } = tablePages(model, index);
  // One table per page the rows are planned on (kept-rows.ts), each under its own header.
  const starts = [0, ...breaks];
  const out: (Paragraph | Table)[] = [];
  starts.forEach((from, k) => {
    const to = starts[k + 1] ?? block.rows.length;
    const last = k === starts.length - 1;
    const part = block.rows.slice(from, to);
    const body = cellWidths(part, widths);
    if (k > 0) out.push(joiner(true));
    out.push(
      new Table({
        rows: [
          ...block.header.map((row, i) => tableRow(row, header[i]!, model, true)),
          ...part.map((row, i) => tableRow(row, body[i]!, model, false, atLeast[from + i])),
        ],
        width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
        columnWidths: widths,
        layout: TableLayoutType.FIXED,
        alignment: AlignmentType.CENTER,
        borders: borders(last),
        margins: {
          top: mmToTwip(pad.top),
          bottom: mmToTwip(pad.bottom),
          left: mmToTwip(pad.left),
          right: mmToTwip(pad.right),
          marginUnitType: WidthType.DXA,
        },
      }),
    );
  });
  return out;
}

/**
 * Each cell's width (twips), from the grid columns it covers. Columns covered by a cell merged
 * down from above are skipped (docx adds their continuing cells itself), so a row that starts
 * under a merged 一级指标 gets the widths of the columns it is really in.
 */
function cellWidths(rows: readonly Row[], widths: readonly number[]): number[][] {
  const covered = widths.map(() => 0);
  return rows.map((row) => {
    let col = 0;
    const out = row.cells.map((cell) => {
      while (col < widths.length && covered[col]! > 0) col++;
      const span = cell.colSpan ?? 1;
      const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
      for (let c = col; c < col + span && c < widths.length; c++) {
        covered[c] = Math.max(covered[c]!, cell.rowSpan ?? 1);
      }
      col += span;
      return width;
    });
    for (let c = 0; c < covered.length; c++) if (covered[c]! > 0) covered[c]!--;
    return out;
  });
}

function tableRow(
  row: Row,
  widths: readonly number[],
  model: PrintModel,
  header: boolean,
  atLeast?: number,
): TableRow {
  const cells = row.cells.map((cell, i) => tableCell(cell, widths[i]!, model));
  // The header repeats on every page and is never split; body rows are left free to split
  // across pages (no w:cantSplit), as a row taller than a page must. A block of rows kept
  // together (Row.keepWithNext) is on one page by the tables' parts (kept-rows.ts); a row
  // under a merged text taller than the rows gets the height it needs (atLeast).
  return new TableRow({
    children: cells,
    ...(header ? { tableHeader: true, cantSplit: true } : {}),
    ...(atLeast ? { height: { value: Math.ceil(atLeast * 20), rule: HeightRule.ATLEAST } } : {}),
  });
}

function tableCell(cell: Cell, width: number, model: PrintModel): TableCell {
  const indent = cell.indent
    ? mmToTwip((cell.indent * model.fonts[cell.font].size * 25.4) / 72)
    : 0;
  const lines = cell.text === '' ? [''] : cell.text.split('\n');
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    ...(cell.colSpan && cell.colSpan > 1 ? { columnSpan: cell.colSpan } : {}),
    ...(cell.rowSpan && cell.rowSpan > 1 ? { rowSpan: cell.rowSpan } : {}),
    verticalAlign: VALIGN[cell.verticalAlign],
    children: lines.map(
      (text) =>
        new Paragraph({
          style: STYLE_ID[cell.font],
          alignment: ALIGN[cell.align],
          ...(indent ? { indent: { left: indent } } : {}),
          children: text ? [new TextRun(text)] : [],
        }),
    ),
  });
}

/** `第 {页码} 页 共 {总页数} 页` with the two numbers as Word fields. */
function footer(model: PrintModel): Footer {
  const parts = model.footer.split(/(\{页码\}|\{总页数\})/).filter((p) => p !== '');
  return new Footer({
    children: [
      new Paragraph({
        style: STYLE_ID.footer,
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            children: parts.map((p) =>
              p === '{页码}' ? PageNumber.CURRENT : p === '{总页数}' ? PageNumber.TOTAL_PAGES : p,
            ),
          }),
        ],
      }),
    ],
  });
}
