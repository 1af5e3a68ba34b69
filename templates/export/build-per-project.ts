import type { MoneyDisplay } from '../../db/shared/money.ts';
import { formatValue, type IndicatorValue } from '../../db/shared/indicator-value.ts';
import type {
  DocumentData,
  IndicatorData,
  ProjectData,
  UnitData,
  YearMonth,
} from '../../db/shared/types.ts';
import type { ColumnSpec, PerProjectLayout } from '../layout/types.ts';
import { amountText, documentValues, fillPattern, type PatternValues } from './cells.ts';
import type { Block, Cell, Row } from './model.ts';
import { printedIndicators } from './notation.ts';

/**
 * The 项目支出绩效目标申报表: for every project, on a new page, its own title, an information
 * table (project, unit, money, 绩效目标) and, joined under it, the indicator table whose header
 * row repeats on every page it continues on.
 *
 * The national 申报表's fields print where the document has them. Whether the header block shows
 * a field is decided for the whole document, so every project's form has the same rows and an
 * empty cell says what one project lacks; the 权重 and 依据 columns are decided per project (a
 * project without them keeps the five wide columns); split values for the whole document.
 */
export function buildPerProjectBlocks(doc: DocumentData, layout: PerProjectLayout): Block[] {
  const values = documentValues(doc);
  const shown = shownFields(doc, layout);
  const blocks: Block[] = [];
  for (const unit of doc.units) {
    for (const project of unit.projects) {
      blocks.push(
        ...projectBlocks(unit, project, layout, values, shown, blocks.length > 0, doc.money),
      );
    }
  }
  if (blocks.length === 0) {
    // Nothing to declare: still a recognisable page rather than an empty file.
    blocks.push(...titleBlocks(layout, values, false), {
      kind: 'paragraph',
      text: '（本表没有项目）',
      font: 'body',
      align: 'center',
      spaceAfter: 0,
    });
  }
  return blocks;
}

/** Which of the national fields the document has, so its forms print them. */
interface ShownFields {
  readonly overallGoal: boolean;
  readonly period: boolean;
  readonly nature: boolean;
  /** Any national field at all: the header block takes its fuller form with 项目资金总额. */
  readonly facts: boolean;
  readonly splitValues: boolean;
}

function shownFields(doc: DocumentData, layout: PerProjectLayout): ShownFields {
  const projects = doc.units.flatMap((u) => u.projects);
  const any = (has: (p: ProjectData) => boolean) => projects.some(has);
  const overallGoal = any((p) => p.overallGoal.trim() !== '');
  const period = any((p) => p.period.start !== null || p.period.end !== null);
  const nature = any(
    (p) => p.continuity !== null || p.recurrence !== null || p.category.trim() !== '',
  );
  const money = any((p) => p.totalBudget !== null || p.carryOver !== 0);
  const structured = any((p) =>
    p.indicators.some((i) => i.cycle.kind === 'structured' || i.annual.kind === 'structured'),
  );
  return {
    overallGoal,
    period,
    nature,
    facts: overallGoal || period || nature || money,
    splitValues: layout.indicatorValues === 'split' && structured,
  };
}

function titleBlocks(layout: PerProjectLayout, values: PatternValues, newPage: boolean): Block[] {
  return [
    {
      kind: 'paragraph',
      text: fillPattern(layout.title, values),
      font: 'title',
      align: 'center',
      spaceAfter: 1,
      pageBreakBefore: newPage,
    },
    {
      kind: 'paragraph',
      text: fillPattern(layout.subtitle, values),
      font: 'subtitle',
      align: 'center',
      spaceAfter: layout.spaceAfterTitle,
    },
    {
      kind: 'info-line',
      left: fillPattern(layout.infoLine.left, values),
      right: fillPattern(layout.infoLine.right, values),
      font: 'info',
      spaceAfter: layout.spaceAfterInfo,
    },
  ];
}

