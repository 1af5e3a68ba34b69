import path from 'node:path';
import type { Finding } from '../../db/shared/check/index.ts';
import { UserError } from '../../db/shared/errors.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { checkOutputPath, writeFileAtomic } from '../../templates/export/write-file.ts';

/** `check --list`: the 审核清单 written as PDF or Excel, as `export` writes its files. */

const LIST_TYPES = { '.pdf': 'PDF', '.xlsx': 'Excel' } as const;
type ListType = (typeof LIST_TYPES)[keyof typeof LIST_TYPES];

/**
 * The kind of list `file` asks for, by its extension; refused, before anything is done, when it
 * is neither, when it exists (unless `force`) or when its folder does not.
 */
export function checkListPath(file: string, force: boolean): ListType {
  const type = LIST_TYPES[path.extname(file).toLowerCase() as keyof typeof LIST_TYPES];
  if (!type) {
    throw new UserError(`审核清单“${file}”应为 .pdf 或 .xlsx 文件，未导出`);
  }
  checkOutputPath(file, force);
  return type;
}

/** Writes the list whole or not at all; returns the line that says what was written. */
export async function writeReviewList(
  file: string,
  type: ListType,
  doc: DocumentData,
  findings: readonly Finding[],
): Promise<{ done: string; warning?: string }> {
  // pdfkit, exceljs and the fonts' code: loaded by this option only, not by every `check`.
  if (type === 'PDF') {
    const { renderReviewPdf } = await import('../../templates/export/review-list/pdf.ts');
    const pdf = await renderReviewPdf(doc, { findings });
    writeFileAtomic(file, pdf.bytes);
    return {
      done: `已导出审核清单 PDF：${file}（${findings.length} 项，${pdf.pages} 页，字体 ${pdf.font}）`,
      ...(pdf.missingGlyphs.length
        ? {
            warning: `注意：以下字符在可用字体中都没有，PDF 中会显示为方框：${pdf.missingGlyphs.join(' ')}`,
          }
        : {}),
    };
  }
  const { renderReviewXlsx, REVIEW_SHEET } =
    await import('../../templates/export/review-list/xlsx.ts');
  writeFileAtomic(file, await renderReviewXlsx(doc, { findings }));
  return {
    done: `已导出审核清单 Excel：${file}（工作表“${REVIEW_SHEET}”，${findings.length} 项）`,
  };
}
