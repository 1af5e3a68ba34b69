import type { PerRowLayout } from './types.ts';
import { SONG_FONTS } from './fonts.ts';
import { FIELD_FORMATS } from './per-project.ts';

/**
 * 项目支出绩效指标汇总表: the whole department in one table, one row per indicator, A4 landscape,
 * as finance bureaus collect targets in a sheet. A project's cells (单位, 项目, 预算数, 年度目标)
 * are merged down over its rows, the 一级 and 二级 names over theirs within the project.
 *
 * What it prints, for the readers of this layout (they key on these header texts; `\n` is where
 * a header breaks in its cell, a reader joins the lines):
 * - title `{标题}` (the document's title), then `部门名称：{部门名称}` left, `单位：{金额单位}` right;
 *   footer `第 N 页 共 M 页`; the header row repeats on every page;
 * - one header row with always these eleven columns:
 *   `单位` | `项目` | `预算数` | `年度目标` | `一级指标` | `二级指标` | `三级指标` | `指标\n性质` |
 *   `指标值` | `计量\n单位` | `权重`;
 * - and, only when the document needs them, at these places:
 *   `财政专户\n拨款` right after 预算数 when some project has 财政专户拨款, then `其他\n资金` when
 *   some project has 其他资金 (财政拨款 is never printed: it is 预算数 less these two);
 *   `实施周期\n指标值` right after 三级指标 when some indicator's 年度指标值 differs from its
 *   实施周期指标值: then every indicator row gives its 实施周期指标值 whole (`≥95%`, a grade or the
 *   sentence), and 指标性质 / 指标值 / 计量单位 are always the 年度指标值;
 * - per row: 单位 = the 资金使用单位's name; 项目 = the project's name; 预算数 = its 总计 and the
 *   sources their amounts, in the document's unit and decimals with thousands separators
 *   (`1,234.50`), a zero as an empty cell, as in the official table; 年度目标 = its 绩效目标;
 *   these (and the source columns) are merged over the project's rows. 一级指标 and 二级指标 =
 *   the category names (`产出指标`, `数量指标`), merged over the rows of one category within the
 *   project; 三级指标 = the indicator's name; 指标性质 = the 年度指标值's 计算符号 (≥ ＞ ＝ ＜ ≤, or
 *   定性 with the grade in 指标值), 指标值 = its number, 计量单位 = its unit; a sentence value goes
 *   whole in 指标值 with 指标性质 and 计量单位 empty; 权重 as typed (`30`, `12.5`);
 * - a project with no indicator: one row, its own cells filled, the indicator cells empty;
 * - rows in the document's order: units, their projects, indicators by the tree's categories (the
 *   clerk's order within one); no row for a category without indicators, no 合计 or unit rows;
 *   a unit without projects does not appear;
 * - a project's rows stay on one page when they fit on one (a taller project goes on over the
 *   page break);
 * - a row split across pages shows `{三级指标}（续）` in the 三级指标 cell of its continued part;
 * - a merged cell going on over a page break repeats its text at the top of the next page where
 *   it fits (our PDF), or leaves it empty there (Word, LibreOffice): so a row whose 项目 is empty,
 *   or whose 单位 and 项目 are those of the row above, belongs to the same project, and its
 *   amounts are not counted again.
 */
export const perRow: PerRowLayout = {
  id: 'per-row',
  kind: 'per-row',
  name: '项目支出绩效指标汇总表（每行一个指标）',
  page: {
    size: 'A4',
    orientation: 'landscape',
    margins: { top: 15, right: 15, bottom: 16, left: 15 },
    footerDistance: 8,
  },
  // Up to fifteen columns on the page's width: the table's text one size smaller (六号 is too
  // small to sign off), the title as the official table's.
  fonts: {
    ...SONG_FONTS,
    header: { ...SONG_FONTS.header, size: 8 },
    body: { ...SONG_FONTS.body, size: 8 },
  },
  table: {
    cellPadding: { top: 0.8, right: 1, bottom: 0.8, left: 1 },
    borderWidth: 0.5,
    lineHeight: 1.3,
    headerVerticalAlign: 'center',
    bodyVerticalAlign: 'center',
    minSplitLines: 2,
  },
  title: '{标题}',
  infoLine: { left: '部门名称：{部门名称}', right: '单位：{金额单位}' },
  footer: '第 {页码} 页 共 {总页数} 页',
  continuation: '{名称}（续）',
  spaceAfterTitle: 4,
  spaceAfterInfo: 1.5,
  // 267 mm between the margins. Short columns keep their width (a header, a category name or an
  // amount of 万元 on one line); 项目, 年度目标, 三级指标 and the values share the rest.
  grid: {
    columns: [
      { field: 'unit', header: '单位', width: 16, align: 'left', fixed: true, merge: 'project' },
      { field: 'project', header: '项目', width: 26, align: 'left', merge: 'project' },
      {
        field: 'total',
        header: '预算数',
        width: 18,
        align: 'right',
        fixed: true,
        merge: 'project',
      },
      {
        field: 'specialAccount',
        header: '财政专户\n拨款',
        width: 18,
        align: 'right',
        fixed: true,
        merge: 'project',
        show: { when: 'specialAccountMoney' },
      },
      {
        field: 'other',
        header: '其他\n资金',
        width: 18,
        align: 'right',
        fixed: true,
        merge: 'project',
        show: { when: 'otherMoney' },
      },
      { field: 'goal', header: '年度目标', width: 50, align: 'left', merge: 'project' },
      {
        field: 'level1',
        header: '一级指标',
        width: 17,
        align: 'center',
        fixed: true,
        merge: 'level1',
      },
      {
        field: 'level2',
        header: '二级指标',
        width: 22,
        align: 'center',
        fixed: true,
        merge: 'level2',
      },
      { field: 'name', header: '三级指标', width: 36, align: 'left' },
      {
        field: 'cycleValue',
        header: '实施周期\n指标值',
        width: 51,
        align: 'left',
        show: { when: 'cycleDiffers' },
      },
      {
        field: 'annualValue',
        part: 'operator',
        header: '指标\n性质',
        width: 11,
        align: 'center',
        fixed: true,
      },
      { field: 'annualValue', part: 'value', header: '指标值', width: 51, align: 'left' },
      {
        field: 'annualValue',
        part: 'unit',
        header: '计量\n单位',
        width: 11,
        align: 'center',
        fixed: true,
      },
      { field: 'weight', header: '权重', width: 9, align: 'center', fixed: true },
    ],
    emptyCategories: 'never',
    sentenceInParts: 'value',
    keepTogether: 'project',
  },
  formats: FIELD_FORMATS,
};
