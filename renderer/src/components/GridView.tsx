import { Button, Select } from 'antd';
import {
  memo,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
} from 'react';
import type { DocumentData } from '../../../db/shared/types.ts';
import { selectProject } from '../actions.tsx';
import { atom, useAtom } from '../atom.ts';
import { label } from '../categories.ts';
import { cellEdit, type SelectEdit, type TextEdit } from '../grid-edit.ts';
import {
  EMPTY_QUERY,
  GRID_COLUMNS,
  gridRows,
  queryRows,
  type ColumnKey,
  type GridQuery,
  type GridRow,
} from '../grid-rows.ts';
import { store, useDocument, useReadOnlyReason } from '../store.ts';
import { ui } from '../ui.ts';
import { useDraft } from '../useDraft.ts';
import { setViewMode } from '../view-mode.ts';
import { ViewSwitch } from './ViewSwitch.tsx';

/**
 * 表格视图: every indicator of the document (or of one 资金使用单位) in one grid, as a clerk
 * reads a spreadsheet. Only the rows in view are in the DOM (fixed row height, a few rows more
 * above and below), so the 10× document (2,730 indicators) scrolls as lightly as a small one.
 *
 * The grid holds the keyboard focus itself and points at the active cell (aria-activedescendant):
 * arrows, Tab, Home/End, PageUp/PageDown move; Enter or F2 (or typing) edits the cell in place,
 * Enter or Tab keeps the text, Esc gives it up; Ctrl+Enter opens the indicator in the form. An
 * edit goes through the form's own operations (grid-edit.ts): one undo step each.
 */

const ROW_H = 32;
const HEAD_H = 34;
const FILTER_H = 34;
const TOP = HEAD_H + FILTER_H;
const NUM_W = 56;
/** Rows drawn beyond the view, above and below: scrolling a little draws nothing new. */
const OVERSCAN = 4;
/**
 * The characters of a cell's text put on screen: more than the widest column shows (the rest is
 * cut off with …, and the whole text is in the tooltip). A long 指标解释 is not laid out whole in
 * every row scrolled past.
 */
const SHOWN_CHARS = 40;
/** More than the rows ever drawn at once (a 4K screen's worth and the overscan). */
const POOL = 128;
const COLUMN_LEFT = GRID_COLUMNS.reduce<number[]>(
  (lefts, c, i) => [...lefts, (lefts[i] ?? NUM_W) + c.width],
  [NUM_W],
);
const TOTAL_W = COLUMN_LEFT[GRID_COLUMNS.length]!;
/** The columns' widths as a CSS grid template (every row, header and filters share it). */
const COLUMN_TEMPLATE = [NUM_W, ...GRID_COLUMNS.map((c) => c.width)].map((w) => `${w}px`).join(' ');
/** Where the cursor starts: 三级指标. */
const FIRST_EDIT_COL = GRID_COLUMNS.findIndex((c) => c.key === 'name');

/** The table's filters and sort, kept while the clerk switches to the form and back. */
export const gridQuery = atom<GridQuery>(EMPTY_QUERY);

/** The active cell (indicator, column) and whether it is being edited. */
interface Cursor {
  readonly id: number | null;
  readonly col: number;
  readonly editing: boolean;
  /** The text an edit starts with (a key typed on the cell, or text the host refused). */
  readonly seed?: string;
}
const cursor = atom<Cursor>({ id: null, col: FIRST_EDIT_COL, editing: false });

/**
 * The editor open, asked before the cursor leaves it: false keeps it open (its text is invalid
 * and would be lost). Null while no cell is being edited.
 */
let leaveEditor: (() => boolean) | null = null;

const cellId = (id: number, col: number) => `grid-c${id}-${col}`;

export default function GridView() {
  const doc = useDocument();
  if (!doc) return null;
  return <GridPanel data={doc.data} />;
}

