import {
  CheckCircleOutlined,
  DisconnectOutlined,
  EditOutlined,
  ExclamationCircleOutlined,
  LockOutlined,
} from '@ant-design/icons';
import { memo, useEffect, useMemo } from 'react';
import { SEVERITIES, SEVERITY_LABEL } from '../../../db/shared/check/finding.ts';
import {
  reviewSummary,
  type ReviewedFinding,
  type ReviewSummary,
} from '../../../db/shared/check/review.ts';
import { formatAmountGrouped } from '../../../db/shared/money.ts';
import type { DocumentData, UnitData } from '../../../db/shared/types.ts';
import { findingsOpen, statusNote } from '../actions.tsx';
import { useAtom } from '../atom.ts';
import { useReviewedFindings } from '../review.ts';
import { useDocument, useSaveState } from '../store.ts';

/** Findings still to look at per severity; the ones marked 已核对 are counted apart. */
export function countFindings(findings: readonly ReviewedFinding[] | null): ReviewSummary {
  return reviewSummary(findings ?? []);
}

/** Per unit object: an edit keeps every unit it did not touch, so only that one is counted again. */
const indicatorCounts = new WeakMap<UnitData, number>();

function indicatorCount(unit: UnitData): number {
  let n = indicatorCounts.get(unit);
  if (n === undefined) {
    n = 0;
    for (const p of unit.projects) n += p.indicators.length;
    indicatorCounts.set(unit, n);
  }
  return n;
}

/** 合计, counts, findings per severity (opens the findings panel), and the save state. */
export function StatusBar() {
  const doc = useDocument();
  const findings = useReviewedFindings();
  if (!doc) return null;
  return <StatusBarView data={doc.data} findings={findings} />;
}

const StatusBarView = memo(function StatusBarView({
  data,
  findings,
}: {
  data: DocumentData;
  findings: readonly ReviewedFinding[] | null;
}) {
  const open = useAtom(findingsOpen);
  const counts = useMemo(() => countFindings(findings), [findings]);
  const sizes = useMemo(() => {
    let projects = 0;
    let indicators = 0;
    for (const u of data.units) {
      projects += u.projects.length;
      indicators += indicatorCount(u);
    }
    return { units: data.units.length, projects, indicators };
  }, [data.units]);

  return (
    <footer className="status-bar" aria-label="状态栏">
      <span className="status-total" aria-label="合计">
        合计 <strong>{formatAmountGrouped(data.totals.total, data.money)}</strong> {data.money.unit}
      </span>
      <span className="muted">
        资金使用单位 {sizes.units} 个 · 项目 {sizes.projects} 个 · 指标 {sizes.indicators} 条
      </span>
      <button
        type="button"
        className="status-findings"
        aria-pressed={open}
        aria-label={`审核结果：${SEVERITIES.map((s) => `${SEVERITY_LABEL[s]} ${counts[s]}`).join('，')}${counts.checked ? `，已核对 ${counts.checked}` : ''}`}
        title={open ? '隐藏审核结果' : '显示审核结果'}
        onClick={() => findingsOpen.set(!open)}
      >
        {findings === null ? (
          <span className="muted">正在审核…</span>
        ) : (
          <>
            {SEVERITIES.map((s) => (
              <span key={s} className={`sev sev-${s}${counts[s] ? '' : ' sev-zero'}`}>
                {SEVERITY_LABEL[s]} {counts[s]}
              </span>
            ))}
            {counts.checked > 0 && <span className="sev sev-checked">已核对 {counts.checked}</span>}
          </>
        )}
      </button>
      <StatusNote />
      <SaveState />
    </footer>
  );
});

const NOTE_MS = 4000;

/** The last 撤销/重做, for a few seconds (read out by screen readers). */
function StatusNote() {
  const note = useAtom(statusNote);
  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => {
      if (statusNote.get() === note) statusNote.set(null);
    }, NOTE_MS);
    return () => clearTimeout(timer);
  }, [note]);
  return (
    <span className="status-note" role="status" aria-live="polite" aria-label="操作提示">
      {note?.text}
    </span>
  );
}

/** 已自动保存 only when nothing is unsent: no edit on its way, no draft, no invalid text. */
function SaveState() {
  const state = useSaveState();
  let content;
  switch (state.kind) {
    case 'saved':
      content = (
        <>
          <CheckCircleOutlined aria-hidden className="saved-icon" /> 已自动保存
        </>
      );
      break;
    case 'saving':
      content = (
        <>
          <EditOutlined aria-hidden /> 正在保存…
        </>
      );
      break;
    case 'unsaved':
      content = (
        <span className="unsaved">
          <ExclamationCircleOutlined aria-hidden /> 有 {state.count} 处输入未保存
        </span>
      );
      break;
    case 'offline':
      content = (
        <span className="unsaved">
          <DisconnectOutlined aria-hidden /> 未保存：连接已中断
          {state.count > 0 ? `（${state.count} 处修改待保存）` : ''}
        </span>
      );
      break;
    case 'readOnly':
      content = (
        <span className="read-only">
          <LockOutlined aria-hidden /> 只读：修改不会保存
        </span>
      );
      break;
  }
  return (
    <span className="save-state" role="status" aria-live="polite" aria-label="保存状态">
      {content}
    </span>
  );
}
