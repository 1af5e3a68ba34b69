import { removeExtractionSpaces } from '../../db/import/cjk-spaces.ts';
import { PAGE_FURNITURE } from '../../db/import/table-draft.ts';
import type { Block, PrintModel } from '../../templates/export/model.ts';

/**
 * What the grid reader (db/import/pdf-grid.ts) must give for a printed layout, from the print
 * model both exporters print: the check that every cell of a layout is read back as printed,
 * before any reader makes a document of the cells.
 */

/**
 * The rows the grid must give for a print model: paragraphs and the info line as one cell,
 * each table row's cells left to right with an empty cell under a cell merged down; a cell's
 * text with the line breaks it was written with.
 */
export function expectedRows(model: PrintModel, other: boolean): string[][] {
  const text = (s: string) => {
    // Lines as the writer ended them; within a line, the printer's breaks closed up.
    const t = s
      .split('\n')
      .map((l) => l.trim())
      .join('\n')
      .trim();
    return other ? t.split('\n').map(removeExtractionSpaces).join('\n') : t;
  };
  const rows: string[][] = [];
  // Per column of the current table: the cell above that still covers it, and for how many rows.
  let covered: ({ id: number; left: number } | undefined)[] = [];
  let ids = 0;
  const table = (block: Extract<Block, { kind: 'table' }>) => {
    covered = block.widths.map((_, i) => (block.joinPrevious ? covered[i] : undefined));
    for (const row of [...block.header, ...block.rows]) {
      const out: string[] = [];
      let col = 0;
      const cells = [...row.cells];
      while (col < block.widths.length) {
        const over = covered[col];
        if (over && over.left > 0) {
          // One empty cell for the whole merged cell above, however many columns it spans.
          out.push('');
          while (covered[col] === over) col++;
          over.left--;
          continue;
        }
        const cell = cells.shift();
        if (!cell) break;
        out.push(text(cell.text));
        const span = cell.colSpan ?? 1;
        const mark = { id: ids++, left: (cell.rowSpan ?? 1) - 1 };
        for (let k = 0; k < span; k++) covered[col + k] = mark;
        col += span;
      }
      rows.push(out);
    }
  };
  for (const block of model.blocks) {
    if (block.kind === 'paragraph') rows.push([text(block.text)]);
    else if (block.kind === 'info-line') rows.push([`${text(block.left)} ${text(block.right)}`]);
    else table(block);
  }
  return rows;
}

/** The rows read, without the page furniture (`第 1 页 共 3 页`). */
export function withoutFurniture(rows: readonly (readonly string[])[]): (readonly string[])[] {
  return rows.filter((c) => !(c.length === 1 && PAGE_FURNITURE.some((re) => re.test(c[0]!))));
}

/** Each empty cell as the readers read it: the value above in that column (same-width rows). */
export function carryDown(rows: readonly (readonly string[])[]): string[][] {
  const out: string[][] = [];
  for (const row of rows) {
    const above = out.at(-1);
    out.push(row.map((c, i) => (c === '' && above && above.length === row.length ? above[i]! : c)));
  }
  return out;
}
