import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_OPERATIONS } from '../../db/shared/api/host-contract.ts';
import { DOCUMENT_OPERATIONS } from '../../db/shared/api/operations.ts';
import { CONTENT_SECURITY_POLICY } from '../../cli/web/security.ts';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES } from '../../electron/app-protocol.ts';
import { buildElectron, EXPORT_WORKER_FILE, PARSE_WORKER_FILE } from '../../electron/build.ts';
import { WEB_PREFERENCES } from '../../electron/window.ts';
import { ownFixture, ROOT } from '../paths.ts';

/**
 * The built main process (electron/build.ts's output, as it ships) run under Node with a
 * stand-in 'electron' module (test/electron/main-harness.ts): Electron cannot run here, so this
 * is the test of main.ts's wiring. The stand-in records; documents, export and files are real.
 */

interface Report {
  beforeReady: string[];
  log: string[];
  channels: string[];
  session: string[];
  protocol: {
    privileged: unknown[];
    handled: string[];
    page?: { status: number; type: string; csp: string };
  };
  window: {
    options: { webPreferences: Record<string, unknown> };
    loaded: string;
    hardened: boolean;
    navigationListeners: number;
    sentToPage: unknown[][];
  };
  hostInfo: unknown;
  trees: { ok: boolean; result: { id: string }[] };
  created: { ok: boolean; result: { fileName: string; data: { year: number } } };
  titleAfterNew: string;
  refused: unknown;
  preview: unknown;
  previewWindow?: { options: { webPreferences: Record<string, unknown> }; loaded: string };
  menu: string[];
}

let report: Report;
let cleanup = () => {};
afterAll(() => cleanup());
let outdir: string;
let work: string;

beforeAll(async () => {
  // Inside the project (test-output/, ignored by git), so the bundle finds node_modules as the
  // app does; the same layout as the app: <dir>/out/electron beside <dir>/out/renderer.
  mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
  const dir = mkdtempSync(path.join(ROOT, 'test-output', 'main-bundle-'));
  cleanup = () => rmSync(dir, { recursive: true, force: true });
  outdir = path.join(dir, 'out', 'electron');
  work = path.join(dir, 'work');
  mkdirSync(work, { recursive: true });
  // The built page beside out/electron, as the app has it (a stand-in: its content is not tested).
  mkdirSync(path.join(dir, 'out', 'renderer'), { recursive: true });
  writeFileSync(path.join(dir, 'out', 'renderer', 'index.html'), '<!doctype html>');
  await buildElectron(outdir);
  const output = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'test', 'electron', 'main-harness.ts'),
      path.join(outdir, 'main.cjs'),
      work,
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  report = JSON.parse(output.trim().split('\n').at(-1)!) as Report;
});

