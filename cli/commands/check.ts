import {
  checkDocument,
  formatFinding,
  formatSummary,
  summarize,
} from '../../db/shared/check/index.ts';
import { TargetDocument } from '../../db/document.ts';
import { onePositional, type Command } from '../command.ts';

export const check: Command = {
  name: 'check',
  synopsis: 'check <文档> [--json]',
  summary: '审核文档；有“错误”时退出码为 1',
  options: { json: { type: 'boolean' } },
  run(args) {
    const file = onePositional(check, args, '文档路径');
    const doc = TargetDocument.open(file, { readonly: true });
    let findings;
    try {
      findings = checkDocument(doc.snapshot());
    } finally {
      doc.close();
    }
    const summary = summarize(findings);
    if (args.values.json === true) {
      process.stdout.write(`${JSON.stringify({ summary, findings }, null, 2)}\n`);
    } else {
      for (const f of findings) console.log(formatFinding(f));
      console.log(`\n审核结果：${formatSummary(summary)}`);
    }
    return summary.error > 0 ? 1 : 0;
  },
};
