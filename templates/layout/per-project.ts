import type { PerProjectLayout } from './types.ts';
import { SONG_FONTS } from './fonts.ts';

/**
 * The 项目支出绩效目标申报表: one table per project on its own pages, A4 portrait. The project,
 * its unit and its money at the top, its 绩效目标, then one row per indicator with the 一级 and
 * 二级 cells merged over the rows they head. When the document has them, the header block adds
 * what the national 申报表 shows (性质, 类别, 实施期, 项目资金总额 beside the year's money,
 * 上年结转, 总体目标 above 年度目标), as the real forms of Xiangtan, Chongqing and Ezhou do
 * (../shared/fixtures/other-regions/), and the indicator rows add 权重 and 指标值设定依据.
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
  // Merged, as the national system shows a value: the portrait page has no room for six value
  // cells beside the names. A layout for the split forms of some provinces says 'split'.
  indicatorValues: 'merged',
  optionalColumns: {
    operator: { header: '计算符号', width: 9, align: 'center' },
    measureUnit: { header: '计量单位', width: 10, align: 'center' },
    weight: { header: '权重', width: 10, align: 'center' },
    basis: { header: '指标值设定依据', width: 25, align: 'left' },
  },
  factColumns: [28, 24, 24, 24, 26, 24, 24],
  labels: {
    project: '项目名称',
    unit: '资金使用单位',
    funds: '项目资金（{金额单位}）',
    total: '总计',
    fiscal: '财政拨款',
    specialAccount: '财政专户拨款',
    other: '其他资金',
    goal: '绩效目标',
    overallGoal: '项目总体目标',
    annualGoal: '年度目标',
    period: '实施期',
    periodRange: '{起}—{止}',
    month: '{年}年{月}月',
    nature: '项目性质',
    natureSeparator: '、',
    category: '项目类别',
    totalBudget: '项目资金总额',
    annualFunds: '年度资金',
    carryOver: '上年结转',
    splitValue: '指标值',
    basisSeparator: '：',
  },
};