/** Makes the cells of one table in the layout's styles. */
function cellMaker(layout: PerProjectLayout) {
  const cell = (text: string, align: Cell['align'], extra: Partial<Cell> = {}): Cell => ({
    text,
    font: 'body',
    align,
    verticalAlign: layout.table.bodyVerticalAlign,
    ...extra,
  });
  const label = (text: string, extra: Partial<Cell> = {}): Cell =>
    cell(text, 'center', { font: 'header', verticalAlign: 'center', ...extra });
  return { cell, label };
}

function projectBlocks(
  unit: UnitData,
  project: ProjectData,
  layout: PerProjectLayout,
  values: PatternValues,
  shown: ShownFields,
  newPage: boolean,
  money: MoneyDisplay,
): Block[] {
  const info = shown.facts
    ? factsTable(unit, project, layout, values, shown, money)
    : shortInfoTable(unit, project, layout, values, money);
  return [
    ...titleBlocks(layout, values, newPage),
    info,
    { ...indicatorTable(project, layout, shown), joinPrevious: true },
  ];
}

/** The header block of a table with the Guangzhou fields only, on the indicator table's grid. */
function shortInfoTable(
  unit: UnitData,
  project: ProjectData,
  layout: PerProjectLayout,
  values: PatternValues,
  money: MoneyDisplay,
): Block {
  const { columns: c, labels } = layout;
  const { cell, label } = cellMaker(layout);
  const t = project.totals;
  const rows: Row[] = [
    { cells: [label(labels.project), cell(project.name, 'left', { colSpan: 4 })] },
    { cells: [label(labels.unit), cell(unit.name, 'left', { colSpan: 4 })] },
    {
      cells: [
        label(fillPattern(labels.funds, values), { rowSpan: 2 }),
        label(labels.total),
        label(labels.fiscal),
        label(labels.specialAccount),
        label(labels.other),
      ],
    },
    {
      cells: [t.total, t.fiscal, t.specialAccount, t.other].map((a) =>
        cell(amountText(a, money), 'right'),
      ),
    },
    goalRow(labels.goal, project.goal, 4, layout),
  ];
  const widths = [c.level1, c.level2, c.name, c.cycleValue, c.annualValue].map((col) => col.width);
  return { kind: 'table', widths, header: [], rows, spaceAfter: 0 };
}

/**
 * The header block as the national 申报表 has it: 性质 and 类别, 实施期, 项目资金总额 beside the
 * year's money by source and 上年结转, 总体目标 above 年度目标.
 */
function factsTable(
  unit: UnitData,
  project: ProjectData,
  layout: PerProjectLayout,
  values: PatternValues,
  shown: ShownFields,
  money: MoneyDisplay,
): Block {
  const { labels } = layout;
  const { cell, label } = cellMaker(layout);
  const widths = layout.factColumns;
  const span = widths.length - 1;
  const t = project.totals;
  const rows: Row[] = [
    { cells: [label(labels.project), cell(project.name, 'left', { colSpan: span })] },
    { cells: [label(labels.unit), cell(unit.name, 'left', { colSpan: span })] },
  ];
  if (shown.nature) {
    rows.push({
      cells: [
        label(labels.nature),
        cell(natureText(project, layout), 'left', { colSpan: 2 }),
        label(labels.category),
        cell(project.category.trim(), 'left', { colSpan: span - 3 }),
      ],
    });
  }
  if (shown.period) {
    rows.push({
      cells: [label(labels.period), cell(periodText(project, layout), 'left', { colSpan: span })],
    });
  }
  rows.push(
    {
      cells: [
        label(fillPattern(labels.funds, values), { rowSpan: 3 }),
        label(labels.totalBudget, { rowSpan: 2 }),
        label(labels.annualFunds, { colSpan: 4 }),
        label(labels.carryOver, { rowSpan: 2 }),
      ],
    },
    {
      cells: [labels.total, labels.fiscal, labels.specialAccount, labels.other].map((l) =>
        label(l),
      ),
    },
    {
      cells: [
        project.totalBudget === null ? '' : amountText(project.totalBudget, money),
        amountText(t.total, money),
        amountText(t.fiscal, money),
        amountText(t.specialAccount, money),
        amountText(t.other, money),
        amountText(project.carryOver, money),
      ].map((text) => cell(text, 'right')),
    },
  );
  if (shown.overallGoal) {
    rows.push(
      goalRow(labels.overallGoal, project.overallGoal, span, layout),
      goalRow(labels.annualGoal, project.goal, span, layout),
    );
  } else {
    rows.push(goalRow(labels.goal, project.goal, span, layout));
  }
  return { kind: 'table', widths, header: [], rows, spaceAfter: 0 };
}

