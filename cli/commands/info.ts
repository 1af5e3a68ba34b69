import { TargetDocument } from '../../db/document.ts';
import { formatAmountGrouped, type Cents } from '../../db/shared/money.ts';
import { rememberedLayout, unknownLayoutNote } from '../../db/print-layout.ts';
import { onePositional, warnDefects, type Command } from '../command.ts';

export const info: Command = {
  name: 'info',
  synopsis: 'info <文档>',
  summary: '显示文档摘要',
  options: {},
  run(args) {
    const file = onePositional(info, args, '文档路径');
    const doc = TargetDocument.open(file, { readonly: true });
    try {
      const d = doc.snapshot();
      const amount = (c: Cents) => formatAmountGrouped(c, d.money);
      const projects = d.units.reduce((n, u) => n + u.projects.length, 0);
      const indicators = d.units.reduce(
        (n, u) => n + u.projects.reduce((m, p) => m + p.indicators.length, 0),
        0,
      );
      console.log(`${d.title}
部门名称：${d.department}
预算年度：${d.year}
指标体系：${d.tree.name}
打印格式：${layoutLine(d.printLayout)}
资金使用单位 ${d.units.length} 个，项目 ${projects} 个，绩效指标 ${indicators} 条
合计（${d.money.unit}）：总计 ${amount(d.totals.total)}，财政拨款 ${amount(d.totals.fiscal)}，财政专户拨款 ${amount(d.totals.specialAccount)}，其他资金 ${amount(d.totals.other)}`);
      warnDefects(d);
      return 0;
    } finally {
      doc.close();
    }
  },
};

/** The layout `export` uses without --layout, and why, when the file names one not shipped. */
function layoutLine(stored: string | null): string {
  const { layout, unknown } = rememberedLayout(stored);
  return unknown === undefined ? layout.name : `${layout.name}（${unknownLayoutNote(unknown)}）`;
}
