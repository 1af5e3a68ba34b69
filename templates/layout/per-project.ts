import type { PerProjectLayout } from './types.ts';
import { SONG_FONTS } from './fonts.ts';

/**
 * The 项目支出绩效目标申报表: one table per project on its own pages, A4 portrait. The project,
 * its unit and its money at the top, its 绩效目标, then one row per indicator with the 一级 and
 * 二级 cells merged over the rows they head.
 */
export const perProject: PerProjectLayout = {
  id: 'per-project',
  kind: 'per-project',
  name: '项目支出绩效目标申报表（每个项目一表）',
  page: {
    size: 'A4',
    orientation: 'portrait',
    margins: { top: 18, right: 18, bottom: 18, left: 18 },
    footerDistance: 9,
  },
  fonts: SONG_FONTS,
  table: {
    cellPadding: { top: 1, right: 1.2, bottom: 1, left: 1.2 },
    borderWidth: 0.5,
    lineHeight: 1.3,
    headerVerticalAlign: 'center',
    bodyVerticalAlign: 'center',
    minSplitLines: 2,
  },
  title: '项目支出绩效目标申报表',
  subtitle: '（{年度}年度）',
  infoLine: { left: '部门名称：{部门名称}', right: '单位：{金额单位}' },
  footer: '第 {页码} 页 共 {总页数} 页',
  continuation: '{名称}（续）',
  spaceAfterTitle: 3,
  spaceAfterInfo: 1.5,
  // 174 mm between the margins.
  columns: {
    level1: { header: '一级指标', width: 28, align: 'center' },
    level2: { header: '二级指标', width: 26, align: 'center' },
    name: { header: '三级指标', width: 36, align: 'left' },
    cycleValue: { header: '实施周期指标值', width: 42, align: 'left' },
    annualValue: { header: '年度指标值', width: 42, align: 'left' },
  },
  labels: {
    project: '项目名称',
    unit: '资金使用单位',
    funds: '项目资金（{金额单位}）',
    total: '总计',
    fiscal: '财政拨款',
    specialAccount: '财政专户拨款',
    other: '其他资金',
    goal: '绩效目标',
  },
};
