import type { Cents } from '../../db/shared/money.ts';
import type { DocumentData, Totals } from '../../db/shared/types.ts';
import type { SummaryLayout } from '../layout/types.ts';
import { amountText, documentValues, fillPattern } from './cells.ts';
import type { Block, Cell, Row } from './model.ts';
import { indicatorCellText } from './notation.ts';

/** The published table: title, 部门名称 line, then 合计, each unit and its projects. */
export function buildSummaryBlocks(doc: DocumentData, layout: SummaryLayout): Block[] {
  const values = documentValues(doc);
  const { columns: c, table } = layout;
  const order = [c.name, c.total, c.fiscal, c.specialAccount, c.other, c.goal, c.indicators];
  const body = (text: string, align = c.goal.align): Cell => ({
    text,
    font: 'body',
    align,
    verticalAlign: table.bodyVerticalAlign,
  });
  const amount = (cents: Cents, align: Cell['align']): Cell => ({
    ...body(amountText(cents, doc.money), align),
    amount: { cents, money: doc.money },
  });
  const amounts = (t: Totals): Cell[] => [
    amount(t.total, c.total.align),
    amount(t.fiscal, c.fiscal.align),
    amount(t.specialAccount, c.specialAccount.align),
    amount(t.other, c.other.align),
  ];
  const continuation = (name: string) => ({
    cell: 0,
    text: fillPattern(layout.continuation, { ...values, 名称: name }),
  });

  const header: Row = {
    cells: order.map((col) => ({
      text: col.header,
      font: 'header',
      align: 'center',
      verticalAlign: table.headerVerticalAlign,
    })),
  };
  const rows: Row[] = [
    {
      cells: [
        body(layout.grandTotalLabel, 'center'),
        ...amounts(doc.totals),
        body('', c.goal.align),
        body('', c.indicators.align),
      ],
    },
  ];
  for (const unit of doc.units) {
    rows.push({
      cells: [
        body(unit.name, c.name.align),
        ...amounts(unit.totals),
        body('', c.goal.align),
        body('', c.indicators.align),
      ],
      continuation: continuation(unit.name),
    });
    for (const project of unit.projects) {
      rows.push({
        cells: [
          { ...body(project.name, c.name.align), indent: layout.projectIndent },
          ...amounts(project.totals),
          body(project.goal.trim(), c.goal.align),
          body(indicatorCellText(project), c.indicators.align),
        ],
        continuation: continuation(project.name),
      });
    }
  }

  return [
    {
      kind: 'paragraph',
      text: fillPattern(layout.title, values),
      font: 'title',
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
    {
      kind: 'table',
      widths: order.map((col) => col.width),
      header: [header],
      rows,
      spaceAfter: 0,
    },
  ];
}
