import {
  checkDocument,
  formatFinding,
  formatSummary,
  summarize,
} from '../../db/shared/check/index.ts';
import {
  formatReviewSummary,
  reviewFindings,
  reviewSummary,
} from '../../db/shared/check/review.ts';
import { TargetDocument } from '../../db/document.ts';
import { UserError } from '../../db/shared/errors.ts';
import { FORCE_OPTION, onePositional, type Command } from '../command.ts';
import { checkListPath, writeReviewList } from './check-list.ts';

export const check: Command = {
  name: 'check',
  synopsis: 'check <文档> [--json] [--list <文件.pdf|文件.xlsx> [--force]]',
  summary:
    '审核文档；有“错误”时退出码为 1；--list 另把审核清单（每条问题一行，含核对状态）写成 PDF 或 Excel',
  options: { json: { type: 'boolean' }, list: { type: 'string' }, ...FORCE_OPTION },
  async run(args) {
    const file = onePositional(check, args, '文档路径');
    const { json, list, force } = args.values;
    if (force === true && typeof list !== 'string') {
      throw new UserError(
        `--force 只用于 --list（覆盖已有的审核清单）。用法：jxmb ${check.synopsis}`,
      );
    }
    // Refused before the document is opened: a list that would not be written is told at once.
    const listType = typeof list === 'string' ? checkListPath(list, force === true) : undefined;
    const doc = TargetDocument.open(file, { readonly: true });
    let data;
    try {
      data = doc.snapshot();
    } finally {
      doc.close();
    }
    const findings = checkDocument(data);
    const summary = summarize(findings);
    const reviewed = reviewFindings(data, findings);
    const review = reviewSummary(reviewed);
    if (json === true) {
      process.stdout.write(`${JSON.stringify({ summary, review, findings: reviewed }, null, 2)}\n`);
    } else {
      for (const f of reviewed) {
        console.log(
          f.checkedOn === null ? formatFinding(f) : `${formatFinding(f)}（已核对 ${f.checkedOn}）`,
        );
      }
      const text = review.checked === 0 ? formatSummary(summary) : formatReviewSummary(review);
      console.log(`\n审核结果：${text}`);
    }
    if (typeof list === 'string' && listType) {
      const written = await writeReviewList(list, listType, data, findings);
      // With --json, stdout is the JSON alone.
      (json === true ? console.warn : console.log)(written.done);
      if (written.warning) console.warn(written.warning);
    }
    // An error the clerk marked 已核对 has been decided on: only open errors fail the check.
    return review.error > 0 ? 1 : 0;
  },
};
