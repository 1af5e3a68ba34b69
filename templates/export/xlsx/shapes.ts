/**
 * The shapes of the Excel workbooks the program writes, and their sheets: plain data, so the
 * hosts (menus, file names, the service) can name them without loading the workbook writer.
 */

export type XlsxShape = 'official' | 'rows';

export interface XlsxShapeInfo {
  readonly id: XlsxShape;
  readonly name: string;
  /** The workbook's sheets, in order. */
  readonly sheets: readonly string[];
}

export const SHEETS = {
  official: '项目支出绩效目标表',
  annual: '年度指标',
  cycle: '实施期指标',
  projects: '项目',
  about: '说明',
} as const;

export const XLSX_SHAPES: readonly XlsxShapeInfo[] = [
  { id: 'official', name: '项目支出绩效目标表', sheets: [SHEETS.official, SHEETS.about] },
  {
    id: 'rows',
    name: '绩效指标导入表（每行一个指标）',
    sheets: [SHEETS.annual, SHEETS.cycle, SHEETS.projects, SHEETS.about],
  },
];

export function xlsxShapeInfo(shape: XlsxShape): XlsxShapeInfo {
  return XLSX_SHAPES.find((s) => s.id === shape)!;
}

/**
 * The shape that goes with a print layout: the one-row-per-indicator table's is `rows`, every
 * other layout's (the official table's, and the per-project forms', which have no sheet of their
 * own) `official`.
 */
export function xlsxShapeForLayout(layoutId: string): XlsxShape {
  return layoutId === 'per-row' ? 'rows' : 'official';
}
