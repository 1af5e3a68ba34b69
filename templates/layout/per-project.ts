import type { FormatStyle } from '../../db/shared/indicator-value.ts';
import type { FieldFormats, FormBlock, FormCell, GridColumn, PerProjectLayout } from './types.ts';
import { SONG_FONTS } from './fonts.ts';

/**
 * The 项目支出绩效目标申报表: one form per project on its own pages, A4 portrait, as the national
 * 申报表 and the real forms of Xiangtan, Chongqing and Ezhou have it
 * (../shared/fixtures/other-regions/). The project, its unit and its money at the top, its goals,
 * then one row per indicator with the 一级 and 二级 cells merged over the rows they head, a row
 * for each category the project has no indicator in, and the signature block.
 *
 * A document with the Guangzhou fields only (name, unit, this year's money, 绩效目标, values as
 * sentences) prints the short header block on the indicator grid's five columns; the national
 * fields add their rows and columns where the document has them.
 */

const label = (text: string, span: Partial<FormCell> = {}): FormCell => ({ label: text, ...span });

/** The header block of a document with the Guangzhou fields only, on the grid's five columns. */
export const SHORT_HEADER: FormBlock = {
  show: { unless: 'nationalFields' },
  widths: [28, 26, 36, 42, 42],
  rows: [
    { cells: [label('项目名称'), { field: 'project', colSpan: 4 }] },
    { cells: [label('资金使用单位'), { field: 'unit', colSpan: 4 }] },
    {
      cells: [
        label('项目资金（{金额单位}）', { rowSpan: 2 }),
        label('总计'),
        label('财政拨款'),
        label('财政专户拨款'),
        label('其他资金'),
      ],
    },
    {
      cells: [
        { field: 'total' },
        { field: 'fiscal' },
        { field: 'specialAccount' },
        { field: 'other' },
      ],
    },
    { cells: [label('绩效目标'), { field: 'goal', colSpan: 4 }] },
  ],
};

/**
 * The national 申报表's header block: 主管部门 beside the 资金使用单位 (实施单位), 性质 and 类别, 实施期,
 * 项目资金总额 beside the year's money by source and 上年结转, 项目总体目标 beside 年度目标. Its
 * columns: the label, then 项目资金总额, the year's 总计, 财政拨款, 财政专户拨款, 其他资金 and 上年结转.
 */
export const NATIONAL_HEADER: FormBlock = {
  show: { when: 'nationalFields' },
  widths: [28, 24, 24, 24, 26, 24, 24],
  rows: [
    { cells: [label('项目名称'), { field: 'project', colSpan: 6 }] },
    {
      cells: [
        label('主管部门'),
        { field: 'department', colSpan: 2 },
        label('资金使用单位'),
        { field: 'unit', colSpan: 3 },
      ],
    },
    {
      show: { when: 'nature' },
      cells: [
        label('项目性质'),
        { field: 'nature', colSpan: 2 },
        label('项目类别'),
        { field: 'category', colSpan: 3 },
      ],
    },
    { show: { when: 'period' }, cells: [label('实施期'), { field: 'period', colSpan: 6 }] },
    {
      cells: [
        label('项目资金（{金额单位}）', { rowSpan: 3 }),
        label('项目资金总额', { rowSpan: 2 }),
        label('年度资金', { colSpan: 4 }),
        label('上年结转', { rowSpan: 2 }),
      ],
    },
    { cells: [label('总计'), label('财政拨款'), label('财政专户拨款'), label('其他资金')] },
    {
      cells: [
        { field: 'totalBudget' },
        { field: 'total' },
        { field: 'fiscal' },
        { field: 'specialAccount' },
        { field: 'other' },
        { field: 'carryOver' },
      ],
    },
    // The goal for the whole period beside this year's, as the national form has them.
    {
      show: { when: 'overallGoal' },
      cells: [
        label('绩效目标', { rowSpan: 2 }),
        label('项目总体目标', { colSpan: 3 }),
        label('年度目标', { colSpan: 3 }),
      ],
    },
    {
      show: { when: 'overallGoal' },
      cells: [
        { field: 'overallGoal', colSpan: 3 },
        { field: 'goal', colSpan: 3 },
      ],
    },
    { show: { unless: 'overallGoal' }, cells: [label('绩效目标'), { field: 'goal', colSpan: 6 }] },
  ],
};

/** 审核意见, then the lines the clerk and the unit's head sign, as the paper forms end. */
export const SIGNATURES: FormBlock = {
  widths: [24, 20, 20, 22, 20, 22, 26, 20],
  rows: [
    {
      cells: [
        label('审核意见'),
        { text: '（盖章）\n年　　月　　日', colSpan: 7, align: 'right', minLines: 4 },
      ],
    },
    {
      cells: [
        label('填表人'),
        { text: '' },
        label('联系电话'),
        { text: '' },
        label('填报日期'),
        { text: '' },
        label('单位负责人签字'),
        { text: '' },
      ],
    },
  ],
};

/**
 * The indicator grid's columns. `merged` prints a structured value in one cell as the national
 * system shows it (`≥95%`); `split` prints 计算符号 | 指标值 | 计量单位 under each value's header,
 * as some provinces' forms do, when the document has structured values (a document of sentences
 * prints them whole either way, in the five columns). 权重, 依据 and 解释 print where the project
 * has them, taking their room from the five in proportion.
 */
export function indicatorColumns(values: FormatStyle): GridColumn[] {
  const value = (field: 'cycleValue' | 'annualValue', header: string): GridColumn[] => {
    const whole: GridColumn = { field, header, width: 42, align: 'left' };
    if (values === 'merged') return [whole];
    const structured = { when: 'structuredValues' } as const;
    return [
      { ...whole, show: { unless: 'structuredValues' } },
      ...(
        [
          ['operator', '计算符号', 9, 'center', true],
          ['value', '指标值', 23, 'center', false],
          ['unit', '计量单位', 10, 'center', true],
        ] as const
      ).map(([part, h, width, align, fixed]): GridColumn => ({
        field,
        part,
        header: h,
        width,
        align,
        fixed,
        group: header,
        show: structured,
      })),
    ];
  };
  return [
    { field: 'level1', header: '一级指标', width: 28, align: 'center', merge: 'level1' },
    { field: 'level2', header: '二级指标', width: 26, align: 'center', merge: 'level2' },
    { field: 'name', header: '三级指标', width: 36, align: 'left' },
    ...value('cycleValue', '实施周期指标值'),
    ...value('annualValue', '年度指标值'),
    {
      field: 'weight',
      header: '权重',
      width: 10,
      align: 'center',
      fixed: true,
      show: { when: 'weight', scope: 'table' },
    },
    {
      field: 'basis',
      header: '指标值设定依据',
      width: 25,
      align: 'left',
      fixed: true,
      show: { when: 'basis', scope: 'table' },
    },
    {
      field: 'explanation',
      header: '指标解释',
      width: 25,
      align: 'left',
      fixed: true,
      show: { when: 'explanation', scope: 'table' },
    },
  ];
}

export const FIELD_FORMATS: FieldFormats = {
  periodRange: '{起}—{止}',
  month: '{年}年{月}月',
  natureSeparator: '、',
  basisSeparator: '：',
};

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
  header: [SHORT_HEADER, NATIONAL_HEADER],
  grid: {
    columns: indicatorColumns('merged'),
    emptyCategories: 'always',
    sentenceInParts: 'across',
  },
  signature: [SIGNATURES],
  formats: FIELD_FORMATS,
};
