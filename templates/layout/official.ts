import type { SummaryLayout } from './types.ts';
import { SONG_FONTS } from './fonts.ts';

/**
 * The published 项目支出绩效目标表 (see ../shared/fixtures/panyu-2024-published.txt): A4
 * landscape, the seven columns of the official table, 宋体 throughout.
 */
export const official: SummaryLayout = {
  id: 'official',
  kind: 'summary',
  name: '项目支出绩效目标表（公开格式）',
  page: {
    size: 'A4',
    orientation: 'landscape',
    margins: { top: 15, right: 15, bottom: 16, left: 15 },
    footerDistance: 8,
  },
  fonts: SONG_FONTS,
  table: {
    cellPadding: { top: 0.8, right: 1.2, bottom: 0.8, left: 1.2 },
    borderWidth: 0.5,
    lineHeight: 1.3,
    headerVerticalAlign: 'center',
    bodyVerticalAlign: 'top',
    minSplitLines: 2,
  },
  // The document's title: the standard `{部门名称} {年度}年项目支出绩效目标表（含转移支付项目）`
  // (db/shared/totals.ts standardTitle) unless the clerk typed another.
  title: '{标题}',
  infoLine: { left: '部门名称：{部门名称}', right: '单位：{金额单位}' },
  footer: '第 {页码} 页 共 {总页数} 页',
  continuation: '{名称}（续）',
  spaceAfterTitle: 4,
  spaceAfterInfo: 1.5,
  // 267 mm between the margins. Headers longer than their cell break where a clerk would (a word
  // is never cut: `资金使用单/位`); the readers join a header's lines again.
  columns: {
    name: { header: '项目名称\n（资金使用单位）', width: 38, align: 'left' },
    total: { header: '总计', width: 21, align: 'right' },
    fiscal: { header: '财政拨款', width: 21, align: 'right' },
    specialAccount: { header: '财政专户\n拨款', width: 21, align: 'right' },
    other: { header: '其他资金', width: 21, align: 'right' },
    goal: { header: '绩效目标', width: 60, align: 'left' },
    indicators: { header: '绩效指标', width: 85, align: 'left' },
  },
  grandTotalLabel: '合计',
  projectIndent: 1,
};
