import { defineRule } from '../finding.ts';
import { compact, isBlank, isPlaceholder, quote } from '../text.ts';
import { OPTIONAL_TEXT, visitTexts } from '../walk.ts';

/** A run of template marks inside real text (举办XX期培训); Latin words are left alone. */
const EMBEDDED = /(?<![A-Za-z])(?:[xXｘＸ]{2,}|×{2,}|○{2,}|□{2,}|＊{2,}|\*{2,})(?![A-Za-z])/u;

/**
 * An 错误: a table with “XX期” or a value of “—” was never finished, and is returned for
 * certain. Optional texts (项目总体目标, 指标解释) may say “无”; Latin words (APP, XXL) are
 * not marks. None on the real tables.
 */
export const placeholder = defineRule({
  id: 'placeholder',
  title: '占位符',
  severity: 'error',
  check(doc, report) {
    for (const { kind, label, text, place } of visitTexts(doc)) {
      if (isBlank(text)) continue; // empty-name, empty-value and empty-goal report these
      const bare = compact(text);
      if (isPlaceholder(bare) && !OPTIONAL_TEXT.has(kind)) {
        report(place, `${label}只有占位符${quote(bare)}。请填写实际内容。`);
        continue;
      }
      const mark = EMBEDDED.exec(bare);
      if (mark) {
        report(
          place,
          `${label}${quote(text)}中有未填写的占位符“${mark[0]}”。请换成实际的数字或内容。`,
        );
      }
    }
  },
});
