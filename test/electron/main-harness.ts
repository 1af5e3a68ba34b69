import { EventEmitter } from 'node:events';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Runs the BUILT main process (out/electron/main.cjs, or a test build of it) under plain Node
 * with a stand-in for the 'electron' module, and prints, as JSON, what it did: Electron cannot
 * run on this machine (ENVIRONMENT.md), so this is how the wiring of main.ts — lifecycle order,
 * session and window locks, IPC registration, dialogs, preview window — is exercised at all.
 * The stand-in only records; everything behind it (documents, exports, files) is real.
 *
 * Usage: node --import tsx test/electron/main-harness.ts <main.cjs> <work dir> [scenario]
 *
 * With a scenario (a module whose default export takes a HarnessApi), that runs instead of the
 * wiring checks below and its result is printed (test/bench/export-main.ts).
 */

/** What a scenario gets: the stand-in, the IPC handlers as the page calls them, the windows. */
export interface HarnessApi {
  readonly electron: typeof electron;
  readonly work: string;
  call(op: string, payload: unknown): Promise<unknown>;
  readonly windows: readonly FakeBrowserWindow[];
}

const [bundle, work, scenario] = process.argv.slice(2) as [string, string, string | undefined];
const log: string[] = [];
const dialogAnswers: string[] = [path.join(work, '区委组织部2026年绩效目标表.jxmb')];
const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
const messages: unknown[] = [];
/** What the windows' taskbar progress bars showed (-1: none). */
const progress: number[] = [];
let menu: unknown[] = [];
let ready: () => void = () => {};
const readyPromise = new Promise<void>((resolve) => (ready = resolve));

let nextId = 1;
class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  windowOpenHandler: unknown;
  readonly sent: unknown[][] = [];
  readonly mainFrame = { url: '', parent: null, processId: 1, routingId: this.id };
  setWindowOpenHandler(h: unknown) {
    this.windowOpenHandler = h;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  reload() {
    log.push(`reload ${this.id}`);
  }
}

class FakeBrowserWindow extends EventEmitter {
  static readonly all: FakeBrowserWindow[] = [];
  static getFocusedWindow() {
    return FakeBrowserWindow.all[0] ?? null;
  }
  readonly webContents = new FakeWebContents();
  title = '';
  loaded = '';
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
    log.push('new BrowserWindow');
  }
  setTitle(t: string) {
    this.title = t;
  }
  loadFile(file: string) {
    this.loaded = file;
    this.webContents.mainFrame.url = pathToFileURL(file).href;
    return Promise.resolve();
  }
  loadURL(url: string) {
    this.loaded = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show() {}
  focus() {}
  isDestroyed() {
    return false;
  }
  setProgressBar(fraction: number) {
    progress.push(fraction);
  }
  restore() {}
  isMinimized() {
    return false;
  }
  close() {
    this.emit('closed');
  }
}

const defaultSession = Object.assign(new EventEmitter(), {
  handlers: {} as Record<string, unknown>,
  setPermissionRequestHandler(f: unknown) {
    this.handlers.request = f;
  },
  setPermissionCheckHandler(f: unknown) {
    this.handlers.check = f;
  },
  setDevicePermissionHandler(f: unknown) {
    this.handlers.device = f;
  },
  setSpellCheckerEnabled(v: boolean) {
    this.handlers.spellcheck = v;
  },
  webRequest: {
    onBeforeRequest(f: unknown) {
      defaultSession.handlers.beforeRequest = f;
    },
  },
});

/** The app's protocol (electron/app-protocol.ts): the privileged schemes and their handlers. */
type ProtocolHandler = (request: { method: string; url: string }) => Promise<Response>;
const privilegedSchemes: unknown[] = [];
const protocolHandlers = new Map<string, ProtocolHandler>();

