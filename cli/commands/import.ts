import path from 'node:path';
import { describeWhere, writeDraft } from '../../db/import/index.ts';
import {
  FORCE_OPTION,
  onePositional,
  OUTPUT_OPTION,
  requiredString,
  type Command,
} from '../command.ts';
import { checkOutputPath } from '../../templates/export/write-file.ts';
import { readTextInput } from '../read-input.ts';

const LABEL = { info: '说明', warning: '请核对' } as const;

export const importCommand: Command = {
  name: 'import',
  synopsis: 'import <文本文件> -o <文档>',
  summary: '从公开的绩效目标表文本（由 PDF 复制）导入为文档',
  options: { ...OUTPUT_OPTION, ...FORCE_OPTION },
  async run(args) {
    const source = onePositional(importCommand, args, '文本文件');
    const target = requiredString(importCommand, args, 'output', '输出文档');
    const force = args.values.force === true;
    checkOutputPath(target, force);
    const started = performance.now();
    const text = readTextInput(source);
    // The parse worker's machinery: loaded by the commands that read sources, not at every start.
    const { parseIsolated } = await import('../../db/import/isolated.ts');
    const { draft, notes } = await parseIsolated({ kind: 'text', text }, `文件“${source}”`);
    writeDraft(draft, target, { overwrite: force });
    const ms = Math.round(performance.now() - started);

    const projects = draft.units.reduce((n, u) => n + u.projects.length, 0);
    const indicators = draft.units.reduce(
      (n, u) => n + u.projects.reduce((m, p) => m + p.indicators.length, 0),
      0,
    );
    console.log(
      `已导入 ${draft.department} ${draft.year} 年：资金使用单位 ${draft.units.length} 个，项目 ${projects} 个，绩效指标 ${indicators} 条（${ms} 毫秒）`,
    );
    console.log(`已写入 ${path.resolve(target)}`);
    if (notes.length > 0) {
      console.log(`\n导入说明（${notes.length} 条）：`);
      for (const n of notes)
        console.log(`  [${LABEL[n.severity]}] ${describeWhere(n)}：${n.message}`);
    }
    return 0;
  },
};
