import type { DocumentData, Location } from '../types.ts';

/**
 * What the checks (审核) report. A finding says what is wrong, where, and what to do, in the
 * clerk's words; it is plain data so the command line, the editor and the printed report can
 * all show it.
 */

export const SEVERITIES = ['error', 'warning', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Whether `a` is worse than `b` (error, then warning, then hint): the order of SEVERITIES. */
export function isWorse(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) < SEVERITIES.indexOf(b);
}

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  error: '错误',
  warning: '警告',
  hint: '提示',
};

/** Where a finding points, both for the program (ids, field) and for a reader (names). */
export interface Place {
  readonly location: Location;
  readonly unitName?: string;
  readonly projectName?: string;
  /** The indicator's number as the printed table shows it (1-based, in category order). */
  readonly indicatorIndex?: number;
  readonly indicatorName?: string;
}

export interface Finding extends Place {
  readonly severity: Severity;
  readonly ruleId: string;
  /** Chinese: what is wrong and what to do about it. */
  readonly message: string;
}

export interface Rule {
  /** Stable, kebab-case English: the key users and settings refer to. */
  readonly id: string;
  /** Chinese, short: what the rule looks for. */
  readonly title: string;
  readonly severity: Severity;
  check(doc: DocumentData): Finding[];
}

export type Report = (place: Place, message: string) => void;

/**
 * Builds a rule whose findings all carry its id and severity, so a rule body only says where
 * and what.
 */
export function defineRule(def: {
  id: string;
  title: string;
  severity: Severity;
  check(doc: DocumentData, report: Report): void;
}): Rule {
  const { id, title, severity } = def;
  return {
    id,
    title,
    severity,
    check(doc) {
      const findings: Finding[] = [];
      def.check(doc, (place, message) =>
        findings.push({ ...place, severity, ruleId: id, message }),
      );
      return findings;
    },
  };
}
