import {
  checkDocument,
  SEVERITY_LABEL,
  type Finding,
  type Severity,
} from '../../../db/shared/check/index.ts';
import {
  formatReviewSummary,
  reviewFindings,
  reviewSummary,
  type ReviewedFinding,
} from '../../../db/shared/check/review.ts';
import type { DocumentData } from '../../../db/shared/types.ts';

/**
 * 审核清单: the findings of the checks as a list a reviewer or the unit head reads on paper or in
 * a spreadsheet, one row per finding in document order, with whether the clerk has checked it.
 * Checked findings are listed too: the unit head sees what was accepted, and by when. Built
 * here once, as text, for both files (review-list/pdf.ts, review-list/xlsx.ts).
 */

export interface ReviewRow {
  /** From 1, in the order of the list. */
  readonly number: number;
  readonly severity: Severity;
  /** 错误 / 警告 / 提示. */
  readonly severityLabel: string;
  readonly unit: string;
  readonly project: string;
  /** `3、培训人数`: the number the printed table gives it, and its name. */
  readonly indicator: string;
  /** The whole message, never shortened. */
  readonly message: string;
  /** `未核对`, or `已核对 2025-03-14`. */
  readonly state: string;
  readonly checkedOn: string | null;
}

export interface ReviewList {
  /** `<部门名称> <年度>年项目支出绩效目标表 审核清单`. */
  readonly title: string;
  /** `YYYY-MM-DD`, the day the list was made. */
  readonly madeOn: string;
  /** `错误 N 项，警告 N 项，提示 N 项；已核对 N 项` (the first three count what is not checked). */
  readonly summary: string;
  readonly rows: readonly ReviewRow[];
}

/** The columns, in order: the header texts both files print. */
export const REVIEW_COLUMNS = [
  '序号',
  '严重程度',
  '资金使用单位',
  '项目',
  '指标',
  '问题',
  '状态',
] as const;

export const UNCHECKED_LABEL = '未核对';
export const CHECKED_LABEL = '已核对';

/** A day as the list prints it: `2025-03-14`, in the machine's own time zone. */
export function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function reviewListTitle(doc: DocumentData): string {
  return `${doc.department.trim() || '（未填部门名称）'} ${doc.year}年项目支出绩效目标表 审核清单`;
}

/** A name as the row shows it: whole, on one line; an empty one says so. */
function named(name: string | undefined, empty: string): string {
  const text = (name ?? '').replace(/\s+/gu, ' ').trim();
  return text === '' ? empty : text;
}

function rowOf(f: ReviewedFinding, number: number): ReviewRow {
  const { location } = f;
  const indicator =
    location.indicatorId === undefined
      ? ''
      : `${f.indicatorIndex === undefined ? '' : `${f.indicatorIndex}、`}${named(f.indicatorName, '（未命名指标）')}`;
  return {
    number,
    severity: f.severity,
    severityLabel: SEVERITY_LABEL[f.severity],
    unit: location.unitId === undefined ? '' : named(f.unitName, '（未命名资金使用单位）'),
    project: location.projectId === undefined ? '' : named(f.projectName, '（未命名项目）'),
    indicator,
    message: f.message,
    state: f.checkedOn === null ? UNCHECKED_LABEL : `${CHECKED_LABEL} ${f.checkedOn}`,
    checkedOn: f.checkedOn,
  };
}

/**
 * `错误 N 项，警告 N 项，提示 N 项；已核对 N 项`, as the findings panel counts them; the list names
 * 已核对 also when there is none, so a reader knows no finding was set aside.
 */
export function reviewSummaryText(findings: readonly ReviewedFinding[]): string {
  const counts = reviewSummary(findings);
  const text = formatReviewSummary(counts);
  return counts.checked > 0 ? text : `${text}；${CHECKED_LABEL} 0 项`;
}

export interface ReviewListOptions {
  /** The day the list is made; today by default. */
  readonly madeOn?: Date;
  /** The document's findings (checkDocument), when the caller has them already. */
  readonly findings?: readonly Finding[];
}

/** The document's 审核清单: every finding of the checks as it stands now. */
export function buildReviewList(doc: DocumentData, options: ReviewListOptions = {}): ReviewList {
  const findings = reviewFindings(doc, options.findings ?? checkDocument(doc));
  return {
    title: reviewListTitle(doc),
    madeOn: localDate(options.madeOn ?? new Date()),
    summary: reviewSummaryText(findings),
    rows: findings.map((f, i) => rowOf(f, i + 1)),
  };
}