const electron = {
  protocol: {
    registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => {
      log.push(`registerSchemesAsPrivileged ${schemes.map((s) => s.scheme).join(',')}`);
      privilegedSchemes.push(...schemes);
    },
    handle: (scheme: string, handler: ProtocolHandler) => {
      log.push(`protocol.handle ${scheme}`);
      protocolHandlers.set(scheme, handler);
    },
  },
  app: Object.assign(new EventEmitter(), {
    isPackaged: true,
    enableSandbox: () => log.push('enableSandbox'),
    requestSingleInstanceLock: () => (log.push('requestSingleInstanceLock'), true),
    whenReady: () => (log.push('whenReady'), readyPromise),
    getVersion: () => '0.1.0',
    getPath: (name: string) => path.join(work, name),
    addRecentDocument: (f: string) => log.push(`addRecentDocument ${path.basename(f)}`),
    clearRecentDocuments: () => {},
    setAppUserModelId: () => {},
    quit: () => log.push('quit'),
  }),
  BrowserWindow: FakeBrowserWindow,
  dialog: {
    showSaveDialog: () => Promise.resolve({ canceled: false, filePath: dialogAnswers.shift() }),
    showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
    showMessageBox: (...args: unknown[]) => (messages.push(args), Promise.resolve({})),
  },
  ipcMain: {
    handle: (channel: string, f: (event: unknown, payload: unknown) => Promise<unknown>) =>
      handlers.set(channel, f),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
  Menu: {
    buildFromTemplate: (t: unknown[]) => t,
    setApplicationMenu: (m: unknown[]) => (menu = m),
  },
  session: { defaultSession },
  shell: { openPath: () => Promise.resolve('') },
};

const moduleInternals = Module as unknown as {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
};
const load = moduleInternals._load;
moduleInternals._load = function (request, parent, isMain) {
  if (request === 'electron') return electron;
  return load.call(this, request, parent, isMain);
};

createRequire(import.meta.url)(path.resolve(bundle));
const beforeReady = [...log];
ready();
await new Promise((r) => setTimeout(r, 50));

const [win] = FakeBrowserWindow.all;
/** What the app's protocol answers for the page the window loaded. */
const pageAnswer = await protocolHandlers.get(new URL(win!.loaded).protocol.slice(0, -1))?.({
  method: 'GET',
  url: win!.loaded,
});
const frame = () => ({ ...win!.webContents.mainFrame });
const trusted = () => ({ sender: win!.webContents, senderFrame: frame() });
const call = (op: string, payload: unknown, event: unknown = trusted()) =>
  handlers.get(`jxmb:${op}`)!(event, payload);

if (scenario) {
  const run = (await import(pathToFileURL(path.resolve(scenario)).href)) as {
    default: (api: HarnessApi) => Promise<unknown>;
  };
  const api: HarnessApi = { electron, work, call, windows: FakeBrowserWindow.all };
  console.log(JSON.stringify(await run.default(api)));
  process.exit(0);
}

const hostInfo = await call('hostInfo', {});
const trees = await call('listTrees', {});
const created = await call('newDocument', {
  department: '区委组织部',
  year: 2026,
  tree: 'default',
});
const titleAfterNew = win!.title;
const refused = await call(
  'setDepartment',
  { department: '被篡改' },
  { sender: win!.webContents, senderFrame: { ...frame(), url: 'https://example.com/' } },
);
const preview = await call('printPreview', { layout: 'official' });
const previewWindow = FakeBrowserWindow.all[1];
const fileMenu = (menu[0] as { submenu: { label: string; click?: () => void }[] }).submenu;
fileMenu.find((i) => i.label === '打印预览…')!.click!();

console.log(
  JSON.stringify({
    beforeReady,
    log,
    channels: [...handlers.keys()],
    session: Object.keys(defaultSession.handlers).sort(),
    protocol: {
      privileged: privilegedSchemes,
      handled: [...protocolHandlers.keys()],
      page: pageAnswer && {
        status: pageAnswer.status,
        type: pageAnswer.headers.get('content-type'),
        csp: pageAnswer.headers.get('content-security-policy'),
      },
    },
    window: {
      options: win!.options,
      loaded: win!.loaded,
      hardened: typeof win!.webContents.windowOpenHandler === 'function',
      navigationListeners: win!.webContents.listenerCount('will-navigate'),
      sentToPage: win!.webContents.sent,
    },
    hostInfo,
    trees,
    created,
    titleAfterNew,
    refused,
    preview,
    progress,
    previewWindow: previewWindow && {
      options: previewWindow.options,
      loaded: previewWindow.loaded,
    },
    menu: (menu as { label: string }[]).map((m) => m.label),
    messages,
  }),
);
process.exit(0);