function GridPanel({ data }: { data: DocumentData }) {
  const query = useAtom(gridQuery);
  const all = gridRows(data);
  const shown = useMemo(() => queryRows(all, query), [all, query]);
  const readOnly = useReadOnlyReason();
  const level2 = useMemo(
    () =>
      data.tree.level1.flatMap((l1) =>
        l1.level2.map((l2) => ({ value: l2.code, label: `${label(l1)} › ${label(l2)}` })),
      ),
    [data.tree],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const cur = useAtom(cursor);
  const index = useMemo(() => new Map(shown.map((r, i) => [r.id, i])), [shown]);
  const latest = useRef({ shown, index, level2, readOnly });
  latest.current = { shown, index, level2, readOnly };

  // The cursor starts on the selected project's first indicator (or the first row).
  useLayoutEffect(() => {
    const { shown, index } = latest.current;
    const c = cursor.get();
    if (c.id === null || !index.has(c.id)) {
      const sel = store.selection;
      const start =
        (sel?.kind === 'project' && shown.find((r) => r.projectId === sel.id)) ||
        (sel?.kind === 'unit' && shown.find((r) => r.unitId === sel.id)) ||
        shown[0];
      cursor.set({ id: start?.id ?? null, col: c.col, editing: false });
    }
    const at = index.get(cursor.get().id ?? -1);
    if (at !== undefined) reveal(scrollRef.current, at, cursor.get().col, 'center');
    scrollRef.current?.focus({ preventScroll: true });
  }, []);

  const row = cur.id === null ? undefined : index.get(cur.id);
  const active = row === undefined || cur.id === null ? undefined : cellId(cur.id, cur.col);

  const focusGrid = () => scrollRef.current?.focus({ preventScroll: true });

  /** Moves the cursor (unless the open editor holds text that cannot be kept). */
  const moveTo = (at: number, col: number): void => {
    const { shown } = latest.current;
    if (shown.length === 0) return;
    if (leaveEditor && !leaveEditor()) return;
    const r = shown[Math.max(0, Math.min(shown.length - 1, at))]!;
    const c = Math.max(0, Math.min(GRID_COLUMNS.length - 1, col));
    cursor.set({ id: r.id, col: c, editing: false });
    reveal(scrollRef.current, latest.current.index.get(r.id) ?? 0, c, 'nearest');
  };

  const startEdit = (seed?: string): void => {
    const { shown, index, level2, readOnly } = latest.current;
    const c = cursor.get();
    const r = c.id === null ? undefined : shown[index.get(c.id) ?? -1];
    if (!r) return;
    if (readOnly) {
      ui().message.info({ content: readOnly, key: 'grid' });
      return;
    }
    const edit = cellEdit(r.indicator, GRID_COLUMNS[c.col]!.key, level2);
    if (edit.kind === 'none') {
      ui().message.info({ content: edit.reason, key: 'grid' });
      return;
    }
    if (edit.kind === 'select' && seed !== undefined) return;
    cursor.set({ ...c, editing: true, ...(seed === undefined ? {} : { seed }) });
  };

  const toForm = (): void => {
    const { shown, index } = latest.current;
    const c = cursor.get();
    const r = c.id === null ? undefined : shown[index.get(c.id) ?? -1];
    setViewMode('form');
    if (!r) return;
    const key = GRID_COLUMNS[c.col]!.key;
    const field = key === 'cycle' ? 'cycleValue' : key === 'annual' ? 'annualValue' : 'name';
    selectProject(r.projectId, field, r.id);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.target !== e.currentTarget) return; // the filters and the cell editor keep their keys
    const at = row ?? 0;
    const page = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 400) - TOP) / ROW_H));
    const mod = e.ctrlKey || e.metaKey;
    const last = GRID_COLUMNS.length - 1;
    let handled = true;
    switch (e.key) {
      case 'ArrowUp':
        moveTo(mod ? 0 : at - 1, cur.col);
        break;
      case 'ArrowDown':
        moveTo(mod ? Infinity : at + 1, cur.col);
        break;
      case 'ArrowLeft':
        moveTo(at, mod ? 0 : cur.col - 1);
        break;
      case 'ArrowRight':
        moveTo(at, mod ? last : cur.col + 1);
        break;
      case 'Home':
        moveTo(mod ? 0 : at, 0);
        break;
      case 'End':
        moveTo(mod ? Infinity : at, last);
        break;
      case 'PageUp':
        moveTo(at - page, cur.col);
        break;
      case 'PageDown':
        moveTo(at + page, cur.col);
        break;
      case 'Tab':
        // Tab leaves the grid from its last cell (or Shift+Tab from its first).
        if (e.shiftKey ? at === 0 && cur.col === 0 : at >= shown.length - 1 && cur.col === last) {
          handled = false;
        } else if (e.shiftKey) {
          if (cur.col > 0) moveTo(at, cur.col - 1);
          else moveTo(at - 1, last);
        } else if (cur.col < last) moveTo(at, cur.col + 1);
        else moveTo(at + 1, 0);
        break;
      case 'Enter':
        if (mod) toForm();
        else startEdit();
        break;
      case 'F2':
        startEdit();
        break;
      default:
        // A character typed on a text cell starts editing it with that character.
        if (e.key.length === 1 && !mod && !e.altKey && e.key !== ' ') {
          const col = GRID_COLUMNS[cur.col]!;
          if (col.editor === 'text') startEdit(e.key);
          else handled = false;
        } else handled = false;
    }
    if (handled) e.preventDefault();
  };

  const done = (move: 'down' | 'right' | 'left' | null): void => {
    const c = cursor.get();
    cursor.set({ id: c.id, col: c.col, editing: false });
    focusGrid();
    const at = latest.current.index.get(c.id ?? -1) ?? 0;
    if (move === 'down') moveTo(at + 1, c.col);
    else if (move === 'right') moveTo(at, c.col + 1);
    else if (move === 'left') moveTo(at, c.col - 1);
  };

  return (
    <section className="grid-view" aria-label="指标表格">
      <GridToolbar
        data={data}
        query={query}
        total={all.length}
        shown={shown.length}
        onForm={toForm}
      />
      <div
        ref={scrollRef}
        className="grid-scroll"
        tabIndex={0}
        role="grid"
        aria-label="全部指标"
        aria-rowcount={shown.length + 2}
        aria-colcount={GRID_COLUMNS.length + 1}
        aria-activedescendant={active}
        onKeyDown={onKeyDown}
      >
        <div
          className="grid-inner"
          style={{ width: TOTAL_W, ['--grid-columns' as string]: COLUMN_TEMPLATE }}
        >
          <GridHeader query={query} />
          <GridBody
            rows={shown}
            scrollRef={scrollRef}
            level2={level2}
            onCellDown={(at, col) => {
              const c = cursor.get();
              if (c.editing && c.id === shown[at]?.id && c.col === col) return;
              moveTo(at, col);
              focusGrid();
            }}
            onCellEdit={() => startEdit()}
            onDone={done}
          />
          {shown.length === 0 && (
            <div className="grid-empty muted">
              {all.length === 0 ? '本文档还没有绩效指标' : '没有符合筛选条件的指标'}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

/** Scrolls the grid so that a cell is in view below the sticky header. */
function reveal(el: HTMLElement | null, at: number, col: number, how: 'nearest' | 'center'): void {
  if (!el) return;
  const top = TOP + at * ROW_H;
  const view = el.clientHeight;
  if (how === 'center') el.scrollTop = Math.max(0, top - (view + TOP) / 2);
  else if (top < el.scrollTop + TOP) el.scrollTop = top - TOP;
  else if (top + ROW_H > el.scrollTop + view) el.scrollTop = top + ROW_H - view;
  const left = COLUMN_LEFT[col] ?? 0;
  const right = COLUMN_LEFT[col + 1] ?? TOTAL_W;
  // The 序号 column stays at the left: a cell is in view right of it.
  if (left - NUM_W < el.scrollLeft) el.scrollLeft = left - NUM_W;
  else if (right > el.scrollLeft + el.clientWidth) el.scrollLeft = right - el.clientWidth;
}

const GridToolbar = memo(function GridToolbar(props: {
  data: DocumentData;
  query: GridQuery;
  total: number;
  shown: number;
  onForm: () => void;
}) {
  const { data, query } = props;
  const filtered =
    query.unitId !== null || Object.values(query.filters).some((f) => f && f.trim() !== '');
  return (
    <div className="grid-toolbar">
      <Select<number>
        size="small"
        className="grid-scope"
        aria-label="范围"
        value={query.unitId ?? -1}
        popupMatchSelectWidth={false}
        options={[
          { value: -1, label: '全部资金使用单位' },
          ...data.units.map((u) => ({
            value: u.id,
            label: u.name.trim() || '（未命名资金使用单位）',
          })),
        ]}
        onChange={(v) => gridQuery.set({ ...gridQuery.get(), unitId: v === -1 ? null : v })}
      />
      <span className="muted" role="status">
        {filtered ? `筛选出 ${props.shown} / ${props.total} 条指标` : `共 ${props.total} 条指标`}
      </span>
      {(filtered || query.sort) && (
        <Button size="small" onClick={() => gridQuery.set(EMPTY_QUERY)}>
          清除筛选和排序
        </Button>
      )}
      <Button size="small" onClick={props.onForm} title="在表单中打开当前指标（Ctrl+Enter）">
        转到表单
      </Button>
      <span className="muted grid-hint">方向键移动，Enter 或 F2 修改，Esc 取消，点击列名排序</span>
      <ViewSwitch />
    </div>
  );
});

const SORT_LABEL = { ascend: '升序', descend: '降序' } as const;

const GridHeader = memo(function GridHeader({ query }: { query: GridQuery }) {
  const setFilter = (key: ColumnKey, text: string) => {
    const q = gridQuery.get();
    gridQuery.set({ ...q, filters: { ...q.filters, [key]: text } });
  };
  const toggleSort = (key: ColumnKey) => {
    const q = gridQuery.get();
    const order = q.sort?.key === key ? q.sort.order : null;
    const next = order === null ? 'ascend' : order === 'ascend' ? 'descend' : null;
    gridQuery.set({ ...q, sort: next ? { key, order: next } : null });
  };
  return (
    <div className="grid-head" role="rowgroup">
      <div className="grid-row grid-head-row" role="row" aria-rowindex={1}>
        <div className="grid-cell grid-num" role="columnheader" aria-colindex={1}>
          序号
        </div>
        {GRID_COLUMNS.map((c, i) => {
          const order = query.sort?.key === c.key ? query.sort.order : null;
          return (
            <div
              key={c.key}
              className="grid-cell"
              role="columnheader"
              aria-colindex={i + 2}
              aria-sort={order === null ? 'none' : order === 'ascend' ? 'ascending' : 'descending'}
            >
              <button
                type="button"
                className="grid-sort"
                tabIndex={-1}
                title={`按“${c.title}”排序（再点一次换方向，第三次取消）`}
                onClick={() => toggleSort(c.key)}
              >
                {c.title}
                <span className="grid-sort-mark" aria-hidden="true">
                  {order === 'ascend' ? '▲' : order === 'descend' ? '▼' : ''}
                </span>
                {order && <span className="sr-only">（{SORT_LABEL[order]}）</span>}
              </button>
            </div>
          );
        })}
      </div>
      <div className="grid-row grid-filter-row" role="row" aria-rowindex={2}>
        <div className="grid-cell grid-num" role="columnheader" aria-colindex={1}>
          筛选
        </div>
        {GRID_COLUMNS.map((c, i) => (
          <div key={c.key} className="grid-cell" role="columnheader" aria-colindex={i + 2}>
            <input
              className="grid-filter"
              aria-label={`筛选：${c.title}`}
              placeholder="包含…"
              value={query.filters[c.key] ?? ''}
              onChange={(e) => setFilter(c.key, e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape' && e.currentTarget.value !== '') {
                  e.preventDefault();
                  setFilter(c.key, '');
                }
              }}
            />
          </div>
        ))}
      </div>
    </div>
  );
});

interface BodyProps {
  rows: readonly GridRow[];
  scrollRef: React.RefObject<HTMLDivElement | null>;
  level2: SelectEdit['options'];
  onCellDown: (at: number, col: number) => void;
  onCellEdit: () => void;
  onDone: (move: 'down' | 'right' | 'left' | null) => void;
}

/** The rows in view, and a few more: re-drawn only when the range of rows changes. */
function GridBody(props: BodyProps) {
  const { rows, scrollRef } = props;
  const [range, setRange] = useState({ from: 0, to: 40 });
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const update = () => {
      const first = Math.floor(Math.max(0, el.scrollTop - TOP) / ROW_H);
      const count = Math.ceil(el.clientHeight / ROW_H);
      setRange((r) => {
        // Inside the rows already drawn (with a margin): nothing to draw.
        if (first >= r.from + 1 && first + count <= r.to - 1) return r;
        return { from: Math.max(0, first - OVERSCAN), to: first + count + OVERSCAN };
      });
    };
    update();
    el.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, [scrollRef]);
  const handlers = useRef(props);
  handlers.current = props;
  const stable = useMemo(
    () => ({
      down: (at: number, col: number) => handlers.current.onCellDown(at, col),
      edit: () => handlers.current.onCellEdit(),
      done: (m: 'down' | 'right' | 'left' | null) => handlers.current.onDone(m),
    }),
    [],
  );
  const visible = rows.slice(range.from, Math.min(rows.length, range.to));
  return (
    <div
      className="grid-body"
      role="rowgroup"
      style={{ height: rows.length * ROW_H, width: TOTAL_W }}
    >
      {visible.map((r, k) => (
        <GridRowView
          // Keyed by its place in a pool, not by indicator: a row scrolled out is filled with
          // the one scrolled in, so scrolling changes text in place instead of making elements.
          key={(range.from + k) % POOL}
          row={r}
          at={range.from + k}
          level2={props.level2}
          handlers={stable}
        />
      ))}
    </div>
  );
}

interface Handlers {
  down: (at: number, col: number) => void;
  edit: () => void;
  done: (m: 'down' | 'right' | 'left' | null) => void;
}

/**
 * One row: its cells are plain elements (no component each), so a row scrolled in costs one
 * component. The row follows the cursor only while the cursor is on it (useRowCursor).
 */
const GridRowView = memo(function GridRowView(props: {
  row: GridRow;
  at: number;
  level2: SelectEdit['options'];
  handlers: Handlers;
}) {
  const { row, at, handlers } = props;
  const state = useRowCursor(row.id);
  const activeCol = state < 0 ? -1 : state >> 1;
  const editing = state >= 0 && (state & 1) === 1;
  return (
    <div
      className={`grid-row${at % 2 ? ' grid-odd' : ''}`}
      role="row"
      aria-rowindex={at + 3}
      style={{ transform: `translateY(${at * ROW_H}px)` }}
      onMouseDown={(e) => {
        const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-col]');
        if (!cell || (editing && Number(cell.dataset.col) === activeCol)) return;
        e.preventDefault(); // the grid keeps the focus
        handlers.down(at, Number(cell.dataset.col));
      }}
      onDoubleClick={(e) => {
        if ((e.target as HTMLElement).closest('[data-col]')) handlers.edit();
      }}
    >
      <div className="grid-cell grid-num" role="rowheader">
        {at + 1}
      </div>
      {GRID_COLUMNS.map((c, ci) => {
        const text = c.text(row);
        const linked = c.key === 'annual' && row.indicator.annualFollowsCycle;
        const active = ci === activeCol;
        let cls = c.editor ? 'grid-cell' : 'grid-cell grid-readonly';
        if (linked) cls += ' grid-linked';
        if (active) cls += ' grid-active';
        if (active && editing) {
          const edit = cellEdit(row.indicator, c.key, props.level2);
          return (
            <div key={c.key} className={`${cls} grid-editing`} role="gridcell" data-col={ci}>
              {edit.kind === 'text' ? (
                <TextEditor edit={edit} rowId={row.id} col={ci} onDone={handlers.done} />
              ) : edit.kind === 'select' ? (
                <SelectEditor edit={edit} onDone={handlers.done} />
              ) : null}
            </div>
          );
        }
        return (
          <div
            key={c.key}
            id={active ? cellId(row.id, ci) : undefined}
            className={cls}
            role="gridcell"
            aria-selected={active || undefined}
            data-col={ci}
            title={text || undefined}
          >
            {linked && (
              // Text, not an icon: an SVG in every row costs more to draw than the row's text.
              <span
                className="grid-link"
                role="img"
                aria-label="同实施周期指标值"
                title="年度指标值与实施周期指标值一致（随之更新）"
              >
                同
              </span>
            )}
            {text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text}
          </div>
        );
      })}
    </div>
  );
});

