import path from 'node:path';
import { describeWhere, writeDraft } from '../../db/import/index.ts';
import { readSourceFile } from '../../db/import/source-file.ts';
import { parseJobFor } from '../../db/import/source-format.ts';
import {
  FORCE_OPTION,
  onePositional,
  OUTPUT_OPTION,
  requiredString,
  type Command,
} from '../command.ts';
import { checkOutputPath } from '../../templates/export/write-file.ts';
import { SOURCE_OPTIONS, unitOption, yearOption } from './money-option.ts';

const LABEL = { info: '说明', warning: '请核对' } as const;

export const importCommand: Command = {
  name: 'import',
  synopsis: 'import <表格文件> -o <文档> [--unit 万元|元] [--year 年度]',
  summary:
    '导入绩效目标表（广州市公开格式、逐项目申报表/审批表、每行一个指标的汇总表；Excel 工作簿 .xlsx、CSV、PDF 或文本）为文档',
  options: {
    ...OUTPUT_OPTION,
    ...FORCE_OPTION,
    ...SOURCE_OPTIONS,
    year: { type: 'string', short: 'y' },
  },
  async run(args) {
    const source = onePositional(importCommand, args, '表格文件');
    const target = requiredString(importCommand, args, 'output', '输出文档');
    const force = args.values.force === true;
    const unit = unitOption(args);
    const year = yearOption(args);
    checkOutputPath(target, force);
    const started = performance.now();
    const bytes = readSourceFile(source, '文件');
    const options = { ...(unit ? { unit } : {}), ...(year ? { year } : {}) };
    // The parse worker's machinery: loaded by the commands that read sources, not at every start.
    const { parseIsolated } = await import('../../db/import/isolated.ts');
    const { draft, notes } = await parseIsolated(
      parseJobFor(bytes, source, '文件', options),
      `文件“${source}”`,
    );
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
