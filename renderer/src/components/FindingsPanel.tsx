import {
  CheckOutlined,
  CloseOutlined,
  CompressOutlined,
  ExpandOutlined,
  ExportOutlined,
  ReloadOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Listy, Segmented, Tag, type ListyRef } from 'antd';
import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import { RULES } from '../../../db/shared/check/index.ts';
import {
  SEVERITIES,
  SEVERITY_LABEL,
  type Place,
  type Severity,
} from '../../../db/shared/check/finding.ts';
import {
  findingKey,
  reviewSummary,
  type ReviewedFinding,
} from '../../../db/shared/check/review.ts';
import { findingsOpen, runCheck, select, selectProject } from '../actions.tsx';
import { atom, useAtom } from '../atom.ts';
import { fieldId, focusWhenReady } from '../focus.ts';
import { REVIEW_EXPORTS, exportReviewList } from '../review-export.ts';
import { setFindingChecked, setNoServiceRecipients, useReviewedFindings } from '../review.ts';
import { SEVERITY_COLOR } from '../severity.ts';
import { FieldMarkTips } from './FieldMarkTips.tsx';

/** Where a finding (or a year review entry) points, as the clerk reads it. */
export function placeText(f: Place): string {
  const parts: string[] = [];
  if (f.location.unitId !== undefined) parts.push(short(f.unitName, '（未命名资金使用单位）'));
  if (f.location.projectId !== undefined) parts.push(short(f.projectName, '（未命名项目）'));
  if (f.location.indicatorId !== undefined) parts.push(indicatorText(f));
  return parts.join(' › ');
}

