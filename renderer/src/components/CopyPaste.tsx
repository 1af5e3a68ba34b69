import { CopyOutlined, HistoryOutlined, SnippetsOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { lazy, Suspense, useEffect, useSyncExternalStore, type MouseEvent } from 'react';
import { onMenuCommand } from '../api.ts';
import { useAtom } from '../atom.ts';
import {
  copied,
  copySelection,
  isTextContext,
  paste,
  pickedIndicators,
  pickIndicator,
} from '../copy-paste.ts';
import { openPreviousIndicators, previousDialog } from '../previous-indicators.ts';
import { store } from '../store.ts';

/** 从上年表格复制指标: loaded the first time it opens. */
const PreviousIndicatorsDialog = lazy(() => import('./PreviousIndicatorsDialog.tsx'));

/**
 * The entry points of 复制 / 粘贴 (copy-paste.ts): the tree's buttons, the indicators' row
 * numbers that pick them, the indicator section's buttons, Ctrl+C / Ctrl+V outside text
 * fields, and the desktop menu's 编辑 › 复制项目/指标, 粘贴项目/指标.
 */

function copiedTitle(): string {
  const c = copied.get();
  if (!c) return '粘贴：先复制一个项目或指标';
  return c.kind === 'project'
    ? `粘贴项目“${c.name.trim() || '（未命名项目）'}”的副本到选中的资金使用单位（Ctrl+V）`
    : `粘贴 ${c.ids.length} 条指标到选中的项目（Ctrl+V）`;
}

/** 复制 and 粘贴 in the tree's toolbar: a project from the tree. */
export function TreeCopyButtons({ hasUnits }: { hasUnits: boolean }) {
  const clip = useAtom(copied);
  return (
    <>
      <Button
        size="small"
        icon={<CopyOutlined />}
        aria-label="复制项目"
        title="复制选中的项目（连同指标）；在项目之外按 Ctrl+C 亦可"
        disabled={!hasUnits}
        onClick={() => copySelection('project')}
      >
        复制
      </Button>
      <Button
        size="small"
        icon={<SnippetsOutlined />}
        aria-label="粘贴"
        title={copiedTitle()}
        disabled={!hasUnits || clip === null}
        onClick={() => void paste()}
      >
        粘贴
      </Button>
    </>
  );
}

/**
 * Under the indicators' header, only while there is something to do: the picked indicators
 * (复制, 取消选择) and the indicators copied (粘贴到本项目).
 */
export function IndicatorCopyButtons({ projectId }: { projectId: number }) {
  const picked = useAtom(pickedIndicators);
  const clip = useAtom(copied);
  const count = picked?.projectId === projectId ? picked.ids.length : 0;
  const fromPrevious = useSyncExternalStore(
    store.subscribe,
    () => (store.doc?.data.previousYear ?? null) !== null,
  );
  const dialogOpen = useAtom(previousDialog) !== null;
  if (count === 0 && clip?.kind !== 'indicators' && !fromPrevious) return null;
  return (
    <div className="ind-copy-bar" role="toolbar" aria-label="复制粘贴指标">
      {dialogOpen && (
        <Suspense fallback={null}>
          <PreviousIndicatorsDialog />
        </Suspense>
      )}
      {fromPrevious && (
        <Button
          size="small"
          type="link"
          icon={<HistoryOutlined />}
          title="从上年的表格中选择同名项目（或其他项目）的指标，复制到本项目"
          onClick={() => openPreviousIndicators(projectId)}
        >
          从上年表格复制指标…
        </Button>
      )}
      {count > 0 && (
        <>
          <span className="muted">已选 {count} 条指标</span>
          <Button size="small" icon={<CopyOutlined />} onClick={() => copySelection()}>
            复制所选指标（{count}）
          </Button>
          <Button size="small" type="text" onClick={() => pickedIndicators.set(null)}>
            取消选择
          </Button>
        </>
      )}
      {clip?.kind === 'indicators' && (
        <Button
          size="small"
          icon={<SnippetsOutlined />}
          title={copiedTitle()}
          onClick={() => void paste()}
        >
          粘贴 {clip.ids.length} 条指标到本项目
        </Button>
      )}
    </div>
  );
}

/**
 * An indicator's number, which picks it for 复制 (Ctrl/Shift+click: several). Not a tab stop:
 * the row's fields are.
 */
export function IndicatorPick(props: { projectId: number; id: number; number: number }) {
  const { projectId, id, number } = props;
  const picked = useAtom(pickedIndicators);
  const on = picked?.projectId === projectId && picked.ids.includes(id);
  const onClick = (e: MouseEvent) =>
    pickIndicator(projectId, id, e.ctrlKey || e.metaKey || e.shiftKey);
  return (
    <button
      type="button"
      className={`ind-num ind-pick${on ? ' ind-picked' : ''}`}
      tabIndex={-1}
      aria-pressed={on}
      aria-label={`选中第${number}条指标`}
      title="选中本条指标以复制（Ctrl+单击可多选），然后按 Ctrl+C"
      onClick={onClick}
    >
      {number}
    </button>
  );
}

/**
 * Ctrl+C / Ctrl+V outside text fields, and the desktop menu's commands. In a text field (or
 * with text selected) the keys stay the text's. The clipboard events stand in for the keys
 * where the desktop menu's own 复制/粘贴 took them first.
 */
export function useCopyPasteKeys(): void {
  useEffect(() => {
    let handledAt = 0;
    const run = (what: 'copy' | 'paste') => {
      handledAt = Date.now();
      if (what === 'copy') copySelection();
      else void paste();
    };
    const onKey = (e: KeyboardEvent) => {
      if (!store.doc || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const key = e.key.toLowerCase();
      if ((key !== 'c' && key !== 'v') || isTextContext(e.target)) return;
      e.preventDefault();
      // In the tree, the selected project is what Ctrl+C means, whatever rows are picked.
      const inTree = e.target instanceof Element && e.target.closest('.unit-tree') !== null;
      if (key === 'c' && inTree) {
        handledAt = Date.now();
        copySelection('project');
      } else run(key === 'c' ? 'copy' : 'paste');
    };
    const onClipboard = (e: ClipboardEvent) => {
      if (!store.doc || isTextContext(e.target) || Date.now() - handledAt < 500) return;
      e.preventDefault();
      run(e.type === 'copy' ? 'copy' : 'paste');
    };
    const off = onMenuCommand((command) => {
      if (command === 'copy') copySelection();
      else if (command === 'paste') void paste();
    });
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onClipboard);
    document.addEventListener('paste', onClipboard);
    return () => {
      off();
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onClipboard);
      document.removeEventListener('paste', onClipboard);
    };
  }, []);
}
