import { TargetDocument } from '../../db/document.ts';
import { assertPrintable } from '../../templates/export/build.ts';
import { layoutForExport, rememberedLayout, unknownLayoutNote } from '../../db/print-layout.ts';
import { UserError } from '../../db/shared/errors.ts';
import {
  XLSX_SHAPES,
  xlsxShapeForLayout,
  xlsxShapeInfo,
} from '../../templates/export/xlsx/shapes.ts';
import { LAYOUTS, layoutById } from '../../templates/layout/index.ts';
import { FORCE_OPTION, onePositional, type Command } from '../command.ts';

/** `--layout rows`: the one-row-per-indicator layout, as the workbook's shape is called. */
const LAYOUT_ALIASES: Readonly<Record<string, string>> = { rows: 'per-row' };

/** The layouts a workbook can be written in: those with an Excel shape of their own. */
const WORKBOOK_LAYOUTS = ['official', 'per-row'];

export const exportCommand: Command = {
  name: 'export',
  synopsis: 'export <文档> --pdf <文件> --docx <文件> --xlsx <文件> [--layout 格式]',
  summary: `打印为 PDF、Word 和/或 Excel；格式：${LAYOUTS.map((l) => l.id).join('、')}（rows 同 per-row），不指定时用文档记住的格式（未选过：${LAYOUTS[0]!.id}）；Excel 按 official 写公开格式的表，按 per-row 写每行一个指标的导入表`,
  options: {
    pdf: { type: 'string' },
    docx: { type: 'string' },
    xlsx: { type: 'string' },
    layout: { type: 'string', short: 'l' },
    ...FORCE_OPTION,
  },
  async run(args) {
    const file = onePositional(exportCommand, args, '文档路径');
    const { pdf, docx, xlsx, layout, force } = args.values;
    // Checked before the document is opened: a mistyped --layout is told at once.
    const asked =
      typeof layout === 'string' ? layoutById(LAYOUT_ALIASES[layout] ?? layout).id : undefined;
    if (typeof xlsx === 'string' && asked !== undefined && !WORKBOOK_LAYOUTS.includes(asked)) {
      const shapes = XLSX_SHAPES.map((s) => `${s.id}（${s.name}）`).join('、');
      throw new UserError(
        `格式“${layout as string}”（${layoutById(asked).name}）没有 Excel 版本，未导出；Excel 可按 ${shapes} 导出，请用 --layout 指定其一`,
      );
    }
    // Only read: --layout is for this export, the document's remembered layout stays as it is.
    const doc = TargetDocument.open(file, { readonly: true });
    let data;
    try {
      data = doc.snapshot();
    } finally {
      doc.close();
    }
    const remembered = rememberedLayout(data.printLayout);
    if (asked === undefined && remembered.unknown !== undefined) {
      console.warn(`注意：${unknownLayoutNote(remembered.unknown)}`);
    }
    const chosen = layoutForExport(asked, data.printLayout);
    if (typeof xlsx === 'string' && !WORKBOOK_LAYOUTS.includes(chosen.id)) {
      console.warn(
        `注意：文档记住的格式“${chosen.name}”没有 Excel 版本，Excel 按“${xlsxShapeInfo('official').name}”导出`,
      );
    }
    // Refused before any file is touched when the document holds a value it could not read.
    assertPrintable(data);
    // pdfkit, docx and the fonts' code: loaded by this command only, not by every `jxmb` start.
    const { exportDocument } = await import('../../templates/export/index.ts');
    const report = await exportDocument(data, {
      layout: chosen,
      pdf: typeof pdf === 'string' ? pdf : undefined,
      docx: typeof docx === 'string' ? docx : undefined,
      xlsx: typeof xlsx === 'string' ? xlsx : undefined,
      xlsxShape: xlsxShapeForLayout(chosen.id),
      force: force === true,
    });
    if (report.pdf) {
      console.log(
        `已导出 PDF：${report.pdf.path}（${chosen.name}，${report.pdf.pages} 页，字体 ${report.pdf.font}）`,
      );
      if (report.pdf.missingGlyphs.length) {
        console.warn(
          `注意：以下字符在可用字体中都没有，PDF 中会显示为方框：${report.pdf.missingGlyphs.join(' ')}`,
        );
      }
    }
    if (report.docx) console.log(`已导出 Word：${report.docx.path}（${chosen.name}）`);
    if (report.xlsx) {
      const { path: out, shape, sheets } = report.xlsx;
      console.log(`已导出 Excel：${out}（${xlsxShapeInfo(shape).name}，${sheets} 个工作表）`);
    }
    return 0;
  },
};