function short(s: string | undefined, fallback: string, max = 24): string {
  const t = (s ?? '').trim();
  if (!t) return fallback;
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

function indicatorText(f: Place, max = 24): string {
  const n = f.indicatorIndex === undefined ? '' : `第 ${f.indicatorIndex} 条`;
  return `${n}指标 ${short(f.indicatorName, '（未命名）', max)}`;
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

// ---- view state (kept while the panel is closed) --------------------------------------------

type SeverityFilter = 'all' | Severity;
type StateFilter = 'open' | 'checked' | 'all';
type Grouping = 'project' | 'rule';

const severityFilter = atom<SeverityFilter>('all');
const stateFilter = atom<StateFilter>('all');
const grouping = atom<Grouping>('project');
/** The panel's height in pixels as the clerk dragged it; null: half of the editor's column. */
const HEIGHT_KEY = 'jxmb.findingsHeight';
const panelHeight = atom<number | null>(readHeight());
/** 放大: the list takes the column but for the field being fixed above it. */
const expanded = atom(false);

function readHeight(): number | null {
  try {
    const n = Number(localStorage.getItem(HEIGHT_KEY));
    return Number.isFinite(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

/**
 * The findings (审核结果) along the bottom of the editor, and what the fields' marks mean on
 * hover (whether the panel is open or not).
 */
export function FindingsPanel() {
  const open = useAtom(findingsOpen);
  return (
    <>
      <FieldMarkTips />
      {open && <OpenPanel />}
    </>
  );
}

function OpenPanel() {
  const reviewed = useReviewedFindings();
  return <FindingsView reviewed={reviewed} />;
}

/** One line of the list: a finding with the key the list and the keyboard know it by. */
interface Row {
  readonly key: string;
  readonly f: ReviewedFinding;
  readonly group: string;
}

const RULE_ORDER = new Map(RULES.map((r, i) => [r.id, i]));
const RULE_TITLE = new Map(RULES.map((r) => [r.id, r.title]));

/** The rows in the order shown: by project (the document's order) or by rule, then by place. */
function rowsOf(reviewed: readonly ReviewedFinding[], by: Grouping): Row[] {
  const seen = new Map<string, number>();
  const rows = reviewed.map((f) => {
    const base = findingKey(f);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    const group = by === 'rule' ? `r:${f.ruleId}` : projectGroup(f);
    return { key: n === 0 ? base : `${base}#${n}`, f, group };
  });
  if (by === 'rule') {
    const order = (r: Row) => RULE_ORDER.get(r.f.ruleId) ?? RULES.length;
    const byId = (a: Row, b: Row) =>
      a.f.ruleId < b.f.ruleId ? -1 : a.f.ruleId > b.f.ruleId ? 1 : 0;
    // Stable: within a rule the findings keep the document's order.
    rows.sort((a, b) => order(a) - order(b) || byId(a, b));
  }
  return rows;
}

function projectGroup(f: ReviewedFinding): string {
  const { unitId, projectId } = f.location;
  if (projectId !== undefined) return `p:${projectId}`;
  if (unitId !== undefined) return `u:${unitId}`;
  return 'doc';
}

/** A group's heading: the project (with its unit), the unit, the document, or the rule. */
function groupTitle(rows: readonly Row[]): string {
  const f = rows[0]?.f;
  if (!f) return '';
  if (rows[0]!.group.startsWith('r:')) return RULE_TITLE.get(f.ruleId) ?? f.ruleId;
  const { unitId, projectId } = f.location;
  if (projectId !== undefined) {
    return `${short(f.unitName, '（未命名资金使用单位）', 16)} › ${short(f.projectName, '（未命名项目）', 40)}`;
  }
  if (unitId !== undefined) return short(f.unitName, '（未命名资金使用单位）', 40);
  return '文档';
}

/** Within a group, what the row adds to the heading: the indicator, or the whole place by rule. */
function rowPlace(f: ReviewedFinding, by: Grouping): string {
  if (by === 'rule') return placeText(f) || '文档';
  if (f.location.indicatorId !== undefined) return indicatorText(f, 14);
  if (f.location.projectId !== undefined) return '项目';
  if (f.location.unitId !== undefined) return '资金使用单位';
  return '文档';
}

const rowDomId = (key: string) => `finding-${encodeURIComponent(key).replace(/%/g, '_')}`;

const FindingsView = memo(function FindingsView({
  reviewed,
}: {
  reviewed: readonly ReviewedFinding[] | null;
}) {
  const severity = useAtom(severityFilter);
  const state = useAtom(stateFilter);
  const by = useAtom(grouping);
  const [active, setActive] = useState<string | null>(null);
  const list = useRef<ListyRef>(null);

  const summary = useMemo(() => reviewSummary(reviewed ?? []), [reviewed]);
  const all = useMemo(() => rowsOf(reviewed ?? [], by), [reviewed, by]);
  const rows = useMemo(
    () =>
      all.filter(
        ({ f }) =>
          (severity === 'all' || f.severity === severity) &&
          (state === 'all' || (state === 'checked') === (f.checkedOn !== null)),
      ),
    [all, severity, state],
  );
  const group = useMemo(
    () => ({
      key: (r: Row) => r.group,
      title: (_key: string, items: Row[]) => (
        <span className="findings-group">
          <span className="findings-group-title">{groupTitle(items)}</span>
          <span className="findings-group-count">{items.length}</span>
        </span>
      ),
    }),
    [],
  );

  // The selected row's place in the list, kept when a row before it goes (marked under 未核对).
  const activeIndex = active === null ? -1 : rows.findIndex((r) => r.key === active);
  const lastIndex = useRef(-1);
  useEffect(() => {
    if (activeIndex >= 0) {
      lastIndex.current = activeIndex;
    } else if (active !== null && rows.length > 0 && lastIndex.current >= 0) {
      setActive(rows[Math.min(lastIndex.current, rows.length - 1)]!.key);
    }
  }, [activeIndex, active, rows]);

  const box = useRef<HTMLDivElement>(null);
  const [bodyHeight, setBodyHeight] = useState(160);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setBodyHeight(Math.max(60, el.clientHeight)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const moveTo = useCallback(
    (index: number) => {
      const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
      if (!row) return;
      setActive(row.key);
      list.current?.scrollTo({ key: row.key, align: 'auto' });
    },
    [rows],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return;
    const row = activeIndex >= 0 ? rows[activeIndex] : undefined;
    const page = Math.max(1, Math.floor(bodyHeight / 44));
    const moves: Record<string, number> = {
      ArrowDown: activeIndex < 0 ? 0 : activeIndex + 1,
      ArrowUp: activeIndex < 0 ? 0 : activeIndex - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
      Home: 0,
      End: rows.length - 1,
    };
    const to = moves[e.key];
    if (to !== undefined) {
      e.preventDefault();
      moveTo(to);
    } else if (e.key === 'Enter' && row) {
      e.preventDefault();
      goToFinding(row.f);
    } else if (e.key === ' ' && row) {
      e.preventDefault();
      void setFindingChecked(row.f, row.f.checkedOn === null);
    }
  };

  const total = reviewed?.length ?? 0;
  const height = useAtom(panelHeight);
  const large = useAtom(expanded);
  return (
    <section
      className={`findings${large ? ' findings-expanded' : ''}`}
      aria-label="审核结果"
      style={height === null || large ? undefined : { height }}
    >
      <ResizeHandle />
      <div className="findings-head">
        <strong>审核结果</strong>
        <span className="findings-summary" aria-label="审核结果统计">
          {(['error', 'warning', 'hint'] as const).map((s) => (
            <span key={s} className={summary[s] > 0 ? `sev-${s}` : 'muted'}>
              {SEVERITY_LABEL[s]} {summary[s]}
            </span>
          ))}
          <span className="muted">已核对 {summary.checked}</span>
        </span>
        <span className="spacer" />
        <Segmented<SeverityFilter>
          size="small"
          aria-label="按严重程度筛选"
          value={severity}
          onChange={severityFilter.set}
          options={[
            { value: 'all', label: '全部' },
            ...SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABEL[s] })),
          ]}
        />
        <Segmented<StateFilter>
          size="small"
          aria-label="按核对状态筛选"
          value={state}
          onChange={stateFilter.set}
          options={[
            { value: 'open', label: '未核对' },
            { value: 'checked', label: '已核对' },
            { value: 'all', label: '全部' },
          ]}
        />
        <Segmented<Grouping>
          size="small"
          aria-label="分组方式"
          value={by}
          onChange={grouping.set}
          options={[
            { value: 'project', label: '按项目' },
            { value: 'rule', label: '按规则' },
          ]}
        />
        <Dropdown
          trigger={['click']}
          menu={{
            items: REVIEW_EXPORTS.map((x) => ({ key: x.format, label: x.label })),
            onClick: ({ key }) => void exportReviewList(key),
          }}
        >
          <Button size="small" icon={<ExportOutlined />} aria-label="导出审核清单">
            导出审核清单
          </Button>
        </Dropdown>
        <Button
          size="small"
          type="text"
          icon={<ReloadOutlined />}
          onClick={() => void runCheck()}
          aria-label="重新审核"
          title="重新审核"
        />
        <Button
          size="small"
          type="text"
          icon={large ? <CompressOutlined /> : <ExpandOutlined />}
          aria-pressed={large}
          aria-label="放大审核结果"
          title={large ? '还原审核结果的高度' : '放大审核结果（编辑区只留上方一小块）'}
          onClick={() => expanded.set(!large)}
        />
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
        {reviewed === null ? (
          <p className="muted findings-empty">正在审核…</p>
        ) : rows.length === 0 ? (
          <p className="muted findings-empty">
            {total === 0 ? '未发现问题。' : '没有符合筛选条件的审核结果。'}
          </p>
        ) : (
          <div
            className="findings-list"
            role="listbox"
            tabIndex={0}
            aria-label="审核结果列表"
            aria-activedescendant={activeIndex >= 0 ? rowDomId(active!) : undefined}
            aria-description="上下方向键选择，回车转到该处，空格标记或取消“已核对”"
            onKeyDown={onKeyDown}
            onFocus={(e) => {
              if (e.target === e.currentTarget && activeIndex < 0) moveTo(0);
            }}
          >
            <Listy
              ref={list}
              virtual
              sticky
              height={bodyHeight}
              group={group}
              styles={{ item: { padding: 0 }, groupHeader: { padding: 0 } }}
              items={rows}
              rowKey="key"
              itemRender={(r) => (
                <FindingRow
                  row={r}
                  by={by}
                  active={r.key === active}
                  onPick={() => setActive(r.key)}
                />
              )}
            />
          </div>
        )}
      </div>
    </section>
  );
});

const FindingRow = memo(function FindingRow(props: {
  row: Row;
  by: Grouping;
  active: boolean;
  onPick: () => void;
}) {
  const { row, by, active, onPick } = props;
  const { f } = row;
  const checked = f.checkedOn !== null;
  const place = rowPlace(f, by);
  return (
    <div
      id={rowDomId(row.key)}
      role="option"
      aria-selected={active}
      className={`finding${active ? ' finding-active' : ''}${checked ? ' finding-checked' : ''}`}
      onClick={() => {
        onPick();
        goToFinding(f);
      }}
    >
      <Tag color={checked ? 'default' : SEVERITY_COLOR[f.severity]} className="finding-tag">
        {SEVERITY_LABEL[f.severity]}
      </Tag>
      <span className="finding-place" title={placeText(f)}>
        {place}
      </span>
      <span className="finding-message">{f.message}</span>
      <span className="finding-actions" onClick={(e) => e.stopPropagation()}>
        {f.ruleId === 'missing-satisfaction' && f.location.projectId !== undefined && !checked && (
          <Button
            size="small"
            tabIndex={-1}
            title="声明本项目确无服务对象（如党费代收代缴、机构内部运转），不再要求满意度指标"
            onClick={() => void setNoServiceRecipients(f.location.projectId!, true)}
          >
            确无服务对象
          </Button>
        )}
        {checked ? (
          <>
            <span className="finding-checked-on">已核对 {f.checkedOn}</span>
            <Button
              size="small"
              type="text"
              tabIndex={-1}
              icon={<UndoOutlined />}
              aria-label="取消已核对"
              title="取消已核对"
              onClick={() => void setFindingChecked(f, false)}
            />
          </>
        ) : (
          <Button
            size="small"
            type="text"
            tabIndex={-1}
            icon={<CheckOutlined />}
            aria-label="标记已核对"
            title="标记已核对（空格）：核对过、确认无需修改；所指内容再有改动时重新提示"
            onClick={() => void setFindingChecked(f, true)}
          />
        )}
      </span>
    </div>
  );
});

/** The panel's top edge: drag (or ↑/↓ on it) to give the list more or less of the column. */
function ResizeHandle() {
  const drag = useRef<{ y: number; h: number } | null>(null);
  const sectionOf = (el: Element) => el.closest('.findings') as HTMLElement | null;
  const setHeight = (el: HTMLElement, h: number) => {
    const column = el.parentElement?.clientHeight ?? window.innerHeight;
    const next = Math.round(Math.max(140, Math.min(column - 120, h)));
    expanded.set(false);
    panelHeight.set(next);
    try {
      localStorage.setItem(HEIGHT_KEY, String(next));
    } catch {
      // Not remembered (storage off): the height holds for this page.
    }
  };
  return (
    <div
      className="findings-resize"
      role="separator"
      aria-orientation="horizontal"
      aria-label="调整审核结果高度"
      title="拖动调整审核结果的高度"
      tabIndex={0}
      onPointerDown={(e: PointerEvent<HTMLDivElement>) => {
        const section = sectionOf(e.currentTarget);
        if (!section) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { y: e.clientY, h: section.getBoundingClientRect().height };
      }}
      onPointerMove={(e) => {
        const section = sectionOf(e.currentTarget);
        if (!drag.current || !section) return;
        setHeight(section, drag.current.h + drag.current.y - e.clientY);
      }}
      onPointerUp={() => (drag.current = null)}
      onKeyDown={(e) => {
        const section = sectionOf(e.currentTarget);
        if (!section || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
        e.preventDefault();
        const h = section.getBoundingClientRect().height;
        setHeight(section, h + (e.key === 'ArrowUp' ? 40 : -40));
      }}
    />
  );
}
