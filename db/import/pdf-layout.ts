import { UserError } from '../shared/errors.ts';
import { PAGE_FURNITURE, type SourceLine, type Where } from './table-draft.ts';

/**
 * Finds the rows and columns of a published 项目支出绩效目标表 in the text of its PDF pages, by
 * position (see templates/layout/official.ts for the layout):
 *
 * - columns: the header row (项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标
 *   绩效指标, each label possibly wrapped) is found on every page; its labels are centred in
 *   their cells. An amount belongs to the amount column whose header is nearest; a text belongs
 *   to the column where it starts: 项目名称 left of that header's centre, 绩效目标 from the
 *   middle of 其他资金 to the middle of 绩效目标, 绩效指标 after that.
 * - rows: cells are top-aligned, so within a row every line is one line pitch below the one
 *   before; a row starts where the gap is larger (the cell padding and border), or where an
 *   amount is printed (unless the amount cell above goes on: an amount too wide, wrapped).
 * - a row broken by a page goes on under the next page's header, with no amount, its name
 *   replaced by `{项目名称}（续）` (or empty, or the rest of a long name).
 * - units are flush left, their projects indented, 合计 is the first row.
 */

/** One piece of text on a page, in points, y downwards, (x, y) on its baseline. */
export interface PageText {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  /** Font size. */
  readonly size: number;
}

export interface PageContent {
  /** 1-based. */
  readonly page: number;
  readonly items: readonly PageText[];
}

const COLUMN_KEYS = [
  'name',
  'total',
  'fiscal',
  'specialAccount',
  'other',
  'goal',
  'indicators',
] as const;
const NAME = 0;
const GOAL = 5;
const INDICATORS = 6;
const AMOUNT_COLUMNS = [1, 2, 3, 4] as const;

const HEADER_LABELS = [
  '项目名称（资金使用单位）',
  '总计',
  '财政拨款',
  '财政专户拨款',
  '其他资金',
  '绩效目标',
  '绩效指标',
] as const;

// 万元 as the document shows it: 2 to 6 decimals (db/shared/money.ts MONEY_DECIMALS).
export const AMOUNT_TEXT = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2,6}$/;

/** A run of text on one line, in one cell. */
interface Segment {
  text: string;
  x0: number;
  x1: number;
  readonly y: number;
  readonly size: number;
}

interface VisualLine {
  readonly y: number;
  readonly size: number;
  /** 1-based among the lines of its page. */
  readonly no: number;
  readonly segments: Segment[];
}

/** One line of one cell. */
export interface CellLine {
  readonly text: string;
  readonly where: Where;
  readonly x0: number;
  readonly x1: number;
  readonly size: number;
}

export interface LayoutRow {
  readonly where: Where;
  /** Where the name starts (units are flush left, projects indented). */
  readonly nameX: number;
  /** The lines of each column, COLUMN_KEYS order. */
  readonly cells: CellLine[][];
}

export interface TableLayout {
  /** The lines above the header row on the first page: title, 部门名称 line. */
  readonly head: SourceLine[];
  readonly rows: LayoutRow[];
  /** Body font size, for tolerances. */
  readonly size: number;
  /** The right end of the longest line of each column (the text width of its cells). */
  readonly columnRight: number[];
}

interface Header {
  /** Centre of each header cell, COLUMN_KEYS order. */
  readonly centres: number[];
  /** Index of the first line after the header row. */
  readonly bodyStart: number;
  /** Index of the first line of the header row. */
  readonly start: number;
}

const compact = (s: string) => s.replace(/\s+/gu, '').replaceAll('(', '（').replaceAll(')', '）');

