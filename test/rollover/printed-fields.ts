import { formatValue } from '../../db/shared/indicator-value.ts';
import { printedIndicators } from '../../db/shared/printed-order.ts';
import type { DocumentData, IndicatorData, ProjectData } from '../../db/shared/types.ts';

/**
 * What a print layout puts on paper of a document, field by field, as plain data: the part of
 * a document that reading its PDF back must give exactly. Ids, the tree's own id and what the
 * layout does not print are left out; amounts are 分, values as printed (`＝36期`, the sentence).
 */

export interface PrintedIndicator {
  readonly level1: string;
  readonly level2: string;
  readonly name: string;
  readonly cycle?: string;
  readonly annual?: string;
  readonly weight?: string;
  readonly basis?: string;
}

export interface PrintedProject {
  readonly unit: string;
  readonly name: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly indicators: readonly PrintedIndicator[];
}

export interface Printed {
  readonly department: string;
  readonly year: number;
  readonly money: string;
  readonly projects: readonly PrintedProject[];
}

/** Which layouts the round trip knows how to compare. */
export type PrintedLayoutId = 'per-project' | 'per-row';

export function printedFields(doc: DocumentData, layout: PrintedLayoutId): Printed {
  const projects = doc.units.flatMap((u) => u.projects.map((p) => ({ unit: u.name, p })));
  const any = (has: (p: ProjectData) => boolean) => projects.some(({ p }) => has(p));
  const basis = (i: IndicatorData) =>
    [i.basis.kind ?? '', i.basis.text.trim()].filter((x) => x !== '').join('：');
  const money = `${doc.money.unit}/${doc.money.decimals}`;

  if (layout === 'per-project') {
    // As templates/export/build-per-project.ts decides what the forms show.
    const overallGoal = any((p) => p.overallGoal.trim() !== '');
    const period = any((p) => p.period.start !== null || p.period.end !== null);
    const nature = any(
      (p) => p.continuity !== null || p.recurrence !== null || p.category.trim() !== '',
    );
    const facts =
      overallGoal || period || nature || any((p) => p.totalBudget !== null || p.carryOver !== 0);
    return {
      department: doc.department,
      year: doc.year,
      money,
      projects: projects.map(({ unit, p }) => {
        const weight = p.indicators.some((i) => i.weight !== null);
        const hasBasis = p.indicators.some((i) => basis(i) !== '');
        return {
          unit,
          name: p.name,
          fields: {
            totals: p.totals,
            goal: p.goal.trim(),
            ...(overallGoal ? { overallGoal: p.overallGoal.trim() } : {}),
            ...(period ? { period: p.period } : {}),
            ...(nature
              ? { continuity: p.continuity, recurrence: p.recurrence, category: p.category.trim() }
              : {}),
            ...(facts ? { totalBudget: p.totalBudget, carryOver: p.carryOver } : {}),
          },
          indicators: printedIndicators(p).map((i) => ({
            level1: i.level1.name,
            level2: i.level2.name,
            name: i.name.trim(),
            cycle: formatValue(i.cycle, 'merged').trim(),
            annual: formatValue(i.annual, 'merged').trim(),
            ...(weight ? { weight: i.weight ?? '' } : {}),
            ...(hasBasis ? { basis: basis(i) } : {}),
          })),
        };
      }),
    };
  }
  // per-row (templates/layout/per-row.ts): 单位 | 项目 | 预算数 (| 财政专户拨款 | 其他资金) |
  // 年度目标 | 一级 | 二级 | 三级 (| 实施周期指标值) | 指标性质 | 指标值 | 计量单位 | 权重. The
  // sources printed make 财政拨款 (预算数 less them): all the amounts are on paper.
  const merged = (v: IndicatorData['cycle']) => formatValue(v, 'merged').trim();
  const cycleDiffers = any((p) => p.indicators.some((i) => merged(i.cycle) !== merged(i.annual)));
  return {
    department: doc.department,
    year: doc.year,
    money,
    projects: projects.map(({ unit, p }) => ({
      unit,
      name: p.name,
      fields: { totals: p.totals, goal: p.goal.trim() },
      indicators: printedIndicators(p).map((i) => ({
        level1: i.level1.name,
        level2: i.level2.name,
        name: i.name.trim(),
        ...(cycleDiffers ? { cycle: merged(i.cycle) } : {}),
        // 指标性质 | 指标值 | 计量单位: the structure itself is on paper.
        annual: JSON.stringify({ kind: i.annual.kind, ...formatValue(i.annual, 'split') }),
        weight: i.weight ?? '',
      })),
    })),
  };
}

export interface Fidelity {
  /** Indicators read back with every printed field equal. */
  readonly exact: number;
  readonly total: number;
  /** The first differences, for the report: `project / indicator: field source → read`. */
  readonly misses: readonly string[];
}

/** Indicators of `source` read back exactly in `read` (projects matched in order). */
export function indicatorFidelity(source: Printed, read: Printed): Fidelity {
  let exact = 0;
  let total = 0;
  const misses: string[] = [];
  source.projects.forEach((p, k) => {
    const q = read.projects[k]?.name === p.name ? read.projects[k] : undefined;
    p.indicators.forEach((i, n) => {
      total++;
      const j = q?.indicators[n];
      if (j && JSON.stringify(i) === JSON.stringify(j)) {
        exact++;
        return;
      }
      if (misses.length < 20) {
        const fields = Object.keys(i).filter(
          (f) => j?.[f as keyof PrintedIndicator] !== i[f as keyof PrintedIndicator],
        );
        misses.push(
          `${p.name} / ${i.name}: ${
            j
              ? fields
                  .map(
                    (f) =>
                      `${f} ${JSON.stringify(i[f as keyof PrintedIndicator])} → ${JSON.stringify(j[f as keyof PrintedIndicator])}`,
                  )
                  .join('; ')
              : q
                ? 'missing'
                : 'project missing'
          }`,
        );
      }
    });
  });
  return { exact, total, misses };
}