function goalRow(name: string, text: string, span: number, layout: PerProjectLayout): Row {
  const { cell, label } = cellMaker(layout);
  return {
    cells: [label(name), cell(text.trim(), 'left', { colSpan: span })],
    continuation: { cell: 0, text: fillPattern(layout.continuation, { 名称: name }) },
  };
}

/** 项目性质: `延续、经常性`, or whichever of the two the project has. */
function natureText(project: ProjectData, layout: PerProjectLayout): string {
  return [project.continuity, project.recurrence]
    .filter((x) => x !== null)
    .join(layout.labels.natureSeparator);
}

/** 实施期: `2025年01月—2027年12月`; a month not given stays empty, none at all prints nothing. */
function periodText(project: ProjectData, layout: PerProjectLayout): string {
  const { start, end } = project.period;
  if (start === null && end === null) return '';
  const month = (ym: YearMonth | null) =>
    ym === null ? '' : fillPattern(layout.labels.month, { 年: ym.slice(0, 4), 月: ym.slice(5, 7) });
  return fillPattern(layout.labels.periodRange, { 起: month(start), 止: month(end) });
}

// ---- the indicator table -----------------------------------------------------------------

/** One column of the indicator table as printed. */
interface GridColumn {
  readonly spec: ColumnSpec;
  readonly width: number;
}

/** The indicator table's columns for one project: which are shown and how wide. */
interface IndicatorGrid {
  readonly columns: readonly GridColumn[];
  readonly split: boolean;
  readonly weight: boolean;
  readonly basis: boolean;
}

function indicatorGrid(
  project: ProjectData,
  layout: PerProjectLayout,
  shown: ShownFields,
): IndicatorGrid {
  const { columns: c, optionalColumns: o } = layout;
  const weight = project.indicators.some((i) => i.weight !== null);
  const basis = project.indicators.some((i) => basisText(i, layout) !== '');
  const split = shown.splitValues;
  const base = [c.level1, c.level2, c.name, c.cycleValue, c.annualValue];
  const baseWidth = base.reduce((w, col) => w + col.width, 0);
  const extra = (weight ? o.weight.width : 0) + (basis ? o.basis.width : 0);
  // The optional columns take their room from the five in proportion, so the table keeps its
  // width and each column its share.
  const scale = (baseWidth - extra) / baseWidth;
  const col = (spec: ColumnSpec, width = spec.width * scale): GridColumn => ({ spec, width });
  const value = (spec: ColumnSpec): GridColumn[] => {
    const width = spec.width * scale;
    if (!split) return [col(spec, width)];
    const rest = width - o.operator.width - o.measureUnit.width;
    return [
      col(o.operator, o.operator.width),
      col(spec, rest),
      col(o.measureUnit, o.measureUnit.width),
    ];
  };
  return {
    columns: [
      col(c.level1),
      col(c.level2),
      col(c.name),
      ...value(c.cycleValue),
      ...value(c.annualValue),
      ...(weight ? [col(o.weight, o.weight.width)] : []),
      ...(basis ? [col(o.basis, o.basis.width)] : []),
    ],
    split,
    weight,
    basis,
  };
}

