import type { DocumentData } from '../types.ts';
import { SEVERITIES, SEVERITY_LABEL, type Finding, type Rule, type Severity } from './finding.ts';
import { amountNotEntered } from './rules/amount-not-entered.ts';
import { annualDiffers } from './rules/annual-differs.ts';
import { annualExceedsCycle } from './rules/annual-exceeds-cycle.ts';
import { bareNumberValue } from './rules/bare-number-value.ts';
import { categoryContradictsPrint } from './rules/category-contradicts-print.ts';
import { categoryLabelName } from './rules/category-label-name.ts';
import { duplicateIndicatorName } from './rules/duplicate-indicator-name.ts';
import { emptyGoal } from './rules/empty-goal.ts';
import { emptyName } from './rules/empty-name.ts';
import { emptyValue } from './rules/empty-value.ts';
import { implementationPeriod } from './rules/implementation-period.ts';
import { invalidStoredValue } from './rules/invalid-stored-value.ts';
import { level2Mismatch } from './rules/level2-mismatch.ts';
import { longIndicatorName } from './rules/long-indicator-name.ts';
import { missingBenefit } from './rules/missing-benefit.ts';
import { missingCost } from './rules/missing-cost.ts';
import { missingMeasureUnit } from './rules/missing-measure-unit.ts';
import { missingOutput } from './rules/missing-output.ts';
import { missingSatisfaction } from './rules/missing-satisfaction.ts';
import { nameEqualsValue } from './rules/name-equals-value.ts';
import { moneySource } from './rules/money-source.ts';
import { negativeAmount } from './rules/negative-amount.ts';
import { placeholder } from './rules/placeholder.ts';
import { repeatedText } from './rules/repeated-text.ts';
import { satisfactionOffTopic } from './rules/satisfaction-off-topic.ts';
import { staleYear } from './rules/stale-year.ts';
import { totalBudgetBelowAnnual } from './rules/total-budget-below-annual.ts';
import { unitMismatch } from './rules/unit-mismatch.ts';
import { unmeasurableValue } from './rules/unmeasurable-value.ts';
import { weightTotal } from './rules/weight-total.ts';
import { yearOnYearChange } from './rules/year-on-year-change.ts';
import { zeroTotal } from './rules/zero-total.ts';
import { printedIndicators } from './walk.ts';

export { SEVERITIES, SEVERITY_LABEL, type Finding, type Rule, type Severity } from './finding.ts';

/** Every rule, in the order a reviewer reads a project: structure, text, values, money. */
export const RULES: readonly Rule[] = [
  invalidStoredValue,
  missingOutput,
  missingBenefit,
  missingSatisfaction,
  missingCost,
  categoryContradictsPrint,
  level2Mismatch,
  categoryLabelName,
  emptyName,
  emptyValue,
  emptyGoal,
  implementationPeriod,
  placeholder,
  unmeasurableValue,
  bareNumberValue,
  nameEqualsValue,
  missingMeasureUnit,
  unitMismatch,
  duplicateIndicatorName,
  annualDiffers,
  annualExceedsCycle,
  weightTotal,
  staleYear,
  repeatedText,
  longIndicatorName,
  satisfactionOffTopic,
  negativeAmount,
  moneySource,
  zeroTotal,
  amountNotEntered,
  totalBudgetBelowAnnual,
  yearOnYearChange,
];

/** Fields in the order the editor and the printed row show them. */
const FIELD_ORDER = [
  'name',
  'fiscal',
  'specialAccount',
  'other',
  'goal',
  'cycleValue',
  'annualValue',
];

/**
 * Runs every rule. Findings come in document order (unit, project, printed indicator number),
 * then by severity, then by field and rule, so the list reads like the table.
 */
export function checkDocument(doc: DocumentData, rules: readonly Rule[] = RULES): Finding[] {
  const position = new Map<string, number>();
  doc.units.forEach((unit, u) => {
    position.set(`u${unit.id}`, u);
    unit.projects.forEach((project, p) => {
      position.set(`p${project.id}`, p);
      printedIndicators(project).forEach((indicator, i) => position.set(`i${indicator.id}`, i));
    });
  });
  // Findings about a unit come before its projects, and about a project before its indicators.
  const pos = (prefix: string, id: number | undefined) =>
    id === undefined ? -1 : (position.get(`${prefix}${id}`) ?? Number.MAX_SAFE_INTEGER);
  // Unknown fields sort after the known ones, findings without a field before them.
  const field = (name: string | undefined) => {
    if (name === undefined) return -1;
    const at = FIELD_ORDER.indexOf(name);
    return at < 0 ? FIELD_ORDER.length : at;
  };
  const keyed = rules.flatMap((rule, r) =>
    rule.check(doc).map((f) => ({
      f,
      key: [
        pos('u', f.location.unitId),
        pos('p', f.location.projectId),
        pos('i', f.location.indicatorId),
        SEVERITIES.indexOf(f.severity),
        field(f.location.field),
        r,
      ],
    })),
  );
  keyed.sort((a, b) => {
    for (let k = 0; k < a.key.length; k++) {
      const d = (a.key[k] ?? 0) - (b.key[k] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
  return keyed.map((k) => k.f);
}

function shown(name: string | undefined, fallback: string, max = 20): string {
  const text = (name ?? '').replace(/\s+/gu, ' ').trim();
  if (text === '') return fallback;
  const chars = [...text];
  return chars.length > max ? chars.slice(0, max).join('') + '…' : text;
}

/** One line for the command line: `错误 [missing-output] 区委组织部本级 › 培训经费：…`. */
export function formatFinding(f: Finding): string {
  const path: string[] = [];
  if (f.location.unitId !== undefined) path.push(shown(f.unitName, '（未命名资金使用单位）'));
  if (f.location.projectId !== undefined) path.push(shown(f.projectName, '（未命名项目）'));
  if (f.location.indicatorId !== undefined) {
    const number = f.indicatorIndex === undefined ? '' : `第 ${f.indicatorIndex} 条`;
    path.push(`${number}指标 ${shown(f.indicatorName, '（未命名）')}`);
  }
  const where = path.length ? `${path.join(' › ')}：` : '';
  return `${SEVERITY_LABEL[f.severity]} [${f.ruleId}] ${where}${f.message}`;
}

export type Summary = Record<Severity, number>;

export function summarize(findings: readonly Finding[]): Summary {
  const counts: Summary = { error: 0, warning: 0, hint: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** `错误 1 项，警告 3 项，提示 0 项`, or `未发现问题` when there is nothing. */
export function formatSummary(summary: Summary): string {
  if (SEVERITIES.every((s) => summary[s] === 0)) return '未发现问题';
  return SEVERITIES.map((s) => `${SEVERITY_LABEL[s]} ${summary[s]} 项`).join('，');
}
