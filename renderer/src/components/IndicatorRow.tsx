import {
  ArrowDownOutlined,
  CopyOutlined,
  SnippetsOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  DisconnectOutlined,
  LinkOutlined,
  PlusOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { Dropdown } from 'antd';
import {
  memo,
  useCallback,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
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
import { fieldId, focusWhenReady } from '../focus.ts';
import { useDraft } from '../useDraft.ts';
import { ui } from '../ui.ts';
import {
  cellsText,
  EMPTY_CELLS,
  isStructuredText,
  sameValueText,
  sentenceOf,
  valueInput,
  valueProblem,
  valueText,
} from '../value-text.ts';
import { SENTENCE_REASON_TEXT, structureSentence } from '../../../db/shared/indicator-value.ts';
import { DisclosureButton } from './Disclosure.tsx';
import { IndicatorNameField } from './IndicatorNameField.tsx';
import { IndicatorPick } from './CopyPaste.tsx';
import { copied, copySelection, paste, pickIndicator } from '../copy-paste.ts';
import { onEditableText, PointMenu, pointOf, type MenuPoint } from './PointMenu.tsx';
import { DETAIL_FIELDS, IndicatorDetail } from './IndicatorDetail.tsx';
import { ValueCell, type ValueKind } from './ValueCell.tsx';

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
 * Each value is a sentence or the national system's structured form (计算符号 | 数值 | 计量单位),
 * in its own cell (ValueCell.tsx) with a switch between the two; the link works over both.
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
    value: valueText(indicator.cycle),
    commit: (t, guard) => updateIndicator(id, { cycle: valueInput(t) }, guard),
    read: (doc) => {
      const found = findIndicator(doc.data, id);
      return found && valueText(found.cycle);
    },
    label: '实施周期指标值',
    validate: valueProblem,
    equals: sameValueText,
  });
  const annual = useDraft({
    value: valueText(indicator.annual),
    commit: (t, guard) => updateIndicator(id, { annual: valueInput(t) }, guard),
    read: (doc) => {
      const found = findIndicator(doc.data, id);
      return found && valueText(found.annual);
    },
    label: '年度指标值',
    validate: valueProblem,
    equals: sameValueText,
  });

  // Linked unless the clerk is typing an annual value of their own.
  const linked = indicator.annualFollowsCycle && (!annual.hasDraft || annual.value === cycle.value);
  const annualShown = linked ? cycle.value : annual.value;

  // Stable handlers reading the row's latest state, so unchanged fields do not repaint.
  const latest = useRef({ linked, cycle, annual, indicator });
  latest.current = { linked, cycle, annual, indicator };
  const onAnnualChange = useCallback((text: string, hold: boolean) => {
    const { linked, cycle, annual } = latest.current;
    // The cycle value goes first, so the host sees the edits in the order they were made.
    if (linked && text !== cycle.value) cycle.flush();
    annual.onChange(text, hold);
  }, []);

  // 文字 ⇄ 结构化: one edit (one undo step) through the value's own draft.
  const onSwitch = useCallback(
    (kind: ValueKind) => {
      const { linked, cycle, annual, indicator } = latest.current;
      const draft = kind === 'cycle' ? cycle : annual;
      const text = kind === 'cycle' ? cycle.value : linked ? cycle.value : annual.value;
      const change = kind === 'cycle' ? cycle.onChange : onAnnualChange;
      const stored = kind === 'cycle' ? indicator.cycle : indicator.annual;
      if (isStructuredText(text)) {
        // Cells never sent over a stored sentence: back to that sentence as it is.
        if (stored.kind === 'sentence' && draft.hasDraft) {
          draft.discard();
          return;
        }
        change(sentenceOf(text), false);
        draft.flush();
        return;
      }
      const result = structureSentence(text);
      if (result.kind === 'structured') {
        change(cellsText({ ...result.value, source: text }), false);
        draft.flush();
        return;
      }
      // Not one value for sure: empty cells to fill in; the sentence stays until they are.
      change(cellsText(EMPTY_CELLS), false);
      if (text.trim() !== '') {
        ui().message.info({
          content: `“${text.length > 30 ? `${text.slice(0, 30)}…` : text}”不能直接转为结构化：${SENTENCE_REASON_TEXT[result.reason]}。请填写计算符号、数值和计量单位；填写完成前原文字保留不变。`,
          key: 'structure',
          duration: 6,
        });
      }
      focusWhenReady(fieldId.indicator(id, `${kind}Operator`));
    },
    [id, onAnnualChange],
  );

  // A linked annual value is shown compactly until the clerk goes into it.
  const [annualOpen, setAnnualOpen] = useState(false);
  const openAnnual = useCallback(() => {
    setAnnualOpen(true);
    focusWhenReady(fieldId.indicator(id, 'annualValue'));
  }, [id]);
  const closeAnnual = useCallback((e: FocusEvent<HTMLElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setAnnualOpen(false);
  }, []);

  const relink = useCallback(() => {
    const { cycle, annual } = latest.current;
    cycle.flush();
    annual.flush();
    void relinkIndicator(id);
    setAnnualOpen(false);
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
  const [menuAt, setMenuAt] = useState<MenuPoint | null>(null);
  const onContextMenu = useCallback((e: MouseEvent<HTMLElement>) => {
    if (onEditableText(e)) return;
    e.preventDefault();
    setMenuAt(pointOf(e));
  }, []);
  return (
    <div
      className={`ind-row${linked ? '' : ' ind-unlinked'}${open ? ' ind-open' : ''}`}
      role="group"
      aria-label={`第${number}条指标：${displayName}`}
      onContextMenu={onContextMenu}
    >
      <PointMenu
        at={menuAt}
        label="指标菜单"
        items={() => rowMenuItems(tree, indicator, first, last)}
        onCommand={(key) => runRowCommand(key, projectId, indicator)}
        onClose={() => setMenuAt(null)}
      />
      <DisclosureButton
        open={open}
        onToggle={toggle}
        controls={detailId}
        label="指标详情"
        title={open ? '收起指标详情（Alt+Enter）' : '展开指标详情（Alt+Enter）'}
        className="ind-toggle"
        tabIndex={-1}
      />
      <IndicatorPick projectId={projectId} id={id} number={number} />
      <IndicatorNameField
        indicatorId={id}
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
      <ValueCell
        kind="cycle"
        indicatorId={id}
        draft={cycle}
        text={cycle.value}
        onChange={cycle.onChange}
        stored={indicator.cycle}
        onSwitch={onSwitch}
        placeholder="实施周期指标值"
        status={statusOf(issues?.cycleValue)}
        onEnter={onEnter}
        onKeyDown={onKeyDown}
      />
      {linked && !annualOpen ? (
        // Linked: one quiet line instead of the cycle value again; focus (a click, Tab, a
        // finding) opens the field, where typing a different value unlinks it.
        <button
          type="button"
          id={fieldId.indicator(id, 'annualValue')}
          className="ind-annual-compact"
          aria-label="年度指标值：同实施周期指标值"
          title="年度指标值与实施周期指标值一致（随之更新）；点击可单独填写"
          onFocus={openAnnual}
        >
          <LinkOutlined aria-hidden className="ind-linked-icon" />
          <span>同实施周期指标值</span>
        </button>
      ) : (
        <span className="ind-annual-open" onBlur={closeAnnual}>
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
          <ValueCell
            kind="annual"
            indicatorId={id}
            draft={annual}
            text={annualShown}
            onChange={onAnnualChange}
            stored={linked ? null : indicator.annual}
            onSwitch={linked ? undefined : onSwitch}
            placeholder={linked ? '同实施周期指标值' : '年度指标值'}
            className={linked ? 'ind-annual-linked' : 'ind-annual-own'}
            status={statusOf(issues?.annualValue)}
            onEnter={onEnter}
            onKeyDown={onKeyDown}
          />
        </span>
      )}
      <RowActions
        projectId={projectId}
        indicator={indicator}
        first={first}
        last={last}
        tree={tree}
      />
      {open && <IndicatorDetail id={detailId} indicator={indicator} issues={issues} />}
    </div>
  );
});

