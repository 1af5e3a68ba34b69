import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TargetDocument } from '../../db/document.ts';
import type { Cents } from '../../db/shared/money.ts';
import type { DocumentData, ProjectData } from '../../db/shared/types.ts';
import { ROOT } from '../paths.ts';

/**
 * End-to-end tests drive the real editor: `jxmb web` started as a user would (a child process
 * printing its address), and Debian's Chromium through playwright-core. Electron's renderer is
 * Chromium, so this is the UI clerks get, minus the native menu and dialogs.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) {
  console.warn(
    `[skip] ${CHROMIUM} is not installed: end-to-end tests are skipped (apt-get install chromium)`,
  );
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A page as a clerk's screen shows it: 1366×768. tsx compiles tests with esbuild, whose
 * `keepNames` wraps functions in a `__name` helper; a function handed to page.evaluate carries
 * that call into the page, where it must exist.
 */
export async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1366, height: 768 },
    acceptDownloads: true,
  });
  await page.addInitScript('window.__name = (f) => f');
  return page;
}

export interface WebProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `jxmb web [args]` in `cwd` and waits for the address it prints. `env` adds variables,
 * e.g. JXMB_STATE_DIR (where a server keeps its port and token for the next run on the same
 * document) set to a test's own folder.
 */
export function startWeb(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<WebProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'jxmb.js'), 'web', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web did not start:\n${out}`)), 30_000);
    const poll = setInterval(() => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({
          url: m[0],
          child,
          output: () => out,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`web exited (${code}):\n${out}`));
    });
  });
}

export const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

export const SAMPLE_PROJECTS = ['信息化运维经费', '教师培训经费', '宣传经费'] as const;

/** A small document made with the real store: one unit, the three SAMPLE_PROJECTS. */
export function sampleDocument(file: string): void {
  TargetDocument.create(file, { department: '示例局', year: 2026 }, {}, (doc) => {
    const unit = doc.addUnit('示例局本级');
    for (const name of SAMPLE_PROJECTS) {
      doc.addProject(unit, { name, fiscal: 12_500_000 as Cents, goal: `${name}的目标。` });
    }
  });
}

/** The document as it is on disk now (what a clerk would find on reopening it). */
export function readDocument(file: string): DocumentData {
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

/** A project of the document on disk, by name. */
export function projectOnDisk(file: string, name: string): ProjectData | undefined {
  return readDocument(file)
    .units.flatMap((u) => u.projects)
    .find((p) => p.name === name);
}
