import { TargetDocument } from '../../db/document.ts';
import { assertPrintable } from '../../templates/export/build.ts';
import { layoutForExport, rememberedLayout, unknownLayoutNote } from '../../db/print-layout.ts';
import { LAYOUTS, layoutById } from '../../templates/layout/index.ts';
import { FORCE_OPTION, onePositional, type Command } from '../command.ts';

export const exportCommand: Command = {
  name: 'export',
  synopsis: 'export <文档> --pdf <文件> --docx <文件> [--layout 格式]',
  summary: `打印为 PDF 和/或 Word；格式：${LAYOUTS.map((l) => l.id).join('、')}，不指定时用文档记住的格式（未选过：${LAYOUTS[0]!.id}）`,
  options: {
    pdf: { type: 'string' },
    docx: { type: 'string' },
    layout: { type: 'string', short: 'l' },
    ...FORCE_OPTION,
  },
  async run(args) {
    const file = onePositional(exportCommand, args, '文档路径');
    const { pdf, docx, layout, force } = args.values;
    // Checked before the document is opened: a mistyped --layout is told at once.
    const asked = typeof layout === 'string' ? layoutById(layout).id : undefined;
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
    // Refused before any file is touched when the document holds a value it could not read.
    assertPrintable(data);
    // pdfkit, docx and the fonts' code: loaded by this command only, not by every `jxmb` start.
    const { exportDocument } = await import('../../templates/export/index.ts');
    const report = await exportDocument(data, {
      layout: chosen,
      pdf: typeof pdf === 'string' ? pdf : undefined,
      docx: typeof docx === 'string' ? docx : undefined,
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
    return 0;
  },
};