/** The row's right-click menu: the row's buttons, and 添加指标 below it (Enter in a field). */
function rowMenuItems(tree: CategoryTree, indicator: IndicatorData, first: boolean, last: boolean) {
  return [
    { key: 'add', label: '在下方添加指标', icon: <PlusOutlined /> },
    { type: 'divider' as const },
    { key: 'up', label: '上移指标', icon: <ArrowUpOutlined />, disabled: first },
    { key: 'down', label: '下移指标', icon: <ArrowDownOutlined />, disabled: last },
    {
      key: 'category',
      label: '更改类别',
      icon: <SwapOutlined />,
      children: categoryMenuItems(tree, indicator.level2.code).map((g) => ({
        ...g,
        children: g.children.map((c) => ({ ...c, key: `category:${c.key}` })),
      })),
    },
    { type: 'divider' as const },
    { key: 'copy', label: '复制本条指标', icon: <CopyOutlined /> },
    { key: 'paste', label: '粘贴到本项目', icon: <SnippetsOutlined />, disabled: !copied.get() },
    { type: 'divider' as const },
    { key: 'delete', label: '删除指标', icon: <DeleteOutlined />, danger: true },
  ];
}

function runRowCommand(key: string, projectId: number, indicator: IndicatorData): void {
  const id = indicator.id;
  if (key === 'add') addIndicatorAfter(projectId, id);
  else if (key === 'up') void moveIndicator(projectId, id, -1);
  else if (key === 'down') void moveIndicator(projectId, id, 1);
  else if (key === 'delete') void deleteIndicator(indicator);
  else if (key.startsWith('category:')) void setIndicatorCategory(id, key.slice(9));
  else if (key === 'copy') {
    pickIndicator(projectId, id, false);
    copySelection();
  } else if (key === 'paste') void paste();
}

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
      // A finding about the category (printed elsewhere, a 二级 that does not fit) goes here.
      id={fieldId.indicator(id, 'category')}
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
