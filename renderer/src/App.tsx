import { App as AntApp, Spin } from 'antd';
import { useEffect, useState } from 'react';
import {
  hostInfo,
  layoutId,
  layouts,
  lostTexts,
  preview,
  runCommand,
  saveShortcut,
} from './actions.tsx';
import { onMenuCommand, setPreviewHandler } from './api.ts';
import { startBoot } from './boot.ts';
import { DocumentDialogs } from './components/DocumentForms.tsx';
import { Editor } from './components/Editor.tsx';
import { LockDialog } from './components/LockDialog.tsx';
import { LostTextDialog } from './components/LostTextDialog.tsx';
import { PrintPreview } from './components/PrintPreview.tsx';
import { StartPage } from './components/StartPage.tsx';
import { messageOf, store, useHasDocument } from './store.ts';
import { setUi } from './ui.ts';

const HEARTBEAT_MS = 2500;

/** The page: start page or editor, dialogs, and the keyboard and menu commands. */
export function App() {
  const antd = AntApp.useApp();
  setUi(antd);
  const [state, setState] = useState<'loading' | 'ready' | { error: string }>('loading');
  const hasDocument = useHasDocument();

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

  // First load: host, layouts, and the document the host already has open (or none).
  useEffect(() => {
    let live = true;
    startBoot().then(
      ({ info, layouts: layoutList, document }) => {
        if (!live) return;
        hostInfo.set(info);
        layouts.set(layoutList);
        if (!layoutId.get() && layoutList[0]) layoutId.set(layoutList[0].id);
        store.setDocument(document);
        setState('ready');
      },
      (e: unknown) => live && setState({ error: messageOf(e) }),
    );
    return () => {
      live = false;
    };
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

  if (state === 'loading') {
    return (
      <div className="loading">
        <Spin size="large" />
        <span className="muted">正在打开…</span>
      </div>
    );
  }
  if (typeof state === 'object') {
    return (
      <div className="loading" role="alert">
        <h1 className="start-title">无法连接编制器</h1>
        <p className="muted">{state.error}</p>
      </div>
    );
  }
  return (
    <>
      {hasDocument ? <Editor /> : <StartPage />}
      <DocumentDialogs />
      <LockDialog />
      <LostTextDialog />
      <PrintPreview />
    </>
  );
}
