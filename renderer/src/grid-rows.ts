import { formatValue, type IndicatorValue } from '../../db/shared/indicator-value.ts';
import { printedIndicators } from '../../db/shared/printed-order.ts';
import type { DocumentData, IndicatorData } from '../../db/shared/types.ts';
import { label } from './categories.ts';

/**
 * The table view's rows and columns as plain data (no React): every indicator of the document
 * in the order the form and the print show them, each with its unit and project, and how each
 * column reads, sorts and filters. Tested under Node (test/renderer/grid-rows.test.ts).
 */

export interface GridRow {
  readonly id: number;
  readonly unitId: number;
  readonly unitName: string;
  readonly projectId: number;
  readonly projectName: string;
  readonly indicator: IndicatorData;
  /** Place in the document's order: the order rows go back to when no column sorts them. */
  readonly order: number;
}

/** How a cell is edited in place: typed text, a choice from a list, or not at all. */
export type CellEditor = 'text' | 'select' | null;

export type ColumnKey =
  | 'unit'
  | 'project'
  | 'level1'
  | 'level2'
  | 'name'
  | 'cycle'
  | 'annual'
  | 'operator'
  | 'measure'
  | 'weight'
  | 'basisKind'
  | 'basis'
  | 'explanation'
  | 'polarity';

export interface GridColumn {
  readonly key: ColumnKey;
  /** The official term, as the header shows it. */
  readonly title: string;
  readonly width: number;
  /** What the cell shows, sorts by and is filtered by. */
  readonly text: (row: GridRow) => string;
  readonly editor: CellEditor;
  /** Numbers sort as numbers (权重). */
  readonly numeric?: boolean;
}

const unnamed = (name: string, empty: string) => name.trim() || empty;

/**
 * A value as the table shows it: a sentence as written, a structured value in its printed form
 * (`≥95%`, a grade alone for 定性), as the national system's one-cell form shows it.
 */
export function valueDisplay(v: IndicatorValue): string {
  return formatValue(v, 'merged');
}

/** 指标性质 and 计量单位 are the 实施周期指标值's (a sentence has neither). */
const cycleStructured = (row: GridRow) =>
  row.indicator.cycle.kind === 'structured' ? row.indicator.cycle : null;

export const GRID_COLUMNS: readonly GridColumn[] = [
  {
    key: 'unit',
    title: '资金使用单位',
    width: 150,
    text: (r) => unnamed(r.unitName, '（未命名资金使用单位）'),
    editor: null,
  },
  {
    key: 'project',
    title: '项目名称',
    width: 170,
    text: (r) => unnamed(r.projectName, '（未命名项目）'),
    editor: null,
  },
  {
    key: 'level1',
    title: '一级指标',
    width: 100,
    text: (r) => label(r.indicator.level1),
    editor: null,
  },
  {
    key: 'level2',
    title: '二级指标',
    width: 130,
    text: (r) => label(r.indicator.level2),
    editor: null,
  },
  { key: 'name', title: '三级指标', width: 170, text: (r) => r.indicator.name, editor: 'text' },
  {
    key: 'cycle',
    title: '实施周期指标值',
    width: 150,
    text: (r) => valueDisplay(r.indicator.cycle),
    editor: 'text',
  },
  {
    key: 'annual',
    title: '年度指标值',
    width: 150,
    text: (r) => valueDisplay(r.indicator.annual),
    editor: 'text',
  },
  {
    key: 'operator',
    title: '指标性质',
    width: 80,
    text: (r) => cycleStructured(r)?.operator ?? '',
    editor: 'select',
  },
  {
    key: 'measure',
    title: '计量单位',
    width: 80,
    text: (r) => cycleStructured(r)?.unit ?? '',
    editor: 'text',
  },
  {
    key: 'weight',
    title: '权重',
    width: 64,
    text: (r) => r.indicator.weight ?? '',
    editor: 'text',
    numeric: true,
  },
  {
    key: 'basisKind',
    title: '依据类别',
    width: 100,
    text: (r) => r.indicator.basis.kind ?? '',
    editor: 'select',
  },
  {
    key: 'basis',
    title: '指标值设定依据',
    width: 170,
    text: (r) => r.indicator.basis.text,
    editor: 'text',
  },
  {
    key: 'explanation',
    title: '指标解释',
    width: 200,
    text: (r) => r.indicator.explanation,
    editor: 'text',
  },
  {
    key: 'polarity',
    title: '指标方向',
    width: 80,
    text: (r) => r.indicator.polarity ?? '',
    editor: 'select',
  },
];

export const GRID_WIDTH = GRID_COLUMNS.reduce((w, c) => w + c.width, 0);

const rowCache = new WeakMap<DocumentData, readonly GridRow[]>();

/** Every indicator of the document, unit by unit, project by project, in printed order. */
export function gridRows(data: DocumentData): readonly GridRow[] {
  const cached = rowCache.get(data);
  if (cached) return cached;
  const rows: GridRow[] = [];
  for (const unit of data.units) {
    for (const project of unit.projects) {
      for (const indicator of printedIndicators(project)) {
        rows.push({
          id: indicator.id,
          unitId: unit.id,
          unitName: unit.name,
          projectId: project.id,
          projectName: project.name,
          indicator,
          order: rows.length,
        });
      }
    }
  }
  rowCache.set(data, rows);
  return rows;
}

export type SortOrder = 'ascend' | 'descend';

export interface GridQuery {
  /** One unit's rows only, or null: the whole document. */
  readonly unitId: number | null;
  /** Per column: the text a cell must contain (case and width insensitive). */
  readonly filters: Readonly<Partial<Record<ColumnKey, string>>>;
  readonly sort: { readonly key: ColumnKey; readonly order: SortOrder } | null;
}

export const EMPTY_QUERY: GridQuery = { unitId: null, filters: {}, sort: null };

/** Full-width letters and digits as ASCII, lower case: `ＡＢ１` finds `ab1`. */
export function foldText(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/gu, ' ')
    .toLowerCase();
}

const collator = new Intl.Collator('zh-Hans-CN', { numeric: true });

/** The rows the table shows: scoped, filtered by every column's text, sorted (stable). */
export function queryRows(rows: readonly GridRow[], query: GridQuery): readonly GridRow[] {
  const filters = GRID_COLUMNS.flatMap((c) => {
    const f = query.filters[c.key]?.trim();
    return f ? [{ column: c, needle: foldText(f) }] : [];
  });
  let out =
    query.unitId === null && filters.length === 0
      ? rows
      : rows.filter(
          (r) =>
            (query.unitId === null || r.unitId === query.unitId) &&
            filters.every((f) => foldText(f.column.text(r)).includes(f.needle)),
        );
  const sort = query.sort;
  const column = sort && GRID_COLUMNS.find((c) => c.key === sort.key);
  if (sort && column) {
    const sign = sort.order === 'ascend' ? 1 : -1;
    const keyed = out.map((r) => ({ r, t: column.text(r) }));
    keyed.sort((a, b) => {
      // Empty cells last in either order: what is missing is found at the end.
      if (a.t === '' || b.t === '')
        return a.t === b.t ? a.r.order - b.r.order : a.t === '' ? 1 : -1;
      const d = column.numeric ? Number(a.t) - Number(b.t) : collator.compare(a.t, b.t);
      return d !== 0 ? sign * d : a.r.order - b.r.order;
    });
    out = keyed.map((k) => k.r);
  }
  return out;
}
