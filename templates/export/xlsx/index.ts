import ExcelJS from 'exceljs';
import type { DocumentData } from '../../../db/shared/types.ts';
import { official } from '../../layout/official.ts';
import { assertPrintable, buildPrintModel } from '../build.ts';
import { PROGRAM_NAME, writeAboutSheet } from './about-sheet.ts';
import { writeDataSheet } from './data-sheet.ts';
import { hasCycleValue, indicatorColumns, indicatorRecords } from './indicator-rows.ts';
import { writePrintSheet } from './print-sheet.ts';
import { projectColumns, projectRecords } from './project-rows.ts';
import { SHEETS, xlsxShapeInfo, type XlsxShape } from './shapes.ts';

export {
  SHEETS,
  XLSX_SHAPES,
  xlsxShapeForLayout,
  xlsxShapeInfo,
  type XlsxShape,
  type XlsxShapeInfo,
} from './shapes.ts';

/**
 * Excel workbooks (.xlsx) of a document, in two shapes:
 * - `official`: the published 项目支出绩效目标表 as it prints (templates/layout/official.ts), from
 *   the same PrintModel as the PDF and the Word file, amounts as numbers;
 * - `rows`: the national 预算管理一体化 system's import shape, one row per indicator.
 * Each ends with a 说明 sheet naming the department, year and money unit.
 */

export async function renderXlsx(doc: DocumentData, shape: XlsxShape): Promise<Uint8Array> {
  assertPrintable(doc);
  const info = xlsxShapeInfo(shape);
  const book = new ExcelJS.Workbook();
  book.creator = PROGRAM_NAME;
  book.lastModifiedBy = PROGRAM_NAME;
  book.title = doc.title;
  book.subject = info.name;
  book.company = doc.department;
  const now = new Date();
  book.created = now;
  book.modified = now;

  if (shape === 'official') {
    writePrintSheet(book.addWorksheet(SHEETS.official), buildPrintModel(doc, official));
    writeAboutSheet(book.addWorksheet(SHEETS.about), doc, info.name, [
      [SHEETS.official, '与 PDF/Word 相同的公开格式；金额为数值，单位见表头“单位”'],
    ]);
  } else {
    const records = indicatorRecords(doc);
    writeDataSheet(
      book.addWorksheet(SHEETS.annual),
      indicatorColumns((i) => i.annual),
      records,
    );
    writeDataSheet(
      book.addWorksheet(SHEETS.cycle),
      indicatorColumns((i) => i.cycle),
      records.filter(hasCycleValue),
    );
    writeDataSheet(book.addWorksheet(SHEETS.projects), projectColumns(doc), projectRecords(doc));
    writeAboutSheet(book.addWorksheet(SHEETS.about), doc, info.name, [
      [SHEETS.annual, '每行一个绩效指标的年度指标值；文字表述的指标值，指标性质为“定性”'],
      [SHEETS.cycle, '有实施周期指标值的指标，每行一个；“序号”与“年度指标”中序号相同的为同一指标'],
      [SHEETS.projects, `每行一个项目；金额单位：${doc.money.unit}；无项目的单位只填单位名称`],
    ]);
  }
  const buffer = await book.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
