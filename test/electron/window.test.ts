import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL } from '../../electron/app-protocol.ts';
import {
  documentWindowOptions,
  hardenSession,
  hardenWebContents,
  navigationAllowed,
  previewWindowOptions,
  requestAllowed,
  WEB_PREFERENCES,
} from '../../electron/window.ts';
import { ROOT } from '../paths.ts';
import { FakeEmitter, prevented } from './fakes.ts';

/** The page, as main.ts loads it: from the app's own protocol. */
const RENDERER_URL = APP_INDEX_URL;

const LOCKED = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
};

describe('window options', () => {
  it('lock down every page: isolation, sandbox, no Node, web security, no webview', () => {
    expect(WEB_PREFERENCES).toMatchObject({ ...LOCKED, plugins: false });
    expect(Object.isFrozen(WEB_PREFERENCES)).toBe(true);
    expect(WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
    expect(WEB_PREFERENCES).not.toHaveProperty('preload');
  });

  it('the document window adds only the preload and, in the installed app, no DevTools', () => {
    const options = documentWindowOptions({
      preload: '/app/out/electron/preload.cjs',
      devTools: false,
    });
    expect(options.webPreferences).toEqual({
      ...WEB_PREFERENCES,
      preload: '/app/out/electron/preload.cjs',
      devTools: false,
    });
    expect(options.webPreferences).toMatchObject(LOCKED);
    expect(options.show).toBe(false);
    for (const risky of ['additionalArguments', 'partition', 'session', 'enableBlinkFeatures']) {
      expect(options.webPreferences).not.toHaveProperty(risky);
    }
  });

  it('the print preview has the same locks, no preload, and only the PDF viewer', () => {
    const options = previewWindowOptions();
    expect(options.webPreferences).toMatchObject({ ...LOCKED, plugins: true, devTools: false });
    expect(options.webPreferences).not.toHaveProperty('preload');
  });
});

describe('navigation', () => {
  it('stays on its own page (fragments allowed), nowhere else', () => {
    expect(navigationAllowed(`${RENDERER_URL}#/doc`, RENDERER_URL)).toBe(true);
    expect(navigationAllowed(RENDERER_URL, `${RENDERER_URL}?x=1`)).toBe(true);
    const other = pathToFileURL(path.join(ROOT, 'out', 'renderer', 'other.html')).href;
    for (const url of [
      other,
      pathToFileURL(path.join(ROOT, 'out', 'renderer', 'index.html')).href,
      'jxmb://app/other.html',
      'jxmb://evil/index.html',
      'https://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      '',
    ]) {
      expect(navigationAllowed(url, RENDERER_URL), url).toBe(false);
    }
  });

  it('hardenWebContents refuses navigation, redirects, new windows and <webview>', () => {
    const wc = new FakeEmitter() as FakeEmitter & { setWindowOpenHandler(h: unknown): void };
    wc.setWindowOpenHandler = (h) => (wc.handlers.windowOpen = h);
    hardenWebContents(wc as unknown as WebContents, RENDERER_URL);

    expect(prevented(wc, 'will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented(wc, 'will-navigate', `${RENDERER_URL}#x`)).toBe(false);
    expect(prevented(wc, 'will-redirect', 'https://example.com/')).toBe(true);
    expect(prevented(wc, 'will-attach-webview')).toBe(true);
    const open = wc.handlers.windowOpen as (d: { url: string }) => { action: string };
    expect(open({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(open({ url: RENDERER_URL })).toEqual({ action: 'deny' });

    const frame = (url: string, isMainFrame: boolean) => {
      let was = false;
      wc.emit('will-frame-navigate', { url, isMainFrame, preventDefault: () => (was = true) });
      return was;
    };
    expect(frame('https://example.com/', true)).toBe(true);
    expect(frame('https://example.com/', false)).toBe(true);
    expect(frame('file:///etc/passwd', false)).toBe(true);
    expect(frame('blob:jxmb://app/0f3c', false)).toBe(false);
    expect(frame('about:blank', false)).toBe(false);
  });
});

describe('session', () => {
  const rendererDir = path.join(ROOT, 'out', 'renderer');
  /** A print preview's temporary folder: the only files a page of ours may load. */
  const previewDir = path.join(tmpdir(), 'jxmb-preview-x');

  it('allows the app’s protocol, local schemes and preview files only; nothing from the network', () => {
    const roots = [previewDir];
    expect(requestAllowed(`${RENDERER_URL}`, roots)).toBe(true);
    expect(requestAllowed('jxmb://app/assets/a.js', roots)).toBe(true);
    expect(requestAllowed(pathToFileURL(path.join(previewDir, 'a.pdf')).href, roots)).toBe(true);
    expect(requestAllowed('data:image/png;base64,AAAA', roots)).toBe(true);
    expect(requestAllowed('blob:file:///1234', roots)).toBe(true);
    expect(requestAllowed('devtools://devtools/bundled/x.html', roots)).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/api',
      'ws://localhost/',
      'wss://example.com/',
      'ftp://example.com/',
      'jxmb://example.com/index.html',
      pathToFileURL(path.join(rendererDir, 'index.html')).href,
      pathToFileURL(path.join(ROOT, 'package.json')).href,
      `${pathToFileURL(previewDir).href}/../../package.json`,
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(requestAllowed(url, roots), url).toBe(false);
    }
  });

  it('hardenSession denies every permission, download and remote request', () => {
    const session = new FakeEmitter() as FakeEmitter & Record<string, unknown>;
    const h = session.handlers;
    Object.assign(session, {
      setPermissionRequestHandler: (f: unknown) => (h.request = f),
      setPermissionCheckHandler: (f: unknown) => (h.check = f),
      setDevicePermissionHandler: (f: unknown) => (h.device = f),
      setSpellCheckerEnabled: (v: boolean) => (h.spellcheck = v),
      webRequest: { onBeforeRequest: (f: unknown) => (h.beforeRequest = f) },
    });
    hardenSession(session as unknown as Session, () => [previewDir]);

    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      let granted: boolean | undefined;
      (h.request as (wc: unknown, p: string, cb: (g: boolean) => void) => void)(
        {},
        permission,
        (g) => (granted = g),
      );
      expect(granted, permission).toBe(false);
      expect((h.check as (wc: unknown, p: string) => boolean)({}, permission)).toBe(false);
    }
    expect((h.device as () => boolean)()).toBe(false);
    expect(h.spellcheck).toBe(false);
    expect(prevented(session, 'will-download')).toBe(true);

    const decide = (url: string) => {
      let cancel: boolean | undefined;
      (h.beforeRequest as (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void)(
        { url },
        (r) => (cancel = r.cancel),
      );
      return cancel;
    };
    expect(decide(RENDERER_URL)).toBe(false);
    expect(decide('https://example.com/font.woff2')).toBe(true);
  });
});
