import { printedIndicators } from '../../db/shared/printed-order.ts';
import type { DocumentData, IndicatorData, ProjectData, UnitData } from '../../db/shared/types.ts';
import type { CategoryTree } from '../../db/shared/tree.ts';
import type {
  GridColumn,
  GridSpec,
  PageSpec,
  PerProjectLayout,
  PerRowLayout,
} from '../layout/types.ts';
import { basisText, projectFieldText, shows, valueText, type ShowScope } from './build-fields.ts';
import { fillPattern } from './cells.ts';
import type { Cell, Row, TableBlock } from './model.ts';
import { pageSizeMm } from './units.ts';

/**
 * The indicator grid of a data-driven layout: its columns as the layout lists them, those whose
 * `show` holds, one row per indicator (and per empty category, if the layout says so), cells
 * merged down where a column says so. The per-project forms print one grid per project, the
 * per-row table one for the whole document.
 */

interface CategoryNames {
  readonly level1: { readonly code: string; readonly name: string };
  readonly level2: { readonly code: string; readonly name: string };
}

/**
 * One row of a grid: an indicator (with its category), a category of the tree the project has
 * no indicator in (no indicator), or a project with no row at all (neither).
 */
export interface GridRowSource {
  readonly unit: UnitData;
  readonly project: ProjectData;
  readonly category: CategoryNames | null;
  readonly indicator: IndicatorData | null;
}

/**
 * A project's rows in printed order (the tree's, first-level categories as the document's tree
 * orders them), with a row for each category it has nothing in when `emptyCategories`.
 */
export function projectRows(
  tree: CategoryTree,
  unit: UnitData,
  project: ProjectData,
  emptyCategories: boolean,
): GridRowSource[] {
  const row = (indicator: IndicatorData): GridRowSource => ({
    unit,
    project,
    category: indicator,
    indicator,
  });
  const indicators = printedIndicators(project);
  if (!emptyCategories) {
    if (indicators.length === 0) return [{ unit, project, category: null, indicator: null }];
    return indicators.map(row);
  }
  const entries = indicators.map((i) => ({ order: i.categoryOrder, row: row(i) }));
  const used = new Set(indicators.map((i) => i.categoryOrder));
  let order = 0;
  for (const l1 of tree.level1) {
    for (const l2 of l1.level2) {
      if (!used.has(order)) {
        const category = {
          level1: { code: l1.code, name: l1.name },
          level2: { code: l2.code, name: l2.name },
        };
        entries.push({ order, row: { unit, project, category, indicator: null } });
      }
      order++;
    }
  }
  // Stable: an indicator keeps the clerk's order within its category.
  entries.sort((a, b) => a.order - b.order);
  return entries.map((e) => e.row);
}

/** Millimetres between the page's side margins. */
export function contentWidth(page: PageSpec): number {
  return pageSizeMm(page)[0] - page.margins.left - page.margins.right;
}

/**
 * The widths of the shown columns: fixed ones keep theirs, the others share what is left of the
 * page in proportion to their widths, so the table always fills the page.
 */
export function fitWidths(columns: readonly GridColumn[], total: number): number[] {
  const fixed = columns.reduce((w, c) => w + (c.fixed ? c.width : 0), 0);
  const flexible = columns.reduce((w, c) => w + (c.fixed ? 0 : c.width), 0);
  if (flexible === 0) return columns.map((c) => c.width);
  const scale = (total - fixed) / flexible;
  return columns.map((c) => (c.fixed ? c.width : c.width * scale));
}

/** The grid's columns that print, for this table. */
export function shownColumns(grid: GridSpec, scope: ShowScope): GridColumn[] {
  return grid.columns.filter((c) => shows(c.show, scope));
}

export function gridTable(
  doc: DocumentData,
  layout: PerProjectLayout | PerRowLayout,
  rows: readonly GridRowSource[],
  scope: ShowScope,
): TableBlock {
  const { grid, table } = layout;
  const columns = shownColumns(grid, scope);
  const widths = fitWidths(columns, contentWidth(layout.page));
  const body = (text: string, align: Cell['align'], extra: Partial<Cell> = {}): Cell => ({
    text,
    font: 'body',
    align,
    verticalAlign: table.bodyVerticalAlign,
    ...extra,
  });

  const out: Row[] = rows.map((source, r) => {
    const cells: Cell[] = [];
    let continuationCell: number | undefined;
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c]!;
      if (col.merge) {
        const key = mergeKey(col.merge, source);
        if (r > 0 && mergeKey(col.merge, rows[r - 1]!) === key) continue;
        let span = 1;
        while (r + span < rows.length && mergeKey(col.merge, rows[r + span]!) === key) span++;
        cells.push(body(cellText(doc, layout, col, source), col.align, spanOf(span, 'rowSpan')));
        continue;
      }
      // A sentence reads whole across the three cells of a split value.
      const sentence = sentenceAcross(grid, columns, c, source);
      if (sentence !== undefined) {
        cells.push(body(sentence, 'left', { colSpan: 3 }));
        c += 2;
        continue;
      }
      if (col.field === 'name') continuationCell = cells.length;
      cells.push(body(cellText(doc, layout, col, source), col.align));
    }
    const { indicator } = source;
    // A continued indicator row names its 三级指标 again.
    const continuation =
      continuationCell !== undefined && indicator !== null
        ? {
            cell: continuationCell,
            text: fillPattern(layout.continuation, { 名称: indicator.name.trim() }),
          }
        : undefined;
    const keep = grid.keepTogether;
    const next = rows[r + 1];
    const keepWithNext =
      keep !== undefined && next !== undefined && mergeKey(keep, next) === mergeKey(keep, source);
    return {
      cells,
      ...(continuation ? { continuation } : {}),
      ...(keepWithNext ? { keepWithNext } : {}),
    };
  });
  if (out.length === 0) {
    // No indicators yet: an empty row to fill in by hand rather than a table with no body.
    out.push({ cells: widths.map(() => body('', 'left')) });
  }
  return { kind: 'table', widths, header: headerRows(layout, columns), rows: out, spaceAfter: 0 };
}

