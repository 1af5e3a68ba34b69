import ExcelJS from 'exceljs';
import { textCellRows, type CellRow, type CellSource } from '../../db/import/cell-rows.ts';
import { isEmptyMark } from '../../db/import/forms/header-labels.ts';
import { findGridHeader, isFooterRow } from '../../db/import/forms/indicator-grid.ts';
import { rng } from './damage.ts';

/**
 * Sheets written cell by cell as a clerk lays a form out in Excel or WPS: cells placed left to
 * right, each maybe merged across columns (`w`) and down rows (`h`); a column covered by a cell
 * merged down from a row above is skipped, as in a printed table. Used by the committed
 * fixtures' script (test/fixtures/workbooks/forms/make-forms.ts) and by the tests that lay the
 * other regions' real forms out as workbooks.
 */

export interface Placed {
  readonly v: string | number | null;
  /** Columns the cell covers (merged across). */
  readonly w?: number;
  /** Rows the cell covers (merged down). */
  readonly h?: number;
  readonly numFmt?: string;
  /** Start at this 1-based column (a cell typed further right, the columns before it empty). */
  readonly at?: number;
}

export type SheetCell = string | number | null | Placed;
export type SheetRow = readonly SheetCell[];

function placed(cell: SheetCell): Placed {
  return cell !== null && typeof cell === 'object' ? cell : { v: cell };
}

/** Writes rows from sheet row `start` (1-based); returns the row after them. */
export function writeRows(sheet: ExcelJS.Worksheet, rows: readonly SheetRow[], start = 1): number {
  const covered = new Map<number, Set<number>>();
  rows.forEach((row, i) => {
    const r = start + i;
    let c = 1;
    for (const raw of row) {
      const cell = placed(raw);
      if (cell.at !== undefined) c = cell.at;
      while (covered.get(r)?.has(c)) c++;
      const w = cell.w ?? 1;
      const h = cell.h ?? 1;
      const target = sheet.getCell(r, c);
      if (cell.v !== null && cell.v !== '') target.value = cell.v;
      if (cell.numFmt) target.numFmt = cell.numFmt;
      target.alignment = { wrapText: true, vertical: 'top' };
      for (let dr = 0; dr < h; dr++) {
        for (let dc = 0; dc < w; dc++) {
          if (dr === 0 && dc === 0) continue;
          let set = covered.get(r + dr);
          if (!set) covered.set(r + dr, (set = new Set()));
          set.add(c + dc);
        }
      }
      if (w > 1 || h > 1) sheet.mergeCells(r, c, r + h - 1, c + w - 1);
      c += w;
    }
  });
  return start + rows.length;
}

export async function workbookOf(
  sheets: readonly { readonly name: string; readonly rows: readonly SheetRow[] }[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name);
    writeRows(sheet, s.rows);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * A form written as text (../shared/fixtures/other-regions/: ` | ` between cells, `(空)` for an
 * empty cell) laid out as a clerk lays it out in a sheet: a line of one cell (a title, a
 * heading, `单位：万元`) merged across the form's width; a row's last cell merged to the form's
 * right edge (a value spanning the rest of the row); in the indicator grid, the same 一级 and
 * 二级 on rows one under another merged down into one cell. An empty cell is empty.
 */
export function textFormRows(text: string): SheetRow[] {
  const source = textCellRows(text).rows.map((r) => ({
    ...r,
    cells: r.cells
      .flatMap((c) => (/(?:^|\s)[|｜](?:\s|$)/u.test(c) ? c.split(/[|｜]/u) : [c]))
      .map((c) => (isEmptyMark(c.trim()) ? '' : c.trim())),
  }));
  const width = Math.max(...source.map((r) => r.cells.length));
  const header = findGridHeader(source);
  const gridRows = new Set<number>();
  if (header) {
    for (let i = header.index + 1; i < source.length; i++) {
      if (source[i]!.cells.length <= 1 || isFooterRow(source[i]!)) break;
      gridRows.add(i);
    }
  }
  // Cells merged down: [row index, column] of each run's first cell → rows it covers.
  const down = new Map<string, number>();
  const skip = new Set<string>();
  for (const column of [0, 1]) {
    let i = 0;
    while (i < source.length) {
      const text = source[i]!.cells[column] ?? '';
      const mergeable = (k: number) =>
        gridRows.has(k) &&
        source[k]!.cells.length > column + 1 &&
        (column === 0 || source[k]!.cells[0] === source[i]!.cells[0]);
      if (!mergeable(i) || text === '') {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < source.length && mergeable(j) && source[j]!.cells[column] === text) j++;
      if (j - i > 1) {
        down.set(`${i}:${column}`, j - i);
        for (let k = i + 1; k < j; k++) skip.add(`${k}:${column}`);
      }
      i = j;
    }
  }
  return source.map((r, i) => {
    if (r.cells.length === 1) return [{ v: r.cells[0]!, w: width }];
    const cells: SheetCell[] = [];
    r.cells.forEach((text, c) => {
      if (skip.has(`${i}:${c}`)) return;
      const last = c === r.cells.length - 1;
      const h = down.get(`${i}:${c}`);
      cells.push({
        v: text,
        ...(last && c < width - 1 ? { w: width - c } : {}),
        ...(h !== undefined ? { h } : {}),
      });
    });
    return cells;
  });
}

const JUNK = [
  '',
  '≥',
  '万元',
  '单位：元',
  '项目名称',
  '一级指标',
  '合计',
  '=100.00(%)',
  '-3',
  '1e9',
];
const MORE = ['[excerpt ends]', '...', '2023年', '：', '0', '成本指标(0-20)分', '\n', '绩效指标'];

/**
 * A sheet's cell rows damaged from a seed (cells blanked, changed, cut; rows lost, repeated,
 * swapped; merged cells widened or lost), for the fuzz tests of the workbook readers.
 */
export function damagedRows(rows: readonly CellRow[], seed: number): CellSource {
  const random = rng(seed);
  const out = rows.map((r) => ({
    cells: [...r.cells],
    where: r.where,
    spans: r.spans ? [...r.spans] : undefined,
  }));
  const pick = <T>(a: readonly T[]) => a[Math.floor(random() * a.length)]!;
  for (let k = 1 + Math.floor(random() * 5); k > 0 && out.length > 0; k--) {
    const i = Math.floor(random() * out.length);
    const row = out[i]!;
    const c = Math.floor(random() * Math.max(1, row.cells.length));
    switch (Math.floor(random() * 7)) {
      case 0:
        out.splice(i, 1);
        break;
      case 1:
        out.splice(i, 0, { ...pick(out), cells: [...pick(out).cells] });
        break;
      case 2:
        row.cells[c] = pick([...JUNK, ...MORE]);
        break;
      case 3:
        row.cells.length = c;
        if (row.spans) row.spans.length = c;
        break;
      case 4: {
        // A merged cell widened, lost, or a span that no longer fits its row.
        row.spans ??= row.cells.map(() => 1);
        row.spans[c] = pick([0, 1, 2, 5, 40]);
        break;
      }
      case 5:
        out.length = i;
        break;
      default: {
        const j = Math.floor(random() * out.length);
        [out[i], out[j]] = [out[j]!, row];
      }
    }
  }
  return {
    rows: out.map((r) =>
      r.spans === undefined ? { cells: r.cells, where: r.where } : { ...r, spans: r.spans },
    ),
    origin: 'workbook',
  };
}