describe('the built main process', () => {
  it('locks the app before anything is ready: sandbox for all, one instance', () => {
    expect(report.beforeReady.slice(0, 4)).toEqual([
      'enableSandbox',
      `registerSchemesAsPrivileged ${APP_SCHEME_PRIVILEGES.scheme}`,
      'requestSingleInstanceLock',
      'whenReady',
    ]);
    expect(report.beforeReady).not.toContain('new BrowserWindow');
  });

  it('serves the page on its own protocol: privileged before ready, handled once ready', () => {
    expect(report.beforeReady).toContain(
      `registerSchemesAsPrivileged ${APP_SCHEME_PRIVILEGES.scheme}`,
    );
    expect(report.beforeReady).not.toContain(`protocol.handle ${APP_SCHEME_PRIVILEGES.scheme}`);
    expect(report.protocol.privileged).toEqual([APP_SCHEME_PRIVILEGES]);
    expect(report.protocol.handled).toEqual([APP_SCHEME_PRIVILEGES.scheme]);
    expect(report.protocol.page).toEqual({
      status: 200,
      type: 'text/html; charset=utf-8',
      csp: CONTENT_SECURITY_POLICY,
    });
  });

  it('registers exactly one IPC handler per operation', () => {
    expect(report.channels.sort()).toEqual(
      [...DOCUMENT_OPERATIONS, ...HOST_OPERATIONS].map((op) => `jxmb:${op}`).sort(),
    );
  });

  it('locks the session: permissions, devices, spellchecker, requests', () => {
    expect(report.session).toEqual(['beforeRequest', 'check', 'device', 'request', 'spellcheck']);
  });

  it('opens the start page in a hardened window with the preload beside main.cjs', () => {
    const prefs = report.window.options.webPreferences;
    expect(prefs).toMatchObject({ ...WEB_PREFERENCES, devTools: false });
    expect(prefs.preload).toBe(path.join(outdir, 'preload.cjs'));
    expect(report.window.loaded).toBe(APP_INDEX_URL);
    expect(report.window.hardened).toBe(true);
    expect(report.window.navigationListeners).toBeGreaterThan(0);
    expect(report.menu).toEqual(['文件(&F)', '编辑(&E)', '视图(&V)']);
  });

  it('answers the page: host info, built-in trees (files found from the bundle)', () => {
    expect(report.hostInfo).toEqual({ ok: true, result: { mode: 'electron', version: '0.1.0' } });
    expect(report.trees.ok).toBe(true);
    expect(report.trees.result.map((t) => t.id)).toContain('default');
  });

  it('新建 through the save dialog, then the window title names the file', () => {
    expect(report.created.ok).toBe(true);
    expect(report.created.result.fileName).toBe('区委组织部2026年绩效目标表.jxmb');
    expect(existsSync(path.join(work, '区委组织部2026年绩效目标表.jxmb'))).toBe(true);
    expect(report.titleAfterNew).toBe('区委组织部2026年绩效目标表.jxmb - 绩效目标表编制器');
    expect(report.log).toContain('addRecentDocument 区委组织部2026年绩效目标表.jxmb');
  });

  it('refuses a call from a page that is not ours', () => {
    expect(report.refused).toMatchObject({ ok: false, userError: false });
  });

  it('print preview renders a PDF (fonts found from the bundle) into a locked window', () => {
    expect(report.preview).toMatchObject({ ok: true });
    const preview = report.previewWindow!;
    expect(preview.options.webPreferences).toMatchObject({
      ...WEB_PREFERENCES,
      plugins: true,
      devTools: false,
    });
    expect(preview.options.webPreferences).not.toHaveProperty('preload');
    expect(readFileSync(preview.loaded).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a menu click reaches the focused page as a command on jxmb:menu', () => {
    expect(report.window.sentToPage).toEqual([['jxmb:menu', 'printPreview']]);
  });

  it('ships the parse worker beside main.cjs: it runs as built, without TypeScript', () => {
    const worker = path.join(outdir, PARSE_WORKER_FILE);
    expect(existsSync(worker)).toBe(true);
    expect(readFileSync(path.join(outdir, 'main.cjs'), 'utf8')).toContain(
      JSON.stringify(PARSE_WORKER_FILE),
    );
    // Plain Node (no tsx), as Electron's main process would start it.
    const script = `
      const { Worker } = require('node:worker_threads');
      const w = new Worker(process.argv[1], { execArgv: [] });
      w.once('message', (r) => { console.log(JSON.stringify({ ok: r.ok, units: r.result?.draft.units.length })); w.terminate(); });
      w.postMessage({ kind: 'text', text: require('node:fs').readFileSync(process.argv[2], 'utf8') });`;
    const output = execFileSync(
      process.execPath,
      ['-e', script, worker, ownFixture('small-published.txt')],
      { cwd: work, encoding: 'utf8', timeout: 60_000 },
    );
    expect(JSON.parse(output.trim())).toEqual({ ok: true, units: 2 });
  });

  it('ships the export worker beside main.cjs: the preview above was rendered in it, as built', () => {
    expect(existsSync(path.join(outdir, EXPORT_WORKER_FILE))).toBe(true);
    expect(readFileSync(path.join(outdir, 'main.cjs'), 'utf8')).toContain(
      JSON.stringify(EXPORT_WORKER_FILE),
    );
    // Bundled without the sources' loader: nothing of tsx in it.
    expect(readFileSync(path.join(outdir, EXPORT_WORKER_FILE), 'utf8')).not.toMatch(/\btsx\b/);
  });
});