function spanOf(n: number, key: 'rowSpan' | 'colSpan'): Partial<Cell> {
  return n > 1 ? { [key]: n } : {};
}

/**
 * The header: one row of the columns' headers, or two when some columns have a group (the
 * group's header over them, their own under it; the other columns' headers merged down).
 */
function headerRows(layout: PerProjectLayout | PerRowLayout, columns: readonly GridColumn[]) {
  const label = (text: string, extra: Partial<Cell> = {}): Cell => ({
    text,
    font: 'header',
    align: 'center',
    verticalAlign: layout.table.headerVerticalAlign,
    ...extra,
  });
  if (!columns.some((c) => c.group !== undefined)) {
    return [{ cells: columns.map((c) => label(c.header)) }];
  }
  const top: Cell[] = [];
  const second: Cell[] = [];
  for (let c = 0; c < columns.length; c++) {
    const group = columns[c]!.group;
    if (group === undefined) {
      top.push(label(columns[c]!.header, { rowSpan: 2 }));
      continue;
    }
    let span = 1;
    while (columns[c + span]?.group === group) span++;
    top.push(label(group, spanOf(span, 'colSpan')));
    for (let k = 0; k < span; k++) second.push(label(columns[c + k]!.header));
    c += span - 1;
  }
  return [{ cells: top }, { cells: second }];
}

/** Rows that share a merged cell: the same project, and the same category within it. */
function mergeKey(merge: NonNullable<GridColumn['merge']>, source: GridRowSource): string {
  const project = `${source.unit.id}/${source.project.id}`;
  if (merge === 'project') return project;
  const c = source.category;
  const level1 = c === null ? '' : c.level1.code;
  if (merge === 'level1') return `${project}/${level1}`;
  return `${project}/${level1}/${c === null ? '' : c.level2.code}`;
}

/**
 * A sentence value at the 计算符号 column of a split value whose three parts stand side by side,
 * when the layout prints sentences across them.
 */
function sentenceAcross(
  grid: GridSpec,
  columns: readonly GridColumn[],
  c: number,
  source: GridRowSource,
): string | undefined {
  const col = columns[c]!;
  if (grid.sentenceInParts !== 'across' || col.part !== 'operator') return undefined;
  const [value, unit] = [columns[c + 1], columns[c + 2]];
  if (value?.field !== col.field || value.part !== 'value') return undefined;
  if (unit?.field !== col.field || unit.part !== 'unit') return undefined;
  const entry = source.indicator;
  if (entry === null) return undefined;
  const v = col.field === 'cycleValue' ? entry.cycle : entry.annual;
  return v.kind === 'sentence' ? v.text.trim() : undefined;
}

function cellText(
  doc: DocumentData,
  layout: PerProjectLayout | PerRowLayout,
  col: GridColumn,
  source: GridRowSource,
): string {
  const { category, indicator: entry } = source;
  switch (col.field) {
    case 'level1':
      return category === null ? '' : category.level1.name;
    case 'level2':
      return category === null ? '' : category.level2.name;
  }
  if (!isIndicatorField(col.field)) {
    return projectFieldText(col.field, doc, source.unit, source.project, layout.formats);
  }
  if (entry === null) return '';
  switch (col.field) {
    case 'name':
      return entry.name.trim();
    case 'cycleValue':
      return valueText(entry.cycle, col.part);
    case 'annualValue':
      return valueText(entry.annual, col.part);
    case 'weight':
      return entry.weight ?? '';
    case 'basis':
      return basisText(entry, layout.formats);
    case 'explanation':
      return entry.explanation.trim();
    case 'polarity':
      return entry.polarity ?? '';
  }
}

const INDICATOR_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'cycleValue',
  'annualValue',
  'weight',
  'basis',
  'explanation',
  'polarity',
]);
function isIndicatorField(
  field: GridColumn['field'],
): field is
  'name' | 'cycleValue' | 'annualValue' | 'weight' | 'basis' | 'explanation' | 'polarity' {
  return INDICATOR_FIELDS.has(field);
}