/** -1: the cursor is elsewhere; else its column × 2, plus 1 while it edits. */
function useRowCursor(id: number): number {
  return useSyncExternalStore(cursor.subscribe, () => {
    const c = cursor.get();
    return c.id === id ? c.col * 2 + (c.editing ? 1 : 0) : -1;
  });
}

/** A text cell being edited: a draft like the form's fields (sent after a pause, on Enter, Tab). */
function TextEditor(props: {
  edit: TextEdit;
  rowId: number;
  col: number;
  onDone: (move: 'down' | 'right' | 'left' | null) => void;
}) {
  const { edit, rowId, col, onDone } = props;
  const mounted = useRef(true);
  const composing = useRef(false);
  const draft = useDraft({
    value: edit.value,
    read: edit.read,
    label: edit.label,
    ...(edit.validate ? { validate: edit.validate } : {}),
    ...(edit.equals ? { equals: edit.equals } : {}),
    commit: async (text, guard) => {
      const outcome = await edit.commit(text, guard);
      // Refused after the editor closed: open it again with the clerk's text and the reason.
      if (!outcome.ok && outcome.code !== 'gone' && !mounted.current) {
        ui().message.error({ content: `${edit.label}未保存：${outcome.message}`, key: 'grid' });
        if (!cursor.get().editing) cursor.set({ id: rowId, col, editing: true, seed: text });
      }
      return outcome;
    },
  });
  const latest = useRef(draft);
  latest.current = draft;
  // A cell near the grid's right edge shows its message leftwards, so that it is read whole.
  const box = useRef<HTMLSpanElement>(null);
  const [nearRight, setNearRight] = useState(false);
  useLayoutEffect(() => {
    const el = box.current;
    const grid = el?.closest('.grid-scroll');
    if (!el || !grid) return;
    setNearRight(el.getBoundingClientRect().left > grid.getBoundingClientRect().right - 360);
  }, []);
  useEffect(() => {
    mounted.current = true;
    const seed = cursor.get().seed;
    if (seed !== undefined) latest.current.onChange(seed, false);
    leaveEditor = () => {
      const d = latest.current;
      if (d.error) return false;
      d.flush();
      return true;
    };
    return () => {
      mounted.current = false;
      leaveEditor = null;
    };
  }, []);
  const finish = (e: KeyboardEvent, move: 'down' | 'right' | 'left') => {
    e.preventDefault();
    if (draft.error) return; // the reason shows under the cell; the text stays
    draft.flush();
    onDone(move);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (composing.current || e.nativeEvent.isComposing || e.keyCode === 229) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      draft.discard();
      onDone(null);
    } else if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      finish(e, 'down');
    } else if (e.key === 'Enter' && e.shiftKey && edit.singleLine) {
      e.preventDefault();
    } else if (e.key === 'Tab') {
      finish(e, e.shiftKey ? 'left' : 'right');
    }
  };
  const common = {
    'aria-label': edit.label,
    'aria-invalid': draft.error ? true : undefined,
    className: `grid-input${draft.error ? ' grid-input-error' : ''}`,
    value: draft.value,
    autoFocus: true,
    onFocus: (e: React.FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      draft.onFocus();
      // Typed over (a key started the edit): the caret after it; else the whole text selected.
      if (cursor.get().seed === undefined) e.currentTarget.select();
    },
    onBlur: () => {
      draft.onBlur();
      if (!latest.current.error && cursor.get().editing) {
        const c = cursor.get();
        cursor.set({ id: c.id, col: c.col, editing: false });
      }
    },
    onCompositionStart: () => (composing.current = true),
    onCompositionEnd: (e: React.CompositionEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      composing.current = false;
      draft.onChange(e.currentTarget.value, false);
    },
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      draft.onChange(e.target.value, composing.current),
    onKeyDown,
  };
  return (
    <span className="grid-editor" ref={box}>
      {edit.prefix && <span className="grid-affix">{edit.prefix}</span>}
      {edit.singleLine ? <input {...common} /> : <textarea {...common} rows={1} />}
      {edit.suffix && <span className="grid-affix">{edit.suffix}</span>}
      {draft.error && (
        <span className={`grid-error${nearRight ? ' grid-error-end' : ''}`} role="alert">
          {draft.error}
        </span>
      )}
    </span>
  );
}

/** A list cell being edited (指标性质, 二级指标, 依据类别, 指标方向): the choice is sent at once. */
function SelectEditor(props: {
  edit: SelectEdit;
  onDone: (move: 'down' | 'right' | 'left' | null) => void;
}) {
  const { edit, onDone } = props;
  return (
    <Select<string>
      className="grid-select"
      size="small"
      aria-label={edit.label}
      autoFocus
      defaultOpen
      showSearch
      value={edit.value ?? undefined}
      options={edit.options as { value: string; label: string }[]}
      allowClear={edit.clearable}
      popupMatchSelectWidth={false}
      onSelect={(v: string) => {
        edit.choose(v);
        onDone(null);
      }}
      onClear={() => {
        edit.choose(null);
        onDone(null);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onDone(null);
        }
      }}
      onBlur={() => {
        if (cursor.get().editing) onDone(null);
      }}
    />
  );
}
