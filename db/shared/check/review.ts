import type { DocumentData, Location, ReviewMark } from '../types.ts';
import { SEVERITIES, SEVERITY_LABEL, type Finding, type Severity } from './finding.ts';

/**
 * 已核对: a clerk who has looked at a finding and decided it stands (a 党费 project that does
 * need no 满意度, a year that is a fund's name) marks it, and the mark is kept in the document
 * with the day. A mark belongs to one finding — its rule and place — and to what the finding said
 * about what was there then (its subject): when the field it points to changes, or the finding
 * says something else, the mark no longer applies and the finding is shown again. Undoing the
 * change brings the mark back, since the subject is the same again.
 */

/** A finding with its review state: the day it was marked 已核对, or null. */
export type ReviewedFinding = Finding & { readonly checkedOn: string | null };

/** One finding's identity: its rule and its place, down to the field. */
export function findingKey(f: { readonly ruleId: string; readonly location: Location }): string {
  const l = f.location;
  return [f.ruleId, l.unitId ?? '', l.projectId ?? '', l.indicatorId ?? '', l.field ?? ''].join(
    '|',
  );
}

/** The unit, project or indicator a location points at, if it exists. */
function entityAt(doc: DocumentData, l: Location): object | undefined {
  if (l.unitId === undefined) return l.projectId === undefined ? doc : undefined;
  const unit = doc.units.find((u) => u.id === l.unitId);
  if (!unit || l.projectId === undefined) return unit;
  const project = unit.projects.find((p) => p.id === l.projectId);
  if (!project || l.indicatorId === undefined) return project;
  return project.indicators.find((i) => i.id === l.indicatorId);
}

/**
 * What a mark is made against: the finding's message (which names what it saw) and the value of
 * the field it points to, as stored. A finding about a whole project (no field) changes with its
 * message only: adding the missing indicator makes it go away instead.
 */
export function findingSubject(doc: DocumentData, f: Finding): string {
  const field = f.location.field;
  let value = '';
  if (field !== undefined) {
    const entity = entityAt(doc, f.location) as Record<string, unknown> | undefined;
    const v = entity?.[field];
    if (v !== undefined) value = JSON.stringify(v);
  }
  return `${f.message}\u0000${value}`;
}

/** Each finding with the day it was marked 已核对, when its mark still applies. */
export function reviewFindings(doc: DocumentData, findings: readonly Finding[]): ReviewedFinding[] {
  if (doc.reviewMarks.length === 0) return findings.map((f) => ({ ...f, checkedOn: null }));
  const marks = new Map<string, ReviewMark>(doc.reviewMarks.map((m) => [findingKey(m), m]));
  return findings.map((f) => {
    const mark = marks.get(findingKey(f));
    const checkedOn = mark && mark.subject === findingSubject(doc, f) ? mark.checkedOn : null;
    return { ...f, checkedOn };
  });
}

/** Findings still to look at, by severity, and how many are 已核对. */
export type ReviewSummary = Record<Severity, number> & { readonly checked: number };

export function reviewSummary(findings: readonly ReviewedFinding[]): ReviewSummary {
  const counts = { error: 0, warning: 0, hint: 0, checked: 0 };
  for (const f of findings) {
    if (f.checkedOn !== null) counts.checked++;
    else counts[f.severity]++;
  }
  return counts;
}

/** `错误 0 项，警告 12 项，提示 3 项；已核对 20 项` (the last part only when there are any). */
export function formatReviewSummary(s: ReviewSummary): string {
  const open = SEVERITIES.every((k) => s[k] === 0)
    ? '未发现待核对的问题'
    : SEVERITIES.map((k) => `${SEVERITY_LABEL[k]} ${s[k]} 项`).join('，');
  return s.checked > 0 ? `${open}；已核对 ${s.checked} 项` : open;
}