/** Reads the table's rows from its pages. Throws a UserError naming the page it cannot read. */
export function readTableLayout(pages: readonly PageContent[]): TableLayout {
  if (pages.length === 0) throw new UserError('PDF 文件没有页面');
  const rows: RawRow[] = [];
  let head: SourceLine[] = [];
  let previous: Header | undefined;
  const pageLines: { page: number; lines: VisualLine[]; header: Header }[] = [];
  for (const content of pages) {
    const lines = toLines(content.items);
    let header = findHeader(lines);
    if (!header) {
      if (!previous) {
        throw new UserError(
          lines.length === 0
            ? `第 ${content.page} 页：没有可以提取的文字（可能是扫描件或图片），无法按表格读取`
            : `第 ${content.page} 页：找不到表头“项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标”，这不像项目支出绩效目标表`,
        );
      }
      // A page whose header was not repeated: the columns of the page before.
      header = { centres: previous.centres, bodyStart: 0, start: 0 };
    }
    if (!previous) head = headLines(lines.slice(0, header.start), content.page);
    previous = header;
    pageLines.push({ page: content.page, lines, header });
  }

  const body = pageLines.flatMap(({ page, lines, header }) =>
    lines
      .slice(header.bodyStart)
      .filter((l) => !isFurniture(l))
      .map((l) => ({ page, line: l, centres: header.centres })),
  );
  const size = median(body.flatMap((b) => b.line.segments.map((s) => s.size))) ?? 9;
  const pitch = linePitch(body.map((b) => b.line));
  const columnRight = COLUMN_KEYS.map(() => -Infinity);

  let current: RawRow | undefined;
  let lastPage = 0;
  let prevY = 0;
  for (const { page, line, centres } of body) {
    const cells = COLUMN_KEYS.map((): Segment[] => []);
    for (const seg of line.segments) {
      for (const piece of splitAmounts(seg)) cells[columnOf(piece, centres)]!.push(piece);
    }
    cells.forEach((segs, c) => {
      for (const s of segs) columnRight[c] = Math.max(columnRight[c]!, s.x1);
    });
    const where: Where = { page, line: line.no };
    const newPage = page !== lastPage;
    const gap = line.y - prevY > pitch + 0.3 * line.size;
    // An amount starts a row, unless it goes on from the line above (an amount too wide for
    // its cell, wrapped).
    const amountStarts = AMOUNT_COLUMNS.some(
      (c) =>
        cells[c]!.some((s) => AMOUNT_TEXT.test(s.text.trim())) &&
        (!current || current.cells[c]!.at(-1)?.lineIndex !== current.lineCount - 1),
    );
    if (!current || newPage || gap || amountStarts) {
      current = {
        where,
        page,
        firstOnPage: newPage,
        cells: COLUMN_KEYS.map(() => []),
        lineCount: 0,
      };
      rows.push(current);
    }
    current.lineCount++;
    cells.forEach((segs, c) => {
      if (segs.length === 0) return;
      const text = joinSegments(segs);
      current!.cells[c]!.push({
        text,
        where,
        x0: segs[0]!.x0,
        x1: segs[segs.length - 1]!.x1,
        size: line.size,
        lineIndex: current!.lineCount - 1,
      });
    });
    lastPage = page;
    prevY = line.y;
  }
  return { head, rows: joinContinuations(rows), size, columnRight };
}

interface RawCellLine extends CellLine {
  /** Which line of its row (its part on one page) this is. */
  readonly lineIndex: number;
}

interface RawRow {
  readonly where: Where;
  readonly page: number;
  readonly firstOnPage: boolean;
  readonly cells: RawCellLine[][];
  lineCount: number;
}

/**
 * A row that starts a page without any amount goes on from the last row of the page before:
 * its name cell shows `{名称}（续）`, nothing (a Word table), or the rest of a name that the page
 * break cut (the name ran to the last line of the part before). Anything else with a name is a
 * new row (a project with no amount prints none).
 */
function joinContinuations(raw: RawRow[]): LayoutRow[] {
  const rows: { where: Where; nameX: number; cells: CellLine[][]; last: RawRow }[] = [];
  for (const r of raw) {
    const prev = rows[rows.length - 1];
    const names = r.cells[NAME]!;
    const hasAmount = AMOUNT_COLUMNS.some((c) => r.cells[c]!.length > 0);
    if (prev && !hasAmount) {
      const label = names.map((l) => l.text).join('');
      const isLabel = names.length > 0 && /[（(]续[)）]$/u.test(compact(label));
      const prevNames = prev.last.cells[NAME]!;
      const nameWasCut =
        prevNames.length > 0 &&
        prevNames[prevNames.length - 1]!.lineIndex === prev.last.lineCount - 1;
      // Lines with neither name nor amount go on from the row above wherever they are (a line
      // set further apart than the others is no new row).
      if (names.length === 0 || (r.firstOnPage && (isLabel || nameWasCut))) {
        prev.cells.forEach((lines, c) => {
          if (c === NAME && isLabel) return;
          lines.push(...r.cells[c]!);
        });
        prev.last = r;
        continue;
      }
    }
    rows.push({
      where: r.where,
      nameX: r.cells[NAME]![0]?.x0 ?? Infinity,
      cells: r.cells.map((lines) => [...lines]),
      last: r,
    });
  }
  return rows.map(({ where, nameX, cells }) => ({ where, nameX, cells }));
}

