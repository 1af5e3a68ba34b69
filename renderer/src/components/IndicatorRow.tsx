import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  DisconnectOutlined,
  LinkOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { Dropdown } from 'antd';
import { memo, useCallback, useRef, useState, type KeyboardEvent } from 'react';
import type { Severity } from '../../../db/shared/check/finding.ts';
import { fieldStatus } from '../severity.ts';
import type { CategoryTree } from '../../../db/shared/tree.ts';
import type { IndicatorData } from '../../../db/shared/types.ts';
import {
  addIndicatorAfter,
  deleteIndicator,
  findIndicator,
  moveIndicator,
  relinkIndicator,
  setIndicatorCategory,
  updateIndicator,
} from '../actions.tsx';
import { categoryMenuItems } from '../categories.ts';
import { fieldId } from '../focus.ts';
import { useDraft } from '../useDraft.ts';
import { DisclosureButton } from './Disclosure.tsx';
import { DraftField } from './DraftField.tsx';
import { DETAIL_FIELDS, IndicatorDetail } from './IndicatorDetail.tsx';

export type FieldIssues = Readonly<Record<string, Severity>>;

interface Props {
  readonly projectId: number;
  readonly indicator: IndicatorData;
  readonly number: number;
  readonly first: boolean;
  readonly last: boolean;
  readonly tree: CategoryTree;
  readonly issues: FieldIssues | undefined;
}

const statusOf = fieldStatus;

/**
 * One indicator: 三级指标名称, 实施周期指标值, 年度指标值 on one line, the rest of it in 指标详情
 * (▸, Alt+Enter), created only while open. While linked, the annual value mirrors the cycle
 * value as it is typed; typing a different annual value unlinks it (the host decides, the row
 * only shows it at once); one click relinks.
 *
 * Each value sits in its own cell (`.ind-value`, a flex box): the place for the national
 * system's structured form (计算符号 | 数值 | 计量单位) beside or instead of the sentence.
 */
export const IndicatorRow = memo(function IndicatorRow(props: Props) {
  const { projectId, indicator, number, first, last, tree, issues } = props;
  const id = indicator.id;

  const name = useDraft({
    value: indicator.name,
    commit: (t, guard) => updateIndicator(id, { name: t }, guard),
    read: (doc) => findIndicator(doc.data, id)?.name,
    label: '三级指标名称',
  });
  const cycle = useDraft({
    value: indicator.cycleValue,
    commit: (t, guard) => updateIndicator(id, { cycleValue: t }, guard),
    read: (doc) => findIndicator(doc.data, id)?.cycleValue,
    label: '实施周期指标值',
  });
  const annual = useDraft({
    value: indicator.annualValue,
    commit: (t, guard) => updateIndicator(id, { annualValue: t }, guard),
    read: (doc) => findIndicator(doc.data, id)?.annualValue,
    label: '年度指标值',
  });

  // Linked unless the clerk is typing an annual value of their own.
  const linked = indicator.annualFollowsCycle && (!annual.hasDraft || annual.value === cycle.value);
  const annualShown = linked ? cycle.value : annual.value;

  // Stable handlers reading the row's latest state, so unchanged fields do not repaint.
  const latest = useRef({ linked, cycle, annual });
  latest.current = { linked, cycle, annual };
  const onAnnualChange = useCallback((text: string, hold: boolean) => {
    const { linked, cycle, annual } = latest.current;
    // The cycle value goes first, so the host sees the edits in the order they were made.
    if (linked && text !== cycle.value) cycle.flush();
    annual.onChange(text, hold);
  }, []);

  const relink = useCallback(() => {
    const { cycle, annual } = latest.current;
    cycle.flush();
    annual.flush();
    void relinkIndicator(id);
  }, [id]);

  // 指标详情: as the clerk last set it, else open while a finding points into it (so a click on
  // the finding finds its field there).
  const [chosen, setChosen] = useState<boolean | null>(null);
  const open = chosen ?? (issues !== undefined && DETAIL_FIELDS.some((f) => issues[f]));
  const shown = useRef(open);
  shown.current = open;
  const toggle = useCallback(() => setChosen(!shown.current), []);

  const onEnter = useCallback(() => addIndicatorAfter(projectId, id), [projectId, id]);
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        e.preventDefault();
        void moveIndicator(projectId, id, e.key === 'ArrowUp' ? -1 : 1);
      } else if (e.altKey && e.key === 'Enter') {
        e.preventDefault();
        toggle();
      }
    },
    [projectId, id, toggle],
  );

  const displayName = indicator.name.trim() || '未命名';
  const detailId = `ind-detail-${id}`;
  return (
    <div
      className={`ind-row${linked ? '' : ' ind-unlinked'}${open ? ' ind-open' : ''}`}
      role="group"
      aria-label={`第${number}条指标：${displayName}`}
    >
      <DisclosureButton
        open={open}
        onToggle={toggle}
        controls={detailId}
        label="指标详情"
        title={open ? '收起指标详情（Alt+Enter）' : '展开指标详情（Alt+Enter）'}
        className="ind-toggle"
        tabIndex={-1}
      />
      <span className="ind-num" aria-hidden="true">
        {number}
      </span>
      <DraftField
        draft={name}
        id={fieldId.indicator(id, 'name')}
        label="三级指标名称"
        multiline
        errorInline
        placeholder="三级指标名称"
        status={statusOf(issues?.name)}
        onEnter={onEnter}
        onKeyDown={onKeyDown}
      />
      <div className="ind-value">
        <DraftField
          draft={cycle}
          id={fieldId.indicator(id, 'cycleValue')}
          label="实施周期指标值"
          multiline
          errorInline
          placeholder="实施周期指标值"
          status={statusOf(issues?.cycleValue)}
          onEnter={onEnter}
          onKeyDown={onKeyDown}
        />
      </div>
      <span className="ind-link">
        {linked ? (
          <span
            role="img"
            aria-label="年度指标值与实施周期指标值一致"
            title="年度指标值与实施周期指标值一致（随之更新）；在年度指标值中输入不同内容即可单独填写"
            className="ind-linked-icon"
          >
            <LinkOutlined aria-hidden />
          </span>
        ) : (
          <button
            type="button"
            className="icon-button ind-relink"
            aria-label="关联年度指标值"
            title="年度指标值已单独填写；点击恢复为与实施周期指标值一致"
            onClick={relink}
          >
            <DisconnectOutlined aria-hidden />
          </button>
        )}
      </span>
      <div className="ind-value">
        <DraftField
          draft={annual}
          id={fieldId.indicator(id, 'annualValue')}
          label="年度指标值"
          multiline
          errorInline
          placeholder={linked ? '同实施周期指标值' : '年度指标值'}
          className={linked ? 'ind-annual-linked' : 'ind-annual-own'}
          value={annualShown}
          onChange={onAnnualChange}
          status={statusOf(issues?.annualValue)}
          onEnter={onEnter}
          onKeyDown={onKeyDown}
        />
      </div>
      <RowActions
        projectId={projectId}
        indicator={indicator}
        first={first}
        last={last}
        tree={tree}
      />
      {open && <IndicatorDetail id={detailId} indicator={indicator} />}
    </div>
  );
});

