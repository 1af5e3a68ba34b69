import type { MoneyDisplay } from '../../db/shared/money.ts';
import type { DocumentData, ProjectData, UnitData } from '../../db/shared/types.ts';
import type { PerProjectLayout } from '../layout/types.ts';
import { amountText, documentValues, fillPattern, type PatternValues } from './cells.ts';
import type { Block, Cell, Row } from './model.ts';
import { printedIndicators } from './notation.ts';

/**
 * The 项目支出绩效目标申报表: for every project, on a new page, its own title, an information
 * table (project, unit, money, 绩效目标) and, joined under it, the indicator table whose header
 * row repeats on every page it continues on.
 */
export function buildPerProjectBlocks(doc: DocumentData, layout: PerProjectLayout): Block[] {
  const values = documentValues(doc);
  const blocks: Block[] = [];
  for (const unit of doc.units) {
    for (const project of unit.projects) {
      blocks.push(...projectBlocks(unit, project, layout, values, blocks.length > 0, doc.money));
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

function projectBlocks(
  unit: UnitData,
  project: ProjectData,
  layout: PerProjectLayout,
  values: PatternValues,
  newPage: boolean,
  money: MoneyDisplay,
): Block[] {
  const { columns: c, labels, table } = layout;
  const widths = [c.level1, c.level2, c.name, c.cycleValue, c.annualValue].map((col) => col.width);
  const cell = (text: string, align: Cell['align'], extra: Partial<Cell> = {}): Cell => ({
    text,
    font: 'body',
    align,
    verticalAlign: table.bodyVerticalAlign,
    ...extra,
  });
  const label = (text: string, extra: Partial<Cell> = {}): Cell =>
    cell(text, 'center', { font: 'header', verticalAlign: 'center', ...extra });
  const t = project.totals;

  const info: Row[] = [
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
    {
      cells: [label(labels.goal), cell(project.goal.trim(), 'left', { colSpan: 4 })],
      continuation: { cell: 0, text: fillPattern(layout.continuation, { 名称: labels.goal }) },
    },
  ];

  const header: Row = {
    cells: [c.level1, c.level2, c.name, c.cycleValue, c.annualValue].map((col) =>
      label(col.header),
    ),
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
      cell(ind.cycleValue.trim(), c.cycleValue.align),
      cell(ind.annualValue.trim(), c.annualValue.align),
    );
    return { cells, continuation };
  });
  if (rows.length === 0) {
    // No indicators yet: an empty row to fill in by hand rather than a table with no body.
    rows.push({ cells: widths.map(() => cell('', 'left')) });
  }

  return [
    ...titleBlocks(layout, values, newPage),
    { kind: 'table', widths, header: [], rows: info, spaceAfter: 0 },
    { kind: 'table', widths, header: [header], rows, joinPrevious: true, spaceAfter: 0 },
  ];
}

function countWhile<T>(items: readonly T[], from: number, same: (x: T) => boolean): number {
  let n = 0;
  while (from + n < items.length && same(items[from + n]!)) n++;
  return n;
}
