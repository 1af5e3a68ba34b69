/// <reference lib="dom" />
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, launchChromium, newPage, startWeb } from '../e2e/harness.ts';
import { ROOT } from '../paths.ts';
import { ensureFreshRenderer, RequestWatch } from './editor-page.ts';
import { codeVersion, median, row } from './measure.ts';
import { cachedDocument, draftSize, fixtureDraft, repeatUnits } from './synthetic.ts';

/**
 * 表格视图 (issue 14) in browser mode (`jxmb web`, Chromium, 1366×768), at the fixture's units
 * repeated 10× by default (BENCH_GRID_SIZES=1,10 picks sizes). All times are the page's own
 * clock:
 *
 * - open: from the click on 表格 to the frame painted after the grid shows its rows. The first
 *   time loads the view's script (a lazy chunk); then form → table again, five times.
 * - scroll: the grid scrolled by script, every frame, from top to bottom and back, by 120 px a
 *   frame (a fast wheel) and by 2,000 px a frame (a dragged scrollbar: every row new each frame):
 *   the longest frame (time between two animation frames), the longest main-thread task by the
 *   wall clock (Long Tasks API, ≥ 50 ms) and by CPU time (thread time in a Chromium trace: on a
 *   busy shared machine the wall clock counts other programs' turns too), three runs each.
 */

const TARGET_OPEN_MS = 1000;
const TARGET_FRAME_MS = 50;

interface SizeResult {
  times: number;
  indicators: number;
  load: number;
  firstOpen: number;
  opens: number[];
  /**
   * Per run: the longest frame, the longest task (0: none ≥ 50 ms), the frames, and the
   * longest task's CPU time on the page's main thread (the machine's load does not add to it).
   */
  scrolls: Record<ScrollKind, { frame: number; task: number; frames: number; cpu: number }[]>;
}

export async function benchGrid(): Promise<void> {
  if (!HAS_CHROMIUM) {
    console.log('\n## Table view: skipped (no /usr/bin/chromium)');
    return;
  }
  const spec = process.env.BENCH_GRID_SIZES ?? '10';
  const sizes = spec.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 100)) {
    throw new Error(`BENCH_GRID_SIZES: “${spec}” is not a list of sizes like 1,10`);
  }
  const loadStart = loadavg();
  ensureFreshRenderer();
  const { draft, source } = fixtureDraft();
  const browser = await launchChromium();
  const results: SizeResult[] = [];
  try {
    for (const times of sizes) {
      const doc = cachedDocument(draft, times);
      const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-bench-grid-'));
      const file = path.join(dir, `bench-${times}x.jxmb`);
      copyFileSync(doc, file);
      const load = loadavg()[0]!;
      const web = await startWeb([file], dir, { JXMB_STATE_DIR: dir });
      const page = await newPage(browser);
      try {
        await installFrameProbe(page);
        await page.goto(web.url);
        await page.getByRole('treeitem').first().waitFor({ timeout: 120_000 });
        await new RequestWatch(page).settle(1500);
        const firstOpen = await openGrid(page);
        const opens: number[] = [];
        for (let k = 0; k < 5; k++) {
          await page.locator('.grid-toolbar .view-switch').getByText('表单').click();
          await page.getByRole('grid').waitFor({ state: 'detached' });
          await page.waitForTimeout(300);
          opens.push(await openGrid(page));
        }
        const scrolls: SizeResult['scrolls'] = { wheel: [], jump: [] };
        for (let k = 0; k < 3; k++) {
          for (const kind of SCROLL_KINDS) {
            await browser.startTracing(page, { categories: TRACE_CATEGORIES });
            const run = await scrollRun(page, STEP_PX[kind]);
            const trace = await browser.stopTracing();
            scrolls[kind].push({ ...run, cpu: longestTaskCpu(trace) });
          }
        }
        const indicators = draftSize(repeatUnits(draft, times)).indicators;
        results.push({ times, indicators, load, firstOpen, opens, scrolls });
      } finally {
        await page.close();
        await web.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  print(results, path.basename(source), loadStart, loadavg());
}

/** A fast mouse wheel (120 px a frame), and a dragged scrollbar (2,000 px a frame). */
const SCROLL_KINDS = ['wheel', 'jump'] as const;
type ScrollKind = (typeof SCROLL_KINDS)[number];
const STEP_PX: Record<ScrollKind, number> = { wheel: 120, jump: 2000 };

const TRACE_CATEGORIES = ['toplevel', 'disabled-by-default-devtools.timeline', '__metadata'];

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

/**
 * The longest task's thread time (CPU, ms) on a renderer's main thread in a Chromium trace: what
 * the page itself spent, however busy the machine. The page's thread is the CrRendererMain that
 * ran the most.
 */
function longestTaskCpu(trace: Buffer): number {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, number[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.name !== 'RunTask' || e.ph !== 'X' || !main.has(key)) continue;
    const list = byThread.get(key) ?? [];
    list.push((e.tdur ?? e.dur ?? 0) / 1000);
    byThread.set(key, list);
  }
  const busiest = [...byThread.values()].sort(
    (a, b) => b.reduce((x, y) => x + y, 0) - a.reduce((x, y) => x + y, 0),
  )[0];
  return busiest ? Math.max(...busiest) : 0;
}

/** Keeps the page's long tasks from its start (read by scrollRun). */
async function installFrameProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; ms: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Clicks 表格 in the page and answers the time until the grid's rows are painted. */
function openGrid(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const option = [...document.querySelectorAll<HTMLElement>('.view-switch label')].find(
          (l) => l.textContent === '表格',
        );
        if (!option) return reject(new Error('no 表格 switch'));
        const t0 = performance.now();
        const shown = () => document.querySelector('.grid-body .grid-row') !== null;
        const painted = () =>
          requestAnimationFrame(() => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => resolve(performance.now() - t0);
            ch.port2.postMessage(0);
          });
        const observer = new MutationObserver(() => {
          if (!shown()) return;
          observer.disconnect();
          painted();
        });
        observer.observe(document.body, { childList: true, subtree: true });
        option.click();
      }),
  );
}

