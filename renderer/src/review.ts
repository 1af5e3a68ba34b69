import { useSyncExternalStore } from 'react';
import type { Finding } from '../../db/shared/check/finding.ts';
import { reviewFindings, type ReviewedFinding } from '../../db/shared/check/review.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { editProject } from './actions.tsx';
import { store } from './store.ts';

/**
 * The findings as the clerk has reviewed them (已核对 and when), for the panel and the field
 * marks. Which finding a mark covers is the host's rule (db/shared/check/review.ts); this only
 * keeps the answer while the document and the findings stay the same objects, so that React can
 * compare it, and keeps each row's object while its finding and mark are unchanged (a row or a
 * field whose finding did not change is not drawn again).
 */

let last: {
  readonly data: DocumentData;
  readonly findings: readonly Finding[];
  readonly reviewed: readonly ReviewedFinding[];
} | null = null;
/** The reviewed object made last for a finding object (findings keep identity across checks). */
const made = new WeakMap<Finding, ReviewedFinding>();

function reviewedNow(): readonly ReviewedFinding[] | null {
  const data = store.doc?.data;
  const findings = store.findings;
  if (!data || !findings) return null;
  if (last && last.data === data && last.findings === findings) return last.reviewed;
  // One reviewed finding per finding, in order (review.ts): a row keeps its object while its
  // finding and its mark are the same.
  const reviewed = reviewFindings(data, findings).map((r, i) => {
    const f = findings[i];
    const kept = f && made.get(f);
    if (kept && kept.checkedOn === r.checkedOn) return kept;
    if (f) made.set(f, r);
    return r;
  });
  // An edit that changed no finding and no mark keeps the list itself: the panel is not redrawn.
  const before = last?.reviewed;
  const same =
    before !== undefined &&
    before.length === reviewed.length &&
    reviewed.every((r, i) => r === before[i]);
  last = { data, findings, reviewed: same ? before : reviewed };
  return last.reviewed;
}

export function useReviewedFindings(): readonly ReviewedFinding[] | null {
  return useSyncExternalStore(store.subscribe, reviewedNow);
}

let lastOpen: {
  readonly from: readonly ReviewedFinding[];
  readonly open: readonly ReviewedFinding[];
} | null = null;

function openNow(): readonly ReviewedFinding[] | null {
  const reviewed = reviewedNow();
  if (!reviewed) return null;
  if (lastOpen?.from === reviewed) return lastOpen.open;
  const open = reviewed.every((f) => f.checkedOn === null)
    ? reviewed
    : reviewed.filter((f) => f.checkedOn === null);
  lastOpen = { from: reviewed, open };
  return open;
}

/** The findings not marked 已核对: the ones that mark fields in the editor. */
export function useOpenFindings(): readonly ReviewedFinding[] | null {
  return useSyncExternalStore(store.subscribe, openNow);
}

/** 已核对 on or off for one finding: one undo step, stored in the document with today's date. */
export async function setFindingChecked(f: Finding, checked: boolean): Promise<boolean> {
  store.flushDrafts();
  const r = await store.edit('setFindingChecked', {
    ruleId: f.ruleId,
    location: f.location,
    checked,
  });
  return r !== undefined;
}

/** 确无服务对象: the clerk declares that the project serves no one (no 满意度指标 is asked). */
export function setNoServiceRecipients(projectId: number, declared: boolean): Promise<void> {
  return editProject(projectId, { noServiceRecipients: declared });
}
