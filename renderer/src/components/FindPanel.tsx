import { CloseOutlined } from '@ant-design/icons';
import { Button, Checkbox, Input, type InputRef } from 'antd';
import {
  memo,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactElement,
} from 'react';
import {
  countMatches,
  FIND_FIELD_LABEL,
  findInDocument,
  prepareFind,
  type FindHit,
} from '../../../db/shared/find.ts';
import { useAtom } from '../atom.ts';
import {
  closeFind,
  currentHits,
  findFocusRequest,
  findInProject,
  findOptions,
  findPanel,
  findQuery,
  goToHit,
  inScope,
  openFind,
  replaceFound,
  replaceWith,
} from '../find.ts';
import { store, useDocument, useReadOnlyReason, useSelection } from '../store.ts';
import { placeText } from './FindingsPanel.tsx';

/** The panel's width; the editor leaves this much room on the right while it is open. */
export const FIND_WIDTH = 360;
/**
 * Rows drawn at first, and how many more each time the list is scrolled near its end (or the
 * arrows go past them): drawing hundreds of rows is what a search would wait for, not finding.
 */
const FIRST_ROWS = 40;
const MORE_ROWS = 100;
/** Characters shown before the first place found in a long text. */
const BEFORE = 16;
const SNIPPET = 90;

/**
 * 查找和替换 (Ctrl+F / Ctrl+H): a column on the right of the editor listing every field of the
 * document that holds the query, with its place and the text found marked. Enter (or a click)
 * puts the cursor in the field; 替换 replaces in the field chosen, 全部替换 everywhere, each one
 * step of 撤销. Mounted with the editor: it owns its shortcuts.
 */
