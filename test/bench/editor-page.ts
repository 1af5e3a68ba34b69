/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, readdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../paths.ts';

/**
 * The editor benchmark's probe: a script installed in the page before the app loads, measuring
 * with the page's own clock (performance.now(), whose zero is the navigation's start) so that
 * nothing of Playwright's round trips counts. It reads the app only from outside: the DOM
 * (through a MutationObserver), key events, and the Resource Timing entries of its requests. It
 * never reads a reply's body, so it measures a reply of any shape.
 *
 * "Painted" is the first task after the next animation frame: it runs once that frame has been
 * produced, so everything the page did before it is on screen.
 */

/** What a step of the editor benchmark waits for, as data (it crosses into the page). */
export interface Condition {
  /** A CSS selector that must match… */
  readonly selector: string;
  /** …and, when true, whose text must differ from what it was when the step was armed. */
  readonly changes?: boolean;
}

/** One step, in the page's milliseconds since navigation. */
export interface StepTimes {
  /** The first keydown after arming (undefined if none). */
  readonly key?: number;
  /** The last keydown before the reply was applied. */
  readonly lastKey?: number;
  /** When the condition first held (the DOM shows the reply). */
  readonly applied: number;
  /** The frame after that was painted. */
  readonly painted: number;
  /** The edit's request: started (the page sent it), last byte received, body bytes. */
  readonly request?: {
    readonly op: string;
    readonly start: number;
    readonly end: number;
    readonly bytes: number;
  };
}

/** When the page was first usable after navigation (ms since navigation start). */
export interface OpenTimes {
  /** A project is shown in the tree (painted). */
  readonly tree: number;
  /** That project clicked (once the tree was painted) and its 项目名称 painted. */
  readonly usable: number;
  /** What the page loaded meanwhile (to tell where the time went). */
  readonly resources: readonly Resource[];
}

export interface Resource {
  /** The URL's path. */
  readonly path: string;
  readonly start: number;
  /** Its last byte. */
  readonly end: number;
  /** The body's size, decoded. */
  readonly bytes: number;
}

interface Probe {
  arm(cond: Condition, timeoutMs: number): boolean;
  result(): Promise<StepTimes>;
  open: Promise<OpenTimes> | undefined;
  longestTask(since: number): number;
}

/** Requests that are not the edit being measured (queries the page makes by itself). */
const QUERY_OPS = ['getVersion', 'getDocument', 'checkDocument', 'yearReview'];

/**
 * Installed with page.addInitScript(installProbe, options) before navigation. Self-contained:
 * Playwright sends its source to the page.
 */
