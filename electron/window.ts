import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  BrowserWindowConstructorOptions,
  Session,
  WebContents,
  WebPreferences,
} from 'electron';
import { APP_HOST, APP_SCHEME } from './app-protocol.ts';

/**
 * How every window of the app is made and locked down. Only types come from Electron, so this
 * file loads under Node and the tests check the very objects the app uses.
 *
 * The page is the app's own (out/renderer, served on the app's protocol: app-protocol.ts) and
 * has no Node: context isolation, the Chromium sandbox, no node integration anywhere, web
 * security on, no <webview>, no plugins (except the PDF viewer of the print preview window,
 * which has no preload at all), no spellchecker (it would download dictionaries). It reaches the
 * main process only through the preload's named functions.
 */

export const APP_NAME = '绩效目标表编制器';

export const WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  plugins: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  safeDialogs: true,
  disableDialogs: false,
} satisfies WebPreferences);

/** A document window (or the start page): the page with the preload. */
export function documentWindowOptions(options: {
  preload: string;
  devTools: boolean;
}): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: APP_NAME,
    backgroundColor: '#ffffff',
    webPreferences: { ...WEB_PREFERENCES, preload: options.preload, devTools: options.devTools },
  };
}

/**
 * The print preview: Chromium's own PDF viewer (it prints) showing a PDF the app rendered into
 * a temporary folder. No preload, so the viewer has no way to the main process.
 */
export function previewWindowOptions(): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 820,
    show: false,
    title: `打印预览 - ${APP_NAME}`,
    backgroundColor: '#ffffff',
    webPreferences: { ...WEB_PREFERENCES, plugins: true, devTools: false },
  };
}

/**
 * A page's address without query or fragment: what a page of ours is loaded from
 * (`jxmb://app/index.html`; the print preview's `file:///…/x.pdf`).
 */
export function documentUrl(url: string): string {
  try {
    const u = new URL(url);
    u.search = '';
    u.hash = '';
    return u.href;
  } catch {
    return '';
  }
}

/** The page may move only within itself (a fragment): any other navigation is refused. */
export function navigationAllowed(target: string, allowedUrl: string): boolean {
  return documentUrl(target) !== '' && documentUrl(target) === documentUrl(allowedUrl);
}

/**
 * Schemes that never leave the machine. Everything else (http, https, ws, ftp, …) is cancelled:
 * the app has no remote content at all.
 */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'devtools:', 'chrome-extension:', 'chrome:']);

/**
 * Whether a request from one of our pages may go ahead: the app's own protocol (which serves
 * only the built page), a local scheme, or a file inside one of `fileRoots` (the print
 * preview's temporary folders) — so a page cannot read other files on the disk either.
 */
export function requestAllowed(url: string, fileRoots: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === `${APP_SCHEME}:`) return u.host === APP_HOST;
  if (LOCAL_SCHEMES.has(u.protocol)) return true;
  if (u.protocol !== 'file:') return false;
  let file: string;
  try {
    file = fileURLToPath(u);
  } catch {
    return false;
  }
  return fileRoots.some((root) => {
    const rel = path.relative(path.resolve(root), path.resolve(file));
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}

/**
 * Locks one page's webContents: it stays on `allowedUrl`, opens no windows, attaches no
 * <webview>. Subframes of our page may show only blob:/about:blank/about:srcdoc content; the
 * print preview (`pdfViewer`) leaves its subframes to Chromium's PDF viewer, whose requests the
 * session still confines to local schemes.
 */
export function hardenWebContents(
  wc: WebContents,
  allowedUrl: string,
  options: { pdfViewer?: boolean } = {},
): void {
  const refuse = (event: { preventDefault(): void }, url: string) => {
    if (!navigationAllowed(url, allowedUrl)) event.preventDefault();
  };
  wc.on('will-navigate', (event, url) => refuse(event, url));
  wc.on('will-redirect', (event, url) => refuse(event, url));
  wc.on('will-frame-navigate', (event) => {
    if (event.isMainFrame) {
      refuse(event, event.url);
    } else if (!options.pdfViewer && !/^(blob:|about:blank$|about:srcdoc$)/.test(event.url)) {
      event.preventDefault();
    }
  });
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Locks the session all our pages share: every permission (camera, notifications, clipboard
 * read, geolocation, …) refused without asking, no downloads, no spellchecker downloads, and
 * no request except to the app's protocol, local files under `fileRoots()` and local schemes.
 */
export function hardenSession(session: Session, fileRoots: () => readonly string[]): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setSpellCheckerEnabled(false);
  session.on('will-download', (event) => event.preventDefault());
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = requestAllowed(details.url, fileRoots());
    if (!allowed) console.warn(`已阻止请求：${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
}
