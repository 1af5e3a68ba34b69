import { printedIndicators } from '../../db/shared/printed-order.ts';
import type { IndicatorData, ProjectData } from '../../db/shared/types.ts';

/**
 * The 绩效指标 cell of the published table, built in this one place for both exporters:
 * `{n}、{一级代码}-{一级名称}；{二级代码}-{二级名称}；{三级指标}；实施周期指标值:{值}；年度指标值:{值}。`
 */

export { printedIndicators };

/** One indicator, numbered `n` (from 1 in each project). */
export function indicatorNotation(indicator: IndicatorData, n: number): string {
  const { level1, level2 } = indicator;
  const annual = indicator.annualValue.trim();
  // A value that already ends a sentence gets no second 。.
  const end = annual.endsWith('。') ? '' : '。';
  return (
    `${n}、${level1.code}-${level1.name}；${level2.code}-${level2.name}；${indicator.name.trim()}；` +
    `实施周期指标值:${indicator.cycleValue.trim()}；年度指标值:${annual}${end}`
  );
}

/** The whole 绩效指标 cell of a project: its indicators in printed order, run together. */
export function indicatorCellText(project: ProjectData): string {
  return printedIndicators(project)
    .map((indicator, i) => indicatorNotation(indicator, i + 1))
    .join('');
}