// ---- lines ---------------------------------------------------------------------------------

/** Groups a page's text into lines, top to bottom, and each line into runs of adjacent text. */
function toLines(items: readonly PageText[]): VisualLine[] {
  const pieces = items
    .filter((i) => i.text.trim() !== '' && i.size > 0)
    .map((i): Segment => ({
      text: i.text,
      x0: Math.min(i.x, i.x + i.width),
      x1: Math.max(i.x, i.x + i.width),
      y: i.y,
      size: i.size,
    }))
    .sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const groups: Segment[][] = [];
  for (const p of pieces) {
    const g = groups[groups.length - 1];
    if (g && Math.abs(p.y - g[0]!.y) <= 0.35 * Math.max(p.size, g[0]!.size)) g.push(p);
    else groups.push([p]);
  }
  return groups.map((g, i) => {
    g.sort((a, b) => a.x0 - b.x0);
    const segments: Segment[] = [];
    for (const p of g) {
      const last = segments[segments.length - 1];
      const gap = last ? p.x0 - last.x1 : Infinity;
      if (last && gap <= 0.35 * p.size) {
        // Runs in another font (Latin in a Chinese line) continue the same text.
        last.text += (gap > 0.15 * p.size ? ' ' : '') + p.text;
        last.x1 = Math.max(last.x1, p.x1);
      } else {
        segments.push({ ...p });
      }
    }
    return {
      y: median(g.map((p) => p.y))!,
      size: Math.max(...g.map((p) => p.size)),
      no: i + 1,
      segments,
    };
  });
}

/**
 * The lines above the table, a title broken over lines joined again (its lines are in one
 * size, one pitch apart): `{部门名称} {年度}年项目支出绩效目标表…`, then `部门名称：… 单位：万元`.
 */
function headLines(lines: readonly VisualLine[], page: number): SourceLine[] {
  const out: { text: string; where: Where; last: VisualLine }[] = [];
  for (const l of lines) {
    const text = l.segments.map((s) => s.text).join(' ');
    const prev = out[out.length - 1];
    const sameParagraph =
      prev !== undefined &&
      l.segments.length === 1 &&
      prev.last.segments.length === 1 &&
      Math.abs(prev.last.size - l.size) < 0.1 &&
      l.y - prev.last.y < 1.6 * l.size;
    if (sameParagraph) {
      prev.text += text;
      prev.last = l;
    } else {
      out.push({ text, where: { page, line: l.no }, last: l });
    }
  }
  return out.map(({ text, where }) => ({ text, where }));
}

function isFurniture(line: VisualLine): boolean {
  const text = line.segments
    .map((s) => s.text)
    .join(' ')
    .trim();
  return PAGE_FURNITURE.some((re) => re.test(text));
}

/** The distance between the lines of one cell: the commonest small step between lines. */
function linePitch(lines: readonly VisualLine[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const d = lines[i]!.y - lines[i - 1]!.y;
    if (d > 0.8 * lines[i]!.size && d < 1.8 * lines[i]!.size) {
      const k = Math.round(d * 4) / 4;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  let best = 0;
  let bestCount = 0;
  for (const [k, n] of counts) {
    if (n > bestCount || (n === bestCount && k < best)) {
      best = k;
      bestCount = n;
    }
  }
  return bestCount > 0 ? best : 1.25 * (lines[0]?.size ?? 9);
}

// ---- the header row ------------------------------------------------------------------------

/** Is this text part of a header label (a label may be wrapped anywhere)? */
function isLabelPiece(text: string): boolean {
  const t = compact(text);
  return t !== '' && HEADER_LABELS.some((l) => l.includes(t));
}

/**
 * The header row: the line with 总计, and the lines around it made only of pieces of the
 * labels (a wrapped label); each label's pieces overlap horizontally, being centred in one cell.
 */
function findHeader(lines: readonly VisualLine[]): Header | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.segments.some((s) => compact(s.text).includes('总计'))) continue;
    let start = i;
    let end = i + 1;
    const near = (a: VisualLine, b: VisualLine) => Math.abs(a.y - b.y) <= 2.2 * a.size;
    while (
      start > 0 &&
      near(lines[start - 1]!, lines[start]!) &&
      lines[start - 1]!.segments.every((s) => isLabelPiece(s.text))
    ) {
      start--;
    }
    while (
      end < lines.length &&
      near(lines[end]!, lines[end - 1]!) &&
      lines[end]!.segments.every((s) => isLabelPiece(s.text))
    ) {
      end++;
    }
    const centres = headerCentres(lines.slice(start, end));
    if (centres) return { centres, start, bodyStart: end };
  }
  return undefined;
}

