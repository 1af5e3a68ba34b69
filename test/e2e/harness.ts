import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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

/** Starts `jxmb web [args]` in `cwd` and waits for the address it prints. */
export function startWeb(args: string[], cwd: string): Promise<WebProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'jxmb.js'), 'web', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
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
              if (child.exitCode !== null) return done();
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
