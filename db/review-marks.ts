import type { TargetDocument } from './document.ts';
import { checkDocument } from './shared/check/index.ts';
import { findingKey, findingSubject } from './shared/check/review.ts';
import { UserError } from './shared/errors.ts';
import type { Location } from './shared/types.ts';

/**
 * 已核对 from the UI names a finding by its rule and place only: which finding that is, and what
 * it says now (the subject the mark is made against), is established here by running the checks
 * on the document as it is, so a page can never mark something the checks did not report.
 */
export function setFindingChecked(
  doc: TargetDocument,
  p: { readonly ruleId: string; readonly location: Location; readonly checked: boolean },
  today: string = localDate(new Date()),
): void {
  const data = doc.snapshot();
  const key = findingKey(p);
  if (!p.checked) {
    if (!data.reviewMarks.some((m) => findingKey(m) === key)) return;
    doc.setReviewMark(
      { ruleId: p.ruleId, location: p.location, subject: '', checkedOn: today },
      false,
    );
    return;
  }
  const finding = checkDocument(data).find((f) => findingKey(f) === key);
  if (!finding) throw new UserError('该审核意见已不存在（相关内容可能已修改），请重新审核');
  doc.setReviewMark(
    {
      ruleId: finding.ruleId,
      location: finding.location,
      subject: findingSubject(data, finding),
      checkedOn: today,
    },
    true,
  );
}

/** The day on this computer's calendar, `YYYY-MM-DD` (the date a clerk writes on a form). */
export function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
