import { SONG_FONTS } from '../../layout/fonts.ts';
import { official } from '../../layout/official.ts';
import type { Align, TableStyle } from '../../layout/types.ts';
import type { Cell, PrintModel, Row } from '../model.ts';
import { REVIEW_COLUMNS, type ReviewList, type ReviewRow } from './list.ts';

/**
 * The 审核清单 as a PrintModel, so that the exporters of the printed table put it on paper as
 * they put the table: A4 landscape in the official table's margins, 宋体, whole texts wrapped,
 * the header row on every page, `第 N 页 共 M 页` (PDF), or one sheet fitted to the page's width
 * with the header frozen and repeated (XLSX).
 */

/**
 * Column widths, mm: the official table's 267 mm between the margins. 序号 holds three digits,
 * 严重程度 its four characters, 状态 `已核对 2025-03-14` on one line; 问题, whose messages are
 * the longest text, gets what is left after the names.
 */
const WIDTHS: Readonly<Record<(typeof REVIEW_COLUMNS)[number], number>> = {
  序号: 10,
  严重程度: 16,
  资金使用单位: 32,
  项目: 42,
  指标: 40,
  问题: 98,
  状态: 29,
};

/** The widths, mm, in the order of REVIEW_COLUMNS. */
export const REVIEW_COLUMN_WIDTHS: readonly number[] = REVIEW_COLUMNS.map((c) => WIDTHS[c]);

/**
 * The official table's style, but a finding's row is printed whole on one page unless it is
 * taller than 11 lines (a reviewer reads a finding at a glance; only a very long one splits, with
 * 6 lines at least on each side).
 */
const TABLE: TableStyle = { ...official.table, minSplitLines: 6 };

const ALIGN: readonly Align[] = ['center', 'center', 'left', 'left', 'left', 'left', 'center'];

function headerCell(text: string): Cell {
  return { text, font: 'header', align: 'center', verticalAlign: 'center' };
}

function rowOf(r: ReviewRow): Row {
  const texts = [
    String(r.number),
    r.severityLabel,
    r.unit,
    r.project,
    r.indicator,
    r.message,
    r.state,
  ];
  return {
    cells: texts.map((text, i) => ({
      text,
      font: 'body',
      align: ALIGN[i]!,
      verticalAlign: 'top',
    })),
    // A message going on over a page break says whose it is.
    continuation: { cell: 0, text: `${r.number}（续）` },
  };
}

export function reviewPrintModel(list: ReviewList, department: string): PrintModel {
  return {
    page: official.page,
    fonts: SONG_FONTS,
    table: TABLE,
    footer: official.footer,
    meta: { title: list.title, author: department, subject: '审核清单' },
    blocks: [
      { kind: 'paragraph', text: list.title, font: 'title', align: 'center', spaceAfter: 3 },
      {
        kind: 'info-line',
        left: `审核结果：${list.summary}`,
        right: `制表日期：${list.madeOn}`,
        font: 'info',
        spaceAfter: 1.5,
      },
      {
        kind: 'table',
        widths: REVIEW_COLUMN_WIDTHS,
        header: [{ cells: REVIEW_COLUMNS.map(headerCell) }],
        rows: list.rows.length
          ? list.rows.map(rowOf)
          : [{ cells: [{ ...headerCell('未发现问题'), font: 'body', colSpan: 7 }] }],
        spaceAfter: 0,
      },
    ],
  };
}
