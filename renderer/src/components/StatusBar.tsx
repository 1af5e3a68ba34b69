import {
  CheckCircleOutlined,
  DisconnectOutlined,
  EditOutlined,
  ExclamationCircleOutlined,
  LockOutlined,
} from '@ant-design/icons';
import { memo, useMemo } from 'react';
import {
  SEVERITIES,
  SEVERITY_LABEL,
  type Finding,
  type Severity,
} from '../../../db/shared/check/finding.ts';
import { formatAmountGrouped } from '../../../db/shared/money.ts';
import type { DocumentData } from '../../../db/shared/types.ts';
import { findingsOpen } from '../actions.tsx';
import { useAtom } from '../atom.ts';
import { useDocument, useFindings, useSaveState } from '../store.ts';

export function countFindings(findings: readonly Finding[] | null): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, hint: 0 };
  for (const f of findings ?? []) counts[f.severity]++;
  return counts;
}

/** 合计, counts, findings per severity (opens the findings panel), and the save state. */
export function StatusBar() {
  const doc = useDocument();
  const findings = useFindings();
  if (!doc) return null;
  return <StatusBarView data={doc.data} findings={findings} />;
}

const StatusBarView = memo(function StatusBarView({
  data,
  findings,
}: {
  data: DocumentData;
  findings: readonly Finding[] | null;
}) {
  const open = useAtom(findingsOpen);
  const counts = useMemo(() => countFindings(findings), [findings]);
  const sizes = useMemo(() => {
    let projects = 0;
    let indicators = 0;
    for (const u of data.units) {
      projects += u.projects.length;
      for (const p of u.projects) indicators += p.indicators.length;
    }
    return { units: data.units.length, projects, indicators };
  }, [data.units]);

  return (
    <footer className="status-bar" aria-label="状态栏">
      <span className="status-total" aria-label="合计">
        合计 <strong>{formatAmountGrouped(data.totals.total)}</strong> 万元
      </span>
      <span className="muted">
        资金使用单位 {sizes.units} 个 · 项目 {sizes.projects} 个 · 指标 {sizes.indicators} 条
      </span>
      <button
        type="button"
        className="status-findings"
        aria-pressed={open}
        aria-label={`审核结果：${SEVERITIES.map((s) => `${SEVERITY_LABEL[s]} ${counts[s]}`).join('，')}`}
        title={open ? '隐藏审核结果' : '显示审核结果'}
        onClick={() => findingsOpen.set(!open)}
      >
        {findings === null ? (
          <span className="muted">正在审核…</span>
        ) : (
          SEVERITIES.map((s) => (
            <span key={s} className={`sev sev-${s}${counts[s] ? '' : ' sev-zero'}`}>
              {SEVERITY_LABEL[s]} {counts[s]}
            </span>
          ))
        )}
      </button>
      <SaveState />
    </footer>
  );
});

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