/**
 * Scrolls the grid every frame (down and up by 120 px, then jumps of 2,000 px down and up) and
 * answers the longest frame and the longest task meanwhile.
 */
function scrollRun(
  page: Page,
  step: number,
): Promise<{ frame: number; task: number; frames: number }> {
  // (a page.evaluate: the steps run in the page, by its own animation frames)
  return page.evaluate(
    (step) =>
      new Promise<{ frame: number; task: number; frames: number }>((resolve) => {
        const el = document.querySelector<HTMLElement>('.grid-scroll')!;
        const w = window as unknown as { __longTasks: { start: number; ms: number }[] };
        const max = el.scrollHeight - el.clientHeight;
        const steps: number[] = [];
        for (let y = 0; y < max; y += step) steps.push(y);
        for (let y = max; y > 0; y -= step) steps.push(y);
        steps.push(0);
        const t0 = performance.now();
        let last = t0;
        let longest = 0;
        let i = 0;
        const frame = (now: number) => {
          if (i > 0) longest = Math.max(longest, now - last);
          last = now;
          if (i >= steps.length) {
            const task = Math.max(
              0,
              ...w.__longTasks.filter((t) => t.start >= t0).map((t) => t.ms),
            );
            resolve({ frame: longest, task, frames: steps.length });
            return;
          }
          el.scrollTop = steps[i++]!;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    step,
  );
}

function print(results: SizeResult[], source: string, start: number[], end: number[]): void {
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  console.log(`\n## Table view in browser mode (Chromium, 1366×768; ${source} units repeated)\n`);
  console.log(
    `code ${codeVersion(ROOT)}; load average (1 / 5 / 15 min) at start ${la(start)}, at end ${la(end)}\n`,
  );
  const heads = results.map((r) => `${r.times}× (${r.indicators} indicators)`);
  console.log(row(['measure', ...heads, 'target']));
  console.log(row(Array(heads.length + 2).fill('---')));
  const line = (name: string, cell: (r: SizeResult) => string, target: string) =>
    console.log(row([name, ...results.map(cell), target]));
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const mark = (ok: boolean) => (ok ? ' ✓' : ' ✗');
  line(
    'open (click 表格 → rows painted), first time (loads the view)',
    (r) => ms(r.firstOpen) + mark(r.firstOpen <= TARGET_OPEN_MS),
    `≤ ${TARGET_OPEN_MS} ms`,
  );
  line(
    'open again, median of 5 (min–max)',
    (r) =>
      `${ms(median(r.opens))} (${ms(Math.min(...r.opens))}–${ms(Math.max(...r.opens))})${mark(median(r.opens) <= TARGET_OPEN_MS)}`,
    `≤ ${TARGET_OPEN_MS} ms`,
  );
  for (const kind of SCROLL_KINDS) {
    const what =
      kind === 'wheel' ? 'scroll by wheel (120 px a frame)' : 'scroll by jumps (2,000 px a frame)';
    line(
      `${what}: longest frame, median of 3 runs (each run’s)`,
      (r) => {
        const f = r.scrolls[kind].map((s) => s.frame);
        return `${ms(median(f))} (${f.map(ms).join(', ')})${mark(median(f) <= TARGET_FRAME_MS)}`;
      },
      `≤ ${TARGET_FRAME_MS} ms`,
    );
    line(
      `${what}: longest main-thread task, wall clock (≥ 50 ms counted), per run`,
      (r) => r.scrolls[kind].map((s) => (s.task === 0 ? '< 50 ms' : ms(s.task))).join(', '),
      '',
    );
    line(
      `${what}: longest main-thread task, CPU time (trace), median (each run’s)`,
      (r) => {
        const c = r.scrolls[kind].map((s) => s.cpu);
        return `${ms(median(c))} (${c.map(ms).join(', ')})${mark(median(c) <= TARGET_FRAME_MS)}`;
      },
      `≤ ${TARGET_FRAME_MS} ms`,
    );
    line(`${what}: frames per run`, (r) => String(r.scrolls[kind][0]?.frames ?? 0), '');
  }
  line('load average (1 min) when this size began', (r) => r.load.toFixed(2), '');
}
