import { CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Listy, Segmented, Tag } from 'antd';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import {
  SEVERITY_LABEL,
  type Finding,
  type Place,
  type Severity,
} from '../../../db/shared/check/finding.ts';
import { findingsOpen, runCheck, select, selectProject } from '../actions.tsx';
import { useAtom } from '../atom.ts';
import { fieldId, focusWhenReady } from '../focus.ts';
import { useFindings } from '../store.ts';
import { SEVERITY_COLOR } from '../severity.ts';
import { countFindings } from './StatusBar.tsx';

type Filter = 'all' | Severity;

/** Where a finding (or a year review entry) points, as the clerk reads it. */
export function placeText(f: Place): string {
  const parts: string[] = [];
  const short = (s: string | undefined, fallback: string) => {
    const t = (s ?? '').trim();
    if (!t) return fallback;
    return t.length > 24 ? `${t.slice(0, 24)}…` : t;
  };
  if (f.location.unitId !== undefined) parts.push(short(f.unitName, '（未命名资金使用单位）'));
  if (f.location.projectId !== undefined) parts.push(short(f.projectName, '（未命名项目）'));
  if (f.location.indicatorId !== undefined) {
    const n = f.indicatorIndex === undefined ? '' : `第 ${f.indicatorIndex} 条`;
    parts.push(`${n}指标 ${short(f.indicatorName, '（未命名）')}`);
  }
  return parts.join(' › ');
}

/** Clicking a finding (or a review entry) selects its project and puts the cursor in its field. */
export function goToFinding(f: Place): void {
  const { unitId, projectId, indicatorId, field } = f.location;
  if (projectId !== undefined) {
    selectProject(
      projectId,
      field ?? (indicatorId === undefined ? undefined : 'name'),
      indicatorId,
    );
  } else if (unitId !== undefined) {
    select({ kind: 'unit', id: unitId });
    focusWhenReady(fieldId.unit(unitId));
  } else if (field) {
    focusWhenReady(fieldId.document(field));
  }
}

/** The findings (审核结果) along the bottom of the editor. */
export function FindingsPanel() {
  const open = useAtom(findingsOpen);
  const findings = useFindings();
  if (!open) return null;
  return <FindingsView findings={findings} />;
}

const FindingsView = memo(function FindingsView({
  findings,
}: {
  findings: readonly Finding[] | null;
}) {
  const [filter, setFilter] = useState<Filter>('all');
  const [active, setActive] = useState<Finding | null>(null);
  const counts = useMemo(() => countFindings(findings), [findings]);
  const items = useMemo(
    () =>
      (findings ?? [])
        .map((f, i) => ({ f, key: i }))
        .filter(({ f }) => filter === 'all' || f.severity === filter),
    [findings, filter],
  );

  const box = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(160);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(Math.max(60, el.clientHeight)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const total = findings?.length ?? 0;
  return (
    <section className="findings" aria-label="审核结果">
      <div className="findings-head">
        <strong>审核结果</strong>
        <Segmented<Filter>
          size="small"
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: `全部 ${total}` },
            { value: 'error', label: `错误 ${counts.error}` },
            { value: 'warning', label: `警告 ${counts.warning}` },
            { value: 'hint', label: `提示 ${counts.hint}` },
          ]}
        />
        <span className="spacer" />
        <Button
          size="small"
          icon={<ReloadOutlined />}
          onClick={() => void runCheck()}
          aria-label="重新审核"
        >
          重新审核
        </Button>
        <Button
          size="small"
          type="text"
          icon={<CloseOutlined />}
          aria-label="关闭审核结果"
          title="关闭审核结果"
          onClick={() => findingsOpen.set(false)}
        />
      </div>
      <div className="findings-body" ref={box}>
        {findings === null ? (
          <p className="muted findings-empty">正在审核…</p>
        ) : items.length === 0 ? (
          <p className="muted findings-empty">
            {total === 0 ? '未发现问题。' : '此类别下没有审核结果。'}
          </p>
        ) : (
          <Listy
            virtual
            height={height}
            styles={{ item: { padding: 0 } }}
            items={items}
            rowKey="key"
            itemRender={({ f }) => (
              <button
                type="button"
                className={`finding${active === f ? ' finding-active' : ''}`}
                onClick={() => {
                  setActive(f);
                  goToFinding(f);
                }}
                title={`${placeText(f)}：${f.message}`}
              >
                <Tag color={SEVERITY_COLOR[f.severity]} className="finding-tag">
                  {SEVERITY_LABEL[f.severity]}
                </Tag>
                <span className="finding-place">{placeText(f)}</span>
                <span className="finding-message">{f.message}</span>
              </button>
            )}
          />
        )}
      </div>
    </section>
  );
});