function indicatorTable(project: ProjectData, layout: PerProjectLayout, shown: ShownFields) {
  const { columns: c, optionalColumns: o } = layout;
  const { cell, label } = cellMaker(layout);
  const grid = indicatorGrid(project, layout, shown);
  const widths = grid.columns.map((col) => col.width);

  const after = [...(grid.weight ? [o.weight] : []), ...(grid.basis ? [o.basis] : [])];
  const header: Row[] = grid.split
    ? [
        {
          cells: [
            ...[c.level1, c.level2, c.name].map((col) => label(col.header, { rowSpan: 2 })),
            label(c.cycleValue.header, { colSpan: 3 }),
            label(c.annualValue.header, { colSpan: 3 }),
            ...after.map((col) => label(col.header, { rowSpan: 2 })),
          ],
        },
        {
          cells: [0, 1].flatMap(() =>
            [o.operator.header, layout.labels.splitValue, o.measureUnit.header].map((h) =>
              label(h),
            ),
          ),
        },
      ]
    : [
        {
          cells: [c.level1, c.level2, c.name, c.cycleValue, c.annualValue, ...after].map((col) =>
            label(col.header),
          ),
        },
      ];

  const valueCells = (v: IndicatorValue, spec: ColumnSpec): Cell[] => {
    if (!grid.split) return [cell(formatValue(v, 'merged').trim(), spec.align)];
    // A sentence reads whole across the three cells.
    if (v.kind === 'sentence') return [cell(v.text.trim(), spec.align, { colSpan: 3 })];
    const parts = formatValue(v, 'split');
    return [
      cell(parts.operator, o.operator.align),
      cell(parts.value, 'center'),
      cell(parts.unit, o.measureUnit.align),
    ];
  };

  const indicators = printedIndicators(project);
  const rows: Row[] = indicators.map((ind, i) => {
    const cells: Cell[] = [];
    const prev = indicators[i - 1];
    // The 一级 and 二级 cells are merged down over the rows of the same category.
    if (!prev || prev.level1.code !== ind.level1.code) {
      const span = countWhile(indicators, i, (x) => x.level1.code === ind.level1.code);
      cells.push(cell(ind.level1.name, c.level1.align, { rowSpan: span }));
    }
    if (!prev || prev.level2.code !== ind.level2.code || prev.level1.code !== ind.level1.code) {
      const span = countWhile(
        indicators,
        i,
        (x) => x.level2.code === ind.level2.code && x.level1.code === ind.level1.code,
      );
      cells.push(cell(ind.level2.name, c.level2.align, { rowSpan: span }));
    }
    // A continued indicator row names its 三级指标 again.
    const continuation = {
      cell: cells.length,
      text: fillPattern(layout.continuation, { 名称: ind.name.trim() }),
    };
    cells.push(
      cell(ind.name.trim(), c.name.align),
      ...valueCells(ind.cycle, c.cycleValue),
      ...valueCells(ind.annual, c.annualValue),
    );
    if (grid.weight) cells.push(cell(ind.weight ?? '', o.weight.align));
    if (grid.basis) cells.push(cell(basisText(ind, layout), o.basis.align));
    return { cells, continuation };
  });
  if (rows.length === 0) {
    // No indicators yet: an empty row to fill in by hand rather than a table with no body.
    rows.push({ cells: widths.map(() => cell('', 'left')) });
  }
  return { kind: 'table' as const, widths, header, rows, spaceAfter: 0 };
}

/** 指标值设定依据: `计划标准：…`, or whichever of the kind and the words the indicator has. */
function basisText(indicator: IndicatorData, layout: PerProjectLayout): string {
  const { kind, text } = indicator.basis;
  return [kind ?? '', text.trim()].filter((x) => x !== '').join(layout.labels.basisSeparator);
}

function countWhile<T>(items: readonly T[], from: number, same: (x: T) => boolean): number {
  let n = 0;
  while (from + n < items.length && same(items[from + n]!)) n++;
  return n;
}
