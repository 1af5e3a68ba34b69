import type { Worksheet } from 'exceljs';
import type { DocumentData } from '../../../db/shared/types.ts';
import { cellText, THIN_BORDERS } from './sheet-style.ts';

/**
 * The 说明 sheet: what a workbook is of, as label/value rows, so that reading it back never
 * guesses the department, the year or the money unit (a data sheet's rows carry none of them,
 * and a title the clerk typed may name no year).
 */

/** The labels of column A, in order; a reader finds each value in column B beside its label. */
export const ABOUT_LABELS = {
  department: '部门名称',
  year: '预算年度',
  title: '标题',
  unit: '金额单位',
  decimals: '金额小数位数',
  tree: '指标体系',
  treeId: '指标体系代码',
  shape: '表格格式',
  program: '导出程序',
} as const;

export const PROGRAM_NAME = '绩效目标表编制器';

export function writeAboutSheet(
  sheet: Worksheet,
  doc: DocumentData,
  shapeName: string,
  notes: readonly (readonly [string, string])[],
): void {
  sheet.columns = [{ width: 16 }, { width: 80 }];
  const rows: [string, string | number][] = [
    ['项目', '内容'],
    [ABOUT_LABELS.department, doc.department],
    [ABOUT_LABELS.year, doc.year],
    [ABOUT_LABELS.title, doc.title],
    [ABOUT_LABELS.unit, doc.money.unit],
    [ABOUT_LABELS.decimals, doc.money.decimals],
    [ABOUT_LABELS.tree, doc.tree.name],
    [ABOUT_LABELS.treeId, doc.tree.id],
    [ABOUT_LABELS.shape, shapeName],
    [ABOUT_LABELS.program, PROGRAM_NAME],
    ...notes.map(([sheetName, note]): [string, string] => [`工作表“${sheetName}”`, note]),
  ];
  rows.forEach(([label, value], i) => {
    const a = sheet.getCell(i + 1, 1);
    const b = sheet.getCell(i + 1, 2);
    a.value = label;
    b.value = typeof value === 'number' ? value : cellText(value, () => `说明“${label}”`);
    for (const cell of [a, b]) {
      cell.font = { name: '宋体', size: 10, ...(i === 0 ? { bold: true } : {}) };
      cell.alignment = { vertical: 'top', wrapText: true };
      cell.border = THIN_BORDERS;
    }
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}