export function installProbe(options: { open: boolean; queryOps: string[] }): void {
  const w = window as unknown as { __bench: Probe };
  performance.setResourceTimingBufferSize(100_000);

  const afterPaint = (): Promise<number> =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve(performance.now());
        ch.port2.postMessage(0);
      }),
    );

  /** Resolves with the time the condition first held, checking after every DOM change. */
  const until = (holds: () => boolean, timeoutMs: number, what: string): Promise<number> =>
    new Promise((resolve, reject) => {
      if (holds()) return resolve(performance.now());
      const observer = new MutationObserver(() => {
        if (!holds()) return;
        const t = performance.now();
        observer.disconnect();
        clearTimeout(timer);
        resolve(t);
      });
      observer.observe(document, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`the page did not show ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
    });

  // Tasks of 50 ms or more on the main thread (Long Tasks API): what would hold up typing.
  const longTasks: { start: number; ms: number }[] = [];
  const keep = (entries: PerformanceEntryList) => {
    for (const e of entries) longTasks.push({ start: e.startTime, ms: e.duration });
  };
  const longTaskObserver = new PerformanceObserver((list) => keep(list.getEntries()));
  longTaskObserver.observe({ type: 'longtask', buffered: true });

  let keys: number[] = [];
  window.addEventListener('keydown', (e) => keys.push(e.timeStamp), true);

  let armed: { at: number; shown: Promise<{ applied: number; painted: number }> } | undefined;

  w.__bench = {
    /**
     * Starts a step, watching from now on, so that a reply applied before result() is asked for
     * is timed when it happened. Returns whether the condition holds already (a bench mistake).
     */
    arm(cond, timeoutMs) {
      keys = [];
      performance.clearResourceTimings();
      const el = document.querySelector(cond.selector);
      const before = el ? (el.textContent ?? '') : null;
      if (el !== null && !cond.changes) return true;
      const holds = () => {
        const now = document.querySelector(cond.selector);
        return now !== null && (!cond.changes || (now.textContent ?? '') !== before);
      };
      const shown = until(holds, timeoutMs, cond.selector).then(async (applied) => ({
        applied,
        painted: await afterPaint(),
      }));
      shown.catch(() => {}); // reported by result()
      armed = { at: performance.now(), shown };
      return false;
    },

    async result() {
      const step = armed;
      if (!step) throw new Error('probe not armed');
      armed = undefined;
      const { applied, painted } = await step.shown;
      const lastKey = keys.filter((k) => k <= applied).at(-1);
      const entry = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find(
        (e) => {
          const m = /\/api\/([A-Za-z]+)/.exec(e.name);
          return m !== null && !options.queryOps.includes(m[1]!) && e.startTime >= step.at;
        },
      );
      return {
        ...(keys.length ? { key: keys[0]! } : {}),
        ...(lastKey !== undefined ? { lastKey } : {}),
        applied,
        painted,
        ...(entry
          ? {
              request: {
                op: /\/api\/([A-Za-z]+)/.exec(entry.name)![1]!,
                start: entry.startTime,
                end: entry.responseEnd,
                bytes: entry.decodedBodySize,
              },
            }
          : {}),
      };
    },

    open: undefined,

    /** The longest task since `since` (0: none of 50 ms or more). */
    longestTask: (since) => {
      keep(longTaskObserver.takeRecords()); // those not yet handed to the observer
      return Math.max(0, ...longTasks.filter((t) => t.start >= since).map((t) => t.ms));
    },
  };

  if (options.open) {
    w.__bench.open = (async () => {
      const node = '[aria-label^="项目："]';
      await until(() => document.querySelector(node) !== null, 120_000, 'a project in the tree');
      const tree = await afterPaint();
      const item = document.querySelector<HTMLElement>(node)!;
      const name = item.getAttribute('aria-label')!.slice('项目：'.length);
      item.click();
      await until(
        () =>
          document.querySelector<HTMLInputElement>('input[aria-label="项目名称"]')?.value === name,
        120_000,
        `the project ${name} in the editor`,
      );
      const usable = await afterPaint();
      const resources = (
        performance.getEntriesByType('resource') as PerformanceResourceTiming[]
      ).map((e) => ({
        path: new URL(e.name).pathname,
        start: e.startTime,
        end: e.responseEnd,
        bytes: e.decodedBodySize,
      }));
      return { tree, usable, resources };
    })();
  }
}

/** Installs the probe in a page (before it navigates). */
export async function addProbe(page: Page, open: boolean): Promise<void> {
  await page.addInitScript(installProbe, { open, queryOps: QUERY_OPS });
}

/** Arms the probe for a step (before the key that makes it). */
export async function arm(page: Page, cond: Condition, timeoutMs = 60_000): Promise<void> {
  const held = await page.evaluate(
    ([c, t]) => (window as unknown as { __bench: Probe }).__bench.arm(c, t),
    [cond, timeoutMs] as const,
  );
  if (held) throw new Error(`bench: ${cond.selector} is shown before the step`);
}

/** The armed step's times, once its condition has held and the frame after it was painted. */
export function stepResult(page: Page): Promise<StepTimes> {
  return page.evaluate(() => (window as unknown as { __bench: Probe }).__bench.result());
}

/** The longest main-thread task since `since` (page clock), 0 when none took 50 ms. */
export function longestTask(page: Page, since: number): Promise<number> {
  return page.evaluate(
    (t) => (window as unknown as { __bench: Probe }).__bench.longestTask(t),
    since,
  );
}

export function openResult(page: Page): Promise<OpenTimes> {
  return page.evaluate(() => (window as unknown as { __bench: Probe }).__bench.open!);
}

/**
 * The page's requests as Playwright sees them: `settle` waits until none has been on its way for
 * `quietMs` (the background check after opening, for instance, has come back) and the page's main
 * thread is free. Resource Timing cannot tell this: it lists a request only once it has ended.
 */
export class RequestWatch {
  private inFlight = 0;
  private last = Date.now();

  constructor(private readonly page: Page) {
    const begin = () => {
      this.inFlight++;
      this.last = Date.now();
    };
    const end = () => {
      this.inFlight = Math.max(0, this.inFlight - 1);
      this.last = Date.now();
    };
    page.on('request', begin);
    page.on('requestfinished', end);
    page.on('requestfailed', end);
  }

  async settle(quietMs: number, maxMs = 180_000): Promise<void> {
    const t0 = Date.now();
    for (;;) {
      // A frame: the main thread is free (a long task would hold it back).
      await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
      const quiet = Date.now() - this.last;
      if ((this.inFlight === 0 && quiet >= quietMs) || Date.now() - t0 > maxMs) return;
      await this.page.waitForTimeout(Math.max(50, quietMs - quiet));
    }
  }
}

/**
 * Builds the page (out/renderer) when it is missing or older than its sources, so the bench
 * measures the code as it is now.
 */
export function ensureFreshRenderer(): void {
  const index = path.join(ROOT, 'out', 'renderer', 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const newest = Math.max(
    newestMtime(path.join(ROOT, 'renderer')),
    newestMtime(path.join(ROOT, 'db')),
  );
  if (built > newest) return;
  console.log('(building the page: out/renderer is older than its sources)');
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}