/**
 * 上移 / 下移 / 更改类别 / 删除: plain buttons (a project shows dozens of rows, and each antd
 * Button costs more to create than the row's fields), out of the Tab order (Alt+↑/↓ from the
 * fields). The category menu is created only when opened.
 */
const RowActions = memo(function RowActions(props: {
  projectId: number;
  indicator: IndicatorData;
  first: boolean;
  last: boolean;
  tree: CategoryTree;
}) {
  const { projectId, indicator, first, last, tree } = props;
  const id = indicator.id;
  const [menuOpen, setMenuOpen] = useState(false);
  const categoryButton = (
    <button
      type="button"
      className="icon-button"
      tabIndex={-1}
      aria-label="更改类别"
      title="更改类别：移到指标体系中的另一个二级指标"
      aria-haspopup="menu"
      aria-expanded={menuOpen}
      onClick={() => setMenuOpen(true)}
    >
      <SwapOutlined aria-hidden />
    </button>
  );
  return (
    <span className="ind-actions">
      <button
        type="button"
        className="icon-button"
        tabIndex={-1}
        aria-label="上移指标"
        title="上移（Alt+↑）：在本类别内前移"
        disabled={first}
        onClick={() => void moveIndicator(projectId, id, -1)}
      >
        <ArrowUpOutlined aria-hidden />
      </button>
      <button
        type="button"
        className="icon-button"
        tabIndex={-1}
        aria-label="下移指标"
        title="下移（Alt+↓）：在本类别内后移"
        disabled={last}
        onClick={() => void moveIndicator(projectId, id, 1)}
      >
        <ArrowDownOutlined aria-hidden />
      </button>
      {menuOpen ? (
        <Dropdown
          open
          trigger={['click']}
          onOpenChange={setMenuOpen}
          menu={{
            items: categoryMenuItems(tree, indicator.level2.code),
            onClick: ({ key }) => {
              setMenuOpen(false);
              void setIndicatorCategory(id, key);
            },
          }}
        >
          {categoryButton}
        </Dropdown>
      ) : (
        categoryButton
      )}
      <button
        type="button"
        className="icon-button danger"
        tabIndex={-1}
        aria-label="删除指标"
        title="删除指标（可撤销）"
        onClick={() => void deleteIndicator(indicator)}
      >
        <DeleteOutlined aria-hidden />
      </button>
    </span>
  );
});
