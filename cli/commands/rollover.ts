import path from 'node:path';
import { UserError } from '../../db/shared/errors.ts';
import { describeWhere } from '../../db/import/index.ts';
import type { ReviewItem } from '../../db/rollover/index.ts';
import { REVIEW_KINDS, type ReviewKind } from '../../db/shared/year-review.ts';
import { checkOutputPath } from '../../templates/export/write-file.ts';
import {
  FORCE_OPTION,
  onePositional,
  OUTPUT_OPTION,
  requiredString,
  type Command,
} from '../command.ts';
import { SOURCE_OPTIONS, unitOption } from './money-option.ts';

const SOURCE_LABEL = {
  document: '上年文档',
  text: '表格文字',
  pdf: '表格 PDF',
  xlsx: 'Excel 工作簿',
  csv: 'CSV 表格',
} as const;
const KIND_TITLE: Readonly<Record<ReviewKind, string>> = {
  'source-year': '提到上年的年份（如指本年度，请改为新年度）',
  'past-year': '往年事项中的年份（考核、结算、比较：请顺延一年，不要改为本年度）',
  'other-year': '提到其他年份（请确认）',
  'kept-year': '名称中的年份（资金、文件、项目的名称，通常不改）',
  vague: '不够明确、难以衡量的指标值（建议趁新表一并改进）',
} as const;

function where(item: ReviewItem): string {
  const parts = [item.unitName, item.projectName].filter(Boolean);
  if (item.indicatorIndex !== undefined)
    parts.push(`第 ${item.indicatorIndex} 条指标 ${item.indicatorName ?? ''}`);
  return parts.join(' › ');
}

export const rolloverCommand: Command = {
  name: 'rollover',
  synopsis: 'rollover <上年文件> --year <年度> -o <新文档> [--keep-amounts] [--unit 万元|元]',
  summary:
    '由上年文件（文档，或表格的 Excel 工作簿、CSV、PDF、文字）新建下一年度的表，并列出需核对之处',
  options: {
    year: { type: 'string', short: 'y' },
    'keep-amounts': { type: 'boolean' },
    ...SOURCE_OPTIONS,
    ...OUTPUT_OPTION,
    ...FORCE_OPTION,
  },
  async run(args) {
    const source = onePositional(rolloverCommand, args, '上年文件');
    const target = requiredString(rolloverCommand, args, 'output', '新文档');
    const force = args.values.force === true;
    const yearText = args.values.year;
    let year: number | undefined;
    if (typeof yearText === 'string') {
      year = Number(yearText);
      if (!/^\d{4}$/.test(yearText))
        throw new UserError(`--year 应为四位年份，例如 2025（收到“${yearText}”）`);
    }
    const unit = unitOption(args);
    checkOutputPath(target, force);
    // Reading the source (a document, text, or a PDF through pdf.js in a worker): loaded here.
    const { rollover: makeNextYear } = await import('../../db/rollover/index.ts');
    const { source: loaded, review } = await makeNextYear(source, target, {
      ...(year === undefined ? {} : { year }),
      keepAmounts: args.values['keep-amounts'] === true,
      overwrite: force,
      ...(unit ? { unit } : {}),
    });
    const projects = loaded.draft.units.reduce((n, u) => n + u.projects.length, 0);
    console.log(
      `已由${SOURCE_LABEL[loaded.kind]}（${loaded.draft.year} 年，${projects} 个项目）新建 ${review.year} 年的表：${path.resolve(target)}`,
    );
    console.log(
      args.values['keep-amounts'] === true
        ? '本年金额已沿用上年金额，请逐项核改；上年金额另行保留以便比较。'
        : '本年金额为空，请逐项填写；上年金额已保留，可在编辑器中对照。',
    );
    for (const n of loaded.notes.filter((x) => x.severity === 'warning')) {
      console.log(`  [请核对] ${describeWhere(n)}：${n.message}`);
    }
    for (const kind of REVIEW_KINDS) {
      const items = review.items.filter((i) => i.kind === kind);
      if (items.length === 0) continue;
      console.log(`\n${KIND_TITLE[kind]}：${items.length} 处`);
      for (const item of items) console.log(`  ${where(item)}：${item.message}`);
    }
    if (review.items.length === 0) console.log('\n没有需要核对的年份或指标值。');
    return 0;
  },
};
