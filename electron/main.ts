import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { toApiError } from '../db/api/session.ts';
import { withoutUnitOption } from '../db/shared/api/source-unit.ts';
import type { EditorSession } from '../db/api/session.ts';
import {
  APP_INDEX_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  handleAppRequest,
} from './app-protocol.ts';
import { MENU_CHANNEL, type MenuCommand } from './channels.ts';
import { clientOf, DocumentWindows, type DocumentWindow } from './documents.ts';
import { ElectronHost, filesFromArgv, type Desktop, type LockChoice } from './host.ts';
import { registerIpc } from './ipc.ts';
import { menuTemplate } from './menu.ts';
import { RecentDocuments } from './recent.ts';
import {
  APP_NAME,
  documentWindowOptions,
  hardenSession,
  hardenWebContents,
  previewWindowOptions,
} from './window.ts';

/**
 * The main process: app lifecycle, windows, menu and dialogs, and nothing else. Everything it
 * wires together (host operations, IPC checks, window options, the menu) lives in its own
 * module and is tested under Node; this file is what only a real Electron can run.
 *
 * It is bundled by electron/build.ts into out/electron/main.cjs (CommonJS): `__dirname` is
 * out/electron, beside preload.cjs, and the page is out/renderer/index.html.
 */

const RENDERER_DIR = path.join(__dirname, '..', 'renderer');
const RENDERER_INDEX = path.join(RENDERER_DIR, 'index.html');
/** The page, served from RENDERER_DIR on the app's own protocol (app-protocol.ts). */
const RENDERER_URL = APP_INDEX_URL;
const PRELOAD = path.join(__dirname, 'preload.cjs');
const DEV = !app.isPackaged;

const windows = new DocumentWindows<BrowserWindow>();
/** Temporary folders of open print previews: the only files besides the page a window may load. */
const previewDirs = new Set<string>();
let recent: RecentDocuments | undefined;
let host: ElectronHost<BrowserWindow> | undefined;
const pendingFiles: string[] = [];

function showError(owner: BrowserWindow | undefined, e: unknown): void {
  const { error, userError } = toApiError(e);
  if (!userError) console.error(e);
  const options = { type: 'error' as const, title: APP_NAME, message: error };
  void (owner ? dialog.showMessageBox(owner, options) : dialog.showMessageBox(options));
}

function focusedEntry(): DocumentWindow<BrowserWindow> | undefined {
  const focused = BrowserWindow.getFocusedWindow();
  return focused ? windows.get(focused.webContents.id) : undefined;
}

