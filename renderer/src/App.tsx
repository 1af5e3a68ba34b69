import { App as AntApp, ConfigProvider } from 'antd';
// antd's styles, then the page's own (which override some of antd's): in this order.
import 'antd/dist/antd.css';
import zhCN from 'antd/locale/zh_CN';
import { lazy, StrictMode, Suspense, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import {
  hostInfo,
  layouts,
  lostTexts,
  preview,
  runCommand,
  saveShortcut,
  showArrival,
  treeChangeOpen,
} from './actions.tsx';
import type { ImportedTable } from '../../db/shared/api/host-contract.ts';
import { useAtom } from './atom.ts';
import { onMenuCommand, setPreviewHandler } from './api.ts';
import type { Boot } from './boot.ts';
import { Editor } from './components/Editor.tsx';
import { messageOf, store, useHasDocument } from './store.ts';
import { setUi } from './ui.ts';
import './styles.css';

const HEARTBEAT_MS = 2500;

/*
 * Not on the editor's first screen: loaded once it is drawn, from chunks of their own, so that
 * their code is neither loaded nor started before the document is on screen. The start page is
 * the first screen only when no document is open.
 */
const StartPage = lazy(() =>
  import('./components/StartPage.tsx').then((m) => ({ default: m.StartPage })),
);
const DocumentDialogs = lazy(() =>
  import('./components/DocumentForms.tsx').then((m) => ({ default: m.DocumentDialogs })),
);
const LockDialog = lazy(() =>
  import('./components/LockDialog.tsx').then((m) => ({ default: m.LockDialog })),
);
const LostTextDialog = lazy(() =>
  import('./components/LostTextDialog.tsx').then((m) => ({ default: m.LostTextDialog })),
);
const PrintPreview = lazy(() =>
  import('./components/PrintPreview.tsx').then((m) => ({ default: m.PrintPreview })),
);
/** 更换指标体系: loaded the first time it is opened; most documents never change their tree. */
const TreeChangeDialog = lazy(() => import('./components/TreeChangeDialog.tsx'));

/**
 * Starts the page once the host has answered `boot` (see main.tsx): the document goes into the
 * store first, so React's first render is already the editor (or the start page). Rendering a
 * waiting state with antd first would cost the main thread as much as the editor's own first
 * render, at the moment the document arrives; index.html's markup says 正在打开… meanwhile.
 */
/** A document made from a table in another window: its notes, shown once the page is up. */
let arrival: ImportedTable | undefined;

export async function mount(container: HTMLElement, boot: Promise<Boot>): Promise<void> {
  let failed: string | undefined;
  try {
    const { info, layouts: layoutList, document } = await boot;
    hostInfo.set(info);
    // The select shows the document's remembered layout (AppHeader.tsx), the first by default.
    layouts.set(layoutList);
    store.setDocument(document);
    arrival = document?.imported;
  } catch (e) {
    failed = messageOf(e);
  }
  createRoot(container).render(
    <StrictMode>
      <ConfigProvider
        locale={zhCN}
        // 删除, not 删 除: button text is exactly the term (and the accessible name).
        button={{ autoInsertSpace: false }}
        theme={{
          // antd's styles come prebuilt (antd/dist/antd.css, imported above) instead of
          // being computed in the page at start. The Chinese font stack is set in styles.css.
          zeroRuntime: true,
        }}
      >
        <AntApp className="app-root">
          <App failed={failed} />
        </AntApp>
      </ConfigProvider>
    </StrictMode>,
  );
}

/**
 * The page: start page or editor, dialogs, and the keyboard and menu commands. `failed`: why
 * the host could not be asked for the document when the page loaded.
 */
export function App({ failed }: { readonly failed?: string | undefined }) {
  const antd = AntApp.useApp();
  setUi(antd);
  const hasDocument = useHasDocument();
  const treeChange = useAtom(treeChangeOpen);

  useEffect(() => {
    store.onError = (m) => void antd.message.error({ content: m, duration: 5 });
    store.onNotice = (m) => void antd.message.info({ content: m, duration: 4, key: 'notice' });
    store.onLostText = (lost) => lostTexts.set([...lostTexts.get(), lost]);
    store.askLeave = (count) =>
      new Promise<boolean>((resolve) => {
        antd.modal.confirm({
          title: '有尚未保存的输入',
          content: `有尚未保存的输入（${count} 处）：格式不对或未被接受的内容仍留在原处。离开将丢失这些输入。`,
          // Esc or a click outside means 返回修改: nothing is given up by accident.
          cancelText: '返回修改',
          okText: '放弃这些输入',
          okButtonProps: { danger: true },
          autoFocusButton: 'cancel',
          onOk: () => resolve(true),
          onCancel: () => resolve(false),
        });
      });
  }, [antd]);

  // Heartbeat: notices the host going away (or coming back) and other windows' edits while
  // the clerk is not typing; every 2.5 s while the page is seen, and when the window is focused.
  useEffect(() => {
    const stop = store.startHeartbeat(HEARTBEAT_MS, () => document.visibilityState === 'visible');
    const now = () => void store.poll();
    window.addEventListener('focus', now);
    window.addEventListener('online', now);
    return () => {
      stop();
      window.removeEventListener('focus', now);
      window.removeEventListener('online', now);
    };
  }, []);

  useEffect(() => {
    if (!arrival) return;
    showArrival(arrival);
    arrival = undefined;
  }, []);

  // Menu commands (Electron) and the print preview in the page (browser mode).
  useEffect(() => {
    setPreviewHandler((url, name) => preview.set({ url, name }));
    const off = onMenuCommand(runCommand);
    return () => {
      off();
      setPreviewHandler(undefined);
    };
  }, []);

  // Keyboard: Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z) over the document's history, Ctrl+S, F7 审核.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!store.doc) return;
      const target = e.target as HTMLElement | null;
      // Text fields in dialogs (新建, 打开…) keep their own undo; a confirmation that is just
      // closing must not swallow the Ctrl+Z that takes a deletion back.
      if (target?.closest('.ant-modal') && target.matches('input, textarea, [contenteditable]'))
        return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && !e.altKey && key === 'z') {
        e.preventDefault();
        runCommand(e.shiftKey ? 'redo' : 'undo');
      } else if (mod && !e.altKey && key === 'y') {
        e.preventDefault();
        runCommand('redo');
      } else if (mod && !e.altKey && key === 's') {
        e.preventDefault();
        saveShortcut();
      } else if (e.key === 'F7') {
        e.preventDefault();
        runCommand('check');
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  // Closing the window or the tab: send what is still being typed, and ask first when
  // something cannot be sent now (invalid or refused text, edits the host has not answered).
  useEffect(() => {
    const flush = () => store.flushDrafts(true);
    const beforeUnload = (e: BeforeUnloadEvent) => {
      store.flushDrafts(true);
      if (store.hasUnsent()) {
        e.preventDefault();
        e.returnValue = '有尚未保存的输入';
      }
    };
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', beforeUnload);
    // Hidden (minimised, another tab): still open, so in order, through the queue.
    const onHidden = () => {
      if (document.visibilityState === 'hidden') store.flushDrafts();
      else void store.poll(); // seen again: anything new since?
    };
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('visibilitychange', onHidden);
    };
  }, []);

  if (failed !== undefined) {
    return (
      <div className="loading" role="alert">
        <h1 className="start-title">无法连接编制器</h1>
        <p className="muted">{failed}</p>
      </div>
    );
  }
  return (
    <>
      {hasDocument ? (
        <Editor />
      ) : (
        <Suspense fallback={<Opening />}>
          <StartPage />
        </Suspense>
      )}
      <Suspense fallback={null}>
        <DocumentDialogs />
        <LockDialog />
        <LostTextDialog />
        <PrintPreview />
        {treeChange && hasDocument && <TreeChangeDialog />}
      </Suspense>
    </>
  );
}

/** What index.html shows until the page has started (see loading.css). */
function Opening() {
  return (
    <div className="loading" role="status">
      <span className="loading-spinner" aria-hidden="true" />
      <span className="muted loading-text">正在打开…</span>
    </div>
  );
}