function headerCentres(band: readonly VisualLine[]): number[] | undefined {
  const pieces = band.flatMap((l) => l.segments).sort((a, b) => a.x0 - b.x0);
  const cells: Segment[][] = [];
  for (const p of pieces) {
    const cell = cells[cells.length - 1];
    const right = cell ? Math.max(...cell.map((s) => s.x1)) : -Infinity;
    if (cell && p.x0 < right - 0.1 * p.size) cell.push(p);
    else cells.push([p]);
  }
  const labels = cells.map((cell) =>
    compact(
      [...cell]
        .sort((a, b) => a.y - b.y || a.x0 - b.x0)
        .map((s) => s.text)
        .join(''),
    ),
  );
  const centres: number[] = [];
  for (let k = 0; k < HEADER_LABELS.length; k++) {
    const label = labels[k];
    const ok = k === NAME ? label?.startsWith('项目名称') : label === HEADER_LABELS[k];
    if (!ok) return undefined;
    const cell = cells[k]!;
    const x0 = Math.min(...cell.map((s) => s.x0));
    const x1 = Math.max(...cell.map((s) => s.x1));
    centres.push((x0 + x1) / 2);
  }
  return cells.length === HEADER_LABELS.length ? centres : undefined;
}

// ---- columns -------------------------------------------------------------------------------

/**
 * The column of a run of text. Amounts go to the amount column whose header is nearest to
 * them (whatever their alignment); any other text to the column it starts in.
 */
function columnOf(seg: Segment, c: readonly number[]): number {
  const mid = (seg.x0 + seg.x1) / 2;
  const inAmountArea = seg.x0 > c[NAME]! && mid < c[GOAL]!;
  if (AMOUNT_TEXT.test(seg.text.trim()) && inAmountArea) {
    let best: number = AMOUNT_COLUMNS[0];
    for (const k of AMOUNT_COLUMNS) {
      if (Math.abs(mid - c[k]!) < Math.abs(mid - c[best]!)) best = k;
    }
    return best;
  }
  if (seg.x0 < c[NAME]!) return NAME;
  if (seg.x0 >= c[GOAL]!) return INDICATORS;
  if (seg.x0 > c[4]!) return GOAL;
  // Something other than an amount among the amounts: its nearest amount column reports it.
  let best: number = AMOUNT_COLUMNS[0];
  for (const k of AMOUNT_COLUMNS) {
    if (Math.abs(mid - c[k]!) < Math.abs(mid - c[best]!)) best = k;
  }
  return best;
}

/**
 * Amounts of neighbouring columns printed close together come out as one run
 * (`1,100.00 1,090.00`): each amount is placed on its own, the first at the run's start,
 * the last at its end, the others in between.
 */
function splitAmounts(seg: Segment): Segment[] {
  const tokens = seg.text.trim().split(/\s+/u);
  if (tokens.length < 2 || !tokens.every((t) => AMOUNT_TEXT.test(t))) return [seg];
  const chars = tokens.reduce((n, t) => n + t.length, 0);
  const charWidth = Math.min(0.6 * seg.size, (seg.x1 - seg.x0) / chars);
  const slack = (seg.x1 - seg.x0 - chars * charWidth) / (tokens.length - 1);
  let x = seg.x0;
  return tokens.map((t) => {
    const w = t.length * charWidth;
    const piece = { text: t, x0: x, x1: x + w, y: seg.y, size: seg.size };
    x += w + slack;
    return piece;
  });
}

function joinSegments(segs: readonly Segment[]): string {
  return segs.map((s) => s.text).join(' ');
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