function refreshMenu(): void {
  if (!recent) return;
  const entry = focusedEntry();
  const template = menuTemplate(
    {
      hasDocument: entry?.session !== undefined,
      history: entry?.session?.historyFor(clientOf(entry)) ?? {},
      recent: recent.list(),
      devTools: DEV,
    },
    {
      command: (command: MenuCommand) => {
        const target = focusedEntry() ?? windows.all()[0];
        target?.window.webContents.send(MENU_CHANNEL, command);
      },
      openRecent: (file) => openFiles([file], focusedEntry()),
      clearRecent: () => {
        recent?.clear();
        if (process.platform !== 'linux') app.clearRecentDocuments();
        refreshMenu();
      },
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function updateTitle(entry: DocumentWindow<BrowserWindow>): void {
  const file = entry.session?.doc.filePath;
  entry.window.setTitle(file ? `${path.basename(file)} - ${APP_NAME}` : APP_NAME);
}

function createDocumentWindow(session?: EditorSession): DocumentWindow<BrowserWindow> {
  const win = new BrowserWindow(documentWindowOptions({ preload: PRELOAD, devTools: DEV }));
  const id = win.webContents.id;
  hardenWebContents(win.webContents, RENDERER_URL);
  const entry = windows.add(id, win, session);
  win.on('page-title-updated', (event) => event.preventDefault());
  win.on('focus', refreshMenu);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    windows.remove(id);
    refreshMenu();
  });
  updateTitle(entry);
  win.loadURL(RENDERER_URL).catch((e: unknown) => {
    console.error(e);
    win.show();
    showError(
      win,
      new Error(`界面文件缺失或无法载入（${RENDERER_INDEX}）：请先运行 npm run build`),
    );
  });
  return entry;
}

function openPreview(owner: BrowserWindow, file: string, title: string, dispose: () => void) {
  const dir = path.dirname(file);
  previewDirs.add(dir);
  const win = new BrowserWindow({ ...previewWindowOptions(), title });
  hardenWebContents(win.webContents, pathToFileURL(file).href, { pdfViewer: true });
  win.on('page-title-updated', (event) => event.preventDefault());
  win.on('focus', refreshMenu);
  win.once('ready-to-show', () => win.show());
  let handedOver = false;
  win.webContents.once('did-fail-load', () => {
    // No PDF viewer: the system's PDF reader shows (and prints) the file instead; it keeps it.
    handedOver = true;
    void shell.openPath(file).then((problem) => problem && showError(owner, new Error(problem)));
    win.close();
  });
  win.on('closed', () => {
    previewDirs.delete(dir);
    if (!handedOver) dispose();
  });
  void win.loadFile(file).catch(() => undefined);
}

const desktop: Desktop<BrowserWindow> = {
  version: app.getVersion(),
  documentsDir: () => app.getPath('documents'),
  userDataDir: () => app.getPath('userData'),
  async showSaveDialog(owner, request) {
    const result = await dialog.showSaveDialog(owner, {
      ...request,
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    });
    return result.canceled || !result.filePath ? undefined : result.filePath;
  },
  async showOpenDialog(owner, request) {
    const result = await dialog.showOpenDialog(owner, { ...request, properties: ['openFile'] });
    return result.canceled ? undefined : result.filePaths[0];
  },
  openWindow: (session) => {
    createDocumentWindow(session);
  },
  focus: (win) => {
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  },
  documentChanged: (entry) => {
    updateTitle(entry);
    refreshMenu();
  },
  showPdf: openPreview,
  // A long export shows on the taskbar button (Windows, Linux docks) or the dock (macOS).
  progress: (win, fraction) => {
    if (!win.isDestroyed()) win.setProgressBar(fraction ?? -1);
  },
  async askWhenLocked(owner, message, holder) {
    const choices: { label: string; choice: LockChoice }[] = [
      { label: '只读打开', choice: 'readOnly' },
      { label: '另存副本…', choice: 'copy' },
      ...(holder.stale ? [{ label: '接管（对方已不在编辑）', choice: 'takeOver' as const }] : []),
      { label: '取消', choice: undefined },
    ];
    const options = {
      type: 'warning' as const,
      title: APP_NAME,
      message: '文件正由其他人或其他程序打开',
      detail: message,
      buttons: choices.map((c) => c.label),
      defaultId: 0,
      cancelId: choices.length - 1,
      noLink: true,
    };
    const { response } = await (owner
      ? dialog.showMessageBox(owner, options)
      : dialog.showMessageBox(options));
    const picked = choices[response]?.choice;
    if (picked !== 'takeOver') return picked;
    // Taking over throws the other program's unsaved work away if it is still there: ask again.
    const sure = await dialog.showMessageBox({
      type: 'warning',
      title: APP_NAME,
      message: '确认接管？',
      detail: '只有在确认对方已经关闭或电脑已经关机时才能接管，否则双方的修改会互相覆盖。',
      buttons: ['接管', '取消'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    });
    return sure.response === 0 ? 'takeOver' : undefined;
  },
  async askUnit(owner, message) {
    const units = ['万元', '元'] as const;
    const { response } = await dialog.showMessageBox(owner, {
      type: 'question',
      title: APP_NAME,
      message: '表格中没有写明金额单位，请选择表格中金额的单位',
      detail: withoutUnitOption(message),
      buttons: [...units, '取消'],
      defaultId: 0,
      cancelId: units.length,
      noLink: true,
    });
    return units[response];
  },
};

/**
 * Opens files named by the OS, the command line or 最近打开: each in its own window (or the
 * window that has it already, or `into` when that is an empty start page). A file that cannot
 * be opened says why in a message box. With no window left, the start page.
 */
function openFiles(files: readonly string[], into?: DocumentWindow<BrowserWindow>): void {
  if (!host) {
    pendingFiles.push(...files);
    return;
  }
  const opener = host;
  void (async () => {
    for (const file of files) {
      try {
        if ((await opener.openAsking(file, into)) === 'attached') {
          into?.window.webContents.reload();
        }
      } catch (e) {
        showError(into?.window ?? BrowserWindow.getFocusedWindow() ?? undefined, e);
      }
    }
    if (windows.all().length === 0) createDocumentWindow();
    refreshMenu();
  })();
}

app.enableSandbox();
// Before the app is ready, or the scheme gets no origin of its own.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  // Another instance runs: it receives our command line ('second-instance') and opens the files.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const files = filesFromArgv(argv, workingDirectory);
    const first = windows.all()[0];
    if (files.length > 0) openFiles(files);
    else if (first) desktop.focus(first.window);
    else createDocumentWindow();
  });
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openFiles([file]);
  });
  // A safety net under the per-window locks: no webContents of this app opens windows or
  // attaches <webview>, whatever created it.
  app.on('web-contents-created', (_event, wc) => {
    wc.setWindowOpenHandler(() => ({ action: 'deny' }));
    wc.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => windows.closeAll());

  void app.whenReady().then(() => {
    if (process.platform === 'win32') app.setAppUserModelId('cn.jxmb.editor');
    protocol.handle(APP_SCHEME, (request) => handleAppRequest(RENDERER_DIR, request));
    hardenSession(session.defaultSession, () => [...previewDirs]);
    recent = new RecentDocuments(path.join(app.getPath('userData'), 'recent.json'), (file) =>
      app.addRecentDocument(file),
    );
    host = new ElectronHost(windows, recent, desktop);
    registerIpc({
      ipcMain,
      windows,
      rendererUrl: RENDERER_URL,
      service: host.service,
      afterEdit: (entry) => {
        if (focusedEntry() === entry) refreshMenu();
      },
    });
    refreshMenu();
    openFiles([...filesFromArgv(process.argv, process.cwd()), ...pendingFiles.splice(0)]);
  });
}