export function FindPanel() {
  const open = useAtom(findPanel);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!store.doc) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest('.ant-modal')) return;
      const mod = (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
      const key = e.key.toLowerCase();
      if (mod && (key === 'f' || key === 'h')) {
        e.preventDefault();
        openFind(key === 'h');
      } else if (e.key === 'F3' && findPanel.get()) {
        e.preventDefault();
        stepAndGo(e.shiftKey ? -1 : 1);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  if (!open) return null;
  return <OpenPanel replace={open.replace} />;
}

/** The row chosen in the list (kept across renders, moved by the arrows and F3). */
let activeIndex = 0;
let setActiveView: ((i: number) => void) | undefined;

function stepAndGo(delta: number): void {
  const data = store.doc?.data;
  if (!data) return;
  const hits = currentHits();
  if (hits.length === 0) return;
  activeIndex = (activeIndex + delta + hits.length) % hits.length;
  setActiveView?.(activeIndex);
  goToHit(hits[activeIndex]!);
}

function OpenPanel({ replace }: { readonly replace: boolean }) {
  const doc = useDocument();
  const readOnly = useReadOnlyReason() !== null;
  const query = useAtom(findQuery);
  const replacement = useAtom(replaceWith);
  const options = useAtom(findOptions);
  const focusRequest = useAtom(findFocusRequest);
  const [active, setActive] = useState(activeIndex);
  const input = useRef<InputRef>(null);
  const list = useRef<HTMLUListElement>(null);
  const [top, setTop] = useState(0);

  setActiveView = (i) => setActive(i);
  useEffect(
    () => () => {
      setActiveView = undefined;
    },
    [],
  );

  // Below the toolbar and above the status bar, whatever their height.
  useLayoutEffect(() => {
    const place = () => {
      const body = document.querySelector('.editor-body');
      setTop(body ? body.getBoundingClientRect().top : 0);
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, []);

  useEffect(() => {
    input.current?.focus({ cursor: 'all' });
  }, [focusRequest]);

  // The document's fields listed and folded while the page is idle, before the next query.
  useEffect(() => {
    if (!doc) return;
    const h = requestIdleCallback(() => prepareFind(doc.data), { timeout: 1000 });
    return () => cancelIdleCallback(h);
  }, [doc]);

  const selection = useSelection();
  const inProject = useAtom(findInProject);
  const scope = inProject && selection?.kind === 'project' ? selection.id : undefined;
  const hits = useMemo(
    () => (doc ? inScope(findInDocument(doc.data, query, options), scope) : []),
    [doc, query, options, scope],
  );
  const current = Math.min(active, Math.max(0, hits.length - 1));
  activeIndex = current;
  // Rows drawn: reset for each new list, always including the chosen one.
  const [drawn, setDrawn] = useState({ hits, rows: FIRST_ROWS });
  if (drawn.hits !== hits) setDrawn({ hits, rows: FIRST_ROWS });
  const rows = Math.max(drawn.hits === hits ? drawn.rows : FIRST_ROWS, current + 10);
  const onScroll = () => {
    const el = list.current;
    if (el && el.scrollTop + el.clientHeight > el.scrollHeight - 300 && rows < hits.length) {
      setDrawn({ hits, rows: rows + MORE_ROWS });
    }
  };

  useEffect(() => {
    const row = list.current?.querySelector<HTMLElement>(`[data-index="${current}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const move = (delta: number) => {
    if (hits.length === 0) return;
    setActive((current + delta + hits.length) % hits.length);
  };
  const go = (i: number) => {
    const hit = hits[i];
    if (!hit) return;
    setActive(i);
    goToHit(hit);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      move(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      move(-1);
    } else if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      e.preventDefault();
      go(current);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      closeFind();
    }
  };

  const places = countMatches(hits);
  const amounts = hits.filter((h) => !h.replaceable).length;
  const chosen = hits[current];
  const canReplace = !readOnly && query.trim() !== '' && hits.some((h) => h.replaceable);

  return (
    <aside className="find-panel" aria-label="查找和替换" style={{ top, width: FIND_WIDTH }}>
      <div className="find-head">
        <strong>{replace ? '查找和替换' : '查找'}</strong>
        <Button
          type="link"
          size="small"
          onClick={() => openFind(!replace)}
          title={replace ? '只查找（Ctrl+F）' : '显示替换（Ctrl+H）'}
        >
          {replace ? '只查找' : '替换…'}
        </Button>
        <Button
          type="text"
          size="small"
          icon={<CloseOutlined />}
          aria-label="关闭查找"
          title="关闭（Esc）"
          onClick={closeFind}
        />
      </div>
      <Input
        ref={input}
        aria-label="查找内容"
        placeholder="查找内容：名称、目标、指标、金额…"
        value={query}
        allowClear
        onChange={(e) => {
          findQuery.set(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {replace && (
        <Input
          aria-label="替换为"
          placeholder="替换为"
          value={replacement}
          disabled={readOnly}
          onChange={(e) => replaceWith.set(e.target.value)}
          onKeyDown={onKeyDown}
        />
      )}
      <div className="find-options">
        <Checkbox
          checked={options.matchCase === true}
          onChange={(e) => findOptions.set({ ...options, matchCase: e.target.checked })}
        >
          区分大小写
        </Checkbox>
        <Checkbox
          checked={options.wholeField === true}
          onChange={(e) => findOptions.set({ ...options, wholeField: e.target.checked })}
        >
          整个字段一致
        </Checkbox>
        <Checkbox
          checked={inProject}
          disabled={selection?.kind !== 'project'}
          onChange={(e) => findInProject.set(e.target.checked)}
          title="只查找（和替换）左侧所选项目中的内容"
        >
          仅当前项目
        </Checkbox>
      </div>
      {replace && (
        <div className="find-actions">
          <Button
            size="small"
            disabled={!canReplace || !chosen?.replaceable}
            onClick={() => chosen && void replaceFound([chosen.key])}
            title="替换所选字段中找到的内容"
          >
            替换
          </Button>
          <Button
            size="small"
            type="primary"
            disabled={!canReplace}
            onClick={() =>
              void replaceFound(
                scope === undefined
                  ? undefined
                  : hits.filter((h) => h.replaceable).map((h) => h.key),
              )
            }
          >
            全部替换
          </Button>
        </div>
      )}
      <div className="find-summary muted" role="status">
        {query.trim() === ''
          ? '全角、半角字母数字视为相同；金额按本文档单位查找'
          : hits.length === 0
            ? '未找到'
            : `共 ${places} 处，${hits.length} 个字段${
                amounts > 0 ? `（其中金额 ${amounts} 处，替换时不改金额）` : ''
              }`}
      </div>
      <ul
        className="find-results"
        role="listbox"
        aria-label="查找结果"
        ref={list}
        onScroll={onScroll}
      >
        {hits.slice(0, rows).map((hit, i) => (
          <HitRow key={hit.key} hit={hit} index={i} active={i === current} onGo={go} />
        ))}
        {hits.length > rows && (
          <li className="find-more muted" aria-hidden="true">
            向下滚动显示其余 {hits.length - rows} 个字段…
          </li>
        )}
      </ul>
    </aside>
  );
}

const HitRow = memo(function HitRow(props: {
  hit: FindHit;
  index: number;
  active: boolean;
  onGo: (i: number) => void;
}) {
  const { hit, index, active, onGo } = props;
  const place = placeText(hit) || '（文档）';
  return (
    <li
      role="option"
      aria-selected={active}
      data-index={index}
      className={`find-hit${active ? ' find-hit-active' : ''}`}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => onGo(index)}
    >
      <div className="find-place">
        {place} <span className="find-field">{FIND_FIELD_LABEL[hit.kind]}</span>
      </div>
      <div className="find-text">{snippet(hit)}</div>
    </li>
  );
});

/** The text around the places found, each marked. */
function snippet(hit: FindHit) {
  const first = hit.ranges[0]![0];
  const from = Math.max(0, first - BEFORE);
  const to = Math.min(hit.text.length, from + SNIPPET);
  const parts: (string | ReactElement)[] = [];
  if (from > 0) parts.push('…');
  let at = from;
  for (const [start, end] of hit.ranges) {
    if (start >= to) break;
    if (start > at) parts.push(hit.text.slice(at, start));
    parts.push(<mark key={start}>{hit.text.slice(Math.max(start, at), Math.min(end, to))}</mark>);
    at = Math.min(end, to);
  }
  if (at < to) parts.push(hit.text.slice(at, to));
  if (to < hit.text.length) parts.push('…');
  return parts;
}
