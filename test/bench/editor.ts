import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { HAS_CHROMIUM, launchChromium, newPage, startWeb } from '../e2e/harness.ts';
import {
  addProbe,
  arm,
  ensureFreshRenderer,
  longestTask,
  openResult,
  RequestWatch,
  stepResult,
  type Condition,
  type StepTimes,
} from './editor-page.ts';
import { codeVersion, median, row } from './measure.ts';
import { ROOT } from '../paths.ts';
import { benchSizes, cachedDocument, draftSize, fixtureDraft, repeatUnits } from './synthetic.ts';

/**
 * The editor in browser mode (`jxmb web`, Debian's Chromium through playwright-core, 1366×768)
 * on the fixture's units repeated 1×, 10× and 100× (BENCH_SIZES=1,10 picks sizes; BENCH_EDITS
 * the number of edits, default 15). All times are the page's own clock (see editor-page.ts):
 *
 * - edit → painted: a one-field edit of 项目名称 (one key, appended or erased), from the moment
 *   the page sends it (the end of the typing pause, COMMIT_DELAY_MS after the last key) to the
 *   first frame painted after the tree shows the host's new name. The tree shows only what the
 *   host answered, so this is the reply applied and on screen.
 * - amount edit → painted: the same for 财政拨款 (a new value typed over it), until 合计 in the
 *   status bar changes: the edit whose reply must carry totals up to 合计.
 * - undo / redo → painted: from the Ctrl+Z / Ctrl+Y keydown to the frame after the tree shows
 *   the name before / after the edit again.
 * - reply: the bytes of the edit's /api/… response body (Resource Timing's decodedBodySize).
 * - host: from sending to the reply's last byte (the server's share; the rest is the page's).
 * - open → usable: from navigation start (a fresh page) to the frame after the first project
 *   of the tree, clicked once the tree was painted, shows in the editor.
 * - heap: the page's JS heap once opened and its first check has come back, after a GC
 *   (Runtime.getHeapUsage).
 *
 * - background check: after an edit and a pause (the check runs a second after the last edit),
 *   the longest task on the page's main thread (Long Tasks API, ≥ 50 ms): what would hold up
 *   the clerk's next key.
 *
 * Within a series steps follow one another within a second, so the background check does not
 * run and no step waits behind it; it is measured on its own (above).
 */

const TARGET_STEP_MS = 30;
const TARGET_REPLY_BYTES = 10 * 1024;
const TARGET_OPEN_MS: Record<number, number> = { 10: 800, 100: 2500 };
const TARGET_HEAP_BYTES: Record<number, number> = { 100: 150 * 1024 * 1024 };

/** A step's figures: the time it measures and the reply's size. */
interface Sample {
  readonly ms: number;
  readonly bytes: number;
  readonly host: number;
  /** From the last key to sending (the typing pause, COMMIT_DELAY_MS), for edits. */
  readonly pause?: number;
  /** The page's share: from the reply's last byte to the DOM showing it, and on to the paint. */
  readonly apply?: number;
  readonly paint?: number;
}

interface SizeResult {
  readonly times: number;
  readonly projects: number;
  readonly indicators: number;
  readonly load: number;
  readonly open: {
    tree: number[];
    usable: number[];
    /** The page's script and styles loaded (their last byte). */
    assets: number[];
    /** The reply that brought the document: its time (sent → last byte) and size. */
    doc: Sample[];
  };
  readonly heap: { before: number; after: number };
  readonly edit: Sample[];
  readonly amount: Sample[];
  readonly undo: Sample[];
  readonly redo: Sample[];
  /** The longest main-thread task while the background check ran after an edit, per try. */
  readonly checkTask: number[];
  /** The /api/… operations the steps sent, as seen (to show what was measured). */
  readonly ops: Set<string>;
}

export async function benchEditor(): Promise<void> {
  if (!HAS_CHROMIUM) {
    console.log('\n## Editor: skipped (no /usr/bin/chromium)');
    return;
  }
  const sizes = benchSizes(process.env.BENCH_SIZES);
  const edits = Number(process.env.BENCH_EDITS ?? 15);
  if (!Number.isInteger(edits) || edits < 1) throw new Error('BENCH_EDITS: a whole number ≥ 1');
  const loadStart = loadavg();
  ensureFreshRenderer();
  const { draft, source } = fixtureDraft();
  const docs = sizes.map((times) => cachedDocument(draft, times));
  const results: SizeResult[] = [];
  const browser = await launchChromium();
  try {
    for (const [i, times] of sizes.entries()) {
      const size = draftSize(repeatUnits(draft, times));
      results.push(await benchSize(browser, docs[i]!, times, size, edits));
    }
  } finally {
    await browser.close();
  }
  printTable(results, path.basename(source), edits, loadStart, loadavg());
}

async function benchSize(
  browser: Browser,
  doc: string,
  times: number,
  size: { projects: number; indicators: number },
  edits: number,
): Promise<SizeResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-bench-editor-'));
  const file = path.join(dir, `bench-${times}x.jxmb`);
  copyFileSync(doc, file);
  const load = loadavg()[0]!;
  const web = await startWeb([file], dir, { JXMB_STATE_DIR: dir });
  const pages: Page[] = [];
  try {
    // Open → usable, each time in a fresh page (its own cache, its own client on the host).
    const open: SizeResult['open'] = { tree: [], usable: [], assets: [], doc: [] };
    const opens = times >= 10 ? 3 : 2;
    let page: Page | undefined;
    for (let i = 0; i < opens; i++) {
      if (page) await page.close();
      page = await newPage(browser);
      await addProbe(page, true);
      await page.goto(web.url, { waitUntil: 'commit' });
      const o = await openResult(page);
      open.tree.push(o.tree);
      open.usable.push(o.usable);
      open.assets.push(
        Math.max(0, ...o.resources.filter((r) => /\.(js|css)$/.test(r.path)).map((r) => r.end)),
      );
      const [doc] = o.resources
        .filter((r) => /^\/(api|host)\//.test(r.path))
        .sort((a, b) => b.bytes - a.bytes);
      if (doc) open.doc.push({ ms: doc.end, bytes: doc.bytes, host: doc.end - doc.start });
    }
    page = page!;
    pages.push(page);
    const requests = new RequestWatch(page);
    // The first check after opening comes back before the heap is read and edits begin.
    await requests.settle(1500);
    const heap = await heapUsage(page);

    const ops = new Set<string>();
    const series = await editSeries(page, edits, ops);
    const amount = await amountSeries(page, edits, ops);
    const checkTask = await checkAfterEdit(page, requests, ops);
    return { times, ...size, load, open, heap, ...series, amount, checkTask, ops };
  } finally {
    for (const p of pages) await p.close().catch(() => {});
    await web.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The page's JS heap in bytes, as it is and after a full garbage collection. */
async function heapUsage(page: Page): Promise<{ before: number; after: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const before = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    await cdp.send('HeapProfiler.collectGarbage');
    const after = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    return { before, after };
  } finally {
    await cdp.detach();
  }
}

const nodeOf = (name: string): Condition => ({
  selector: `[aria-label=${JSON.stringify(`项目：${name}`)}]`,
});

/** Arms the probe, does the step, and waits for the frame that shows its reply. */
async function step(page: Page, cond: Condition, act: () => Promise<void>): Promise<StepTimes> {
  await arm(page, cond);
  await act();
  const t = await stepResult(page);
  // Steps follow each other quickly (see the file's comment), but not in the same frame.
  await page.waitForTimeout(100);
  return t;
}

function sampleFrom(t: StepTimes, from: 'send' | 'key', ops: Set<string>): Sample {
  if (!t.request) {
    throw new Error('bench: no /api/ request was seen for this step (did the page send it?)');
  }
  ops.add(t.request.op);
  const start = from === 'send' ? t.request.start : t.key;
  if (start === undefined) throw new Error('bench: no keydown was seen for this step');
  return {
    ms: t.painted - start,
    bytes: t.request.bytes,
    host: t.request.end - t.request.start,
    apply: t.applied - t.request.end,
    paint: t.painted - t.applied,
    ...(from === 'send' && t.lastKey !== undefined ? { pause: t.request.start - t.lastKey } : {}),
  };
}

/**
 * Rounds of: a one-key edit of the selected project's 项目名称, undo, redo. The project is first
 * given a name found nowhere else in the tree, so the tree's node tells which name it shows.
 */
async function editSeries(
  page: Page,
  rounds: number,
  ops: Set<string>,
): Promise<{ edit: Sample[]; undo: Sample[]; redo: Sample[] }> {
  const field = page.getByRole('textbox', { name: '项目名称' });
  const base = `测速项目${Date.now().toString(36)}`;
  await step(page, nodeOf(base), async () => {
    await field.click();
    await field.press('Control+a');
    await field.pressSequentially(base);
  });
  const blur = () =>
    page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()).then(() => {});

  const edit: Sample[] = [];
  const undo: Sample[] = [];
  const redo: Sample[] = [];
  let name = base;
  for (let k = 0; k < rounds; k++) {
    // Alternately one character more and one less: the name stays short and unique.
    const before = name;
    const after = k % 2 === 0 ? `${base}A` : base;
    const e = await step(page, nodeOf(after), async () => {
      await field.click();
      await field.press('End');
      if (k % 2 === 0) await page.keyboard.press('A');
      else await page.keyboard.press('Backspace');
    });
    edit.push(sampleFrom(e, 'send', ops));
    await blur();
    undo.push(
      sampleFrom(
        await step(page, nodeOf(before), () => page.keyboard.press('Control+z')),
        'key',
        ops,
      ),
    );
    redo.push(
      sampleFrom(
        await step(page, nodeOf(after), () => page.keyboard.press('Control+y')),
        'key',
        ops,
      ),
    );
    name = after;
  }
  return { edit, undo, redo };
}

/** A one-field edit of 财政拨款, timed until 合计 changes. */
async function amountEdit(page: Page, value: string): Promise<StepTimes> {
  const field = page.getByRole('textbox', { name: '财政拨款' });
  const total: Condition = { selector: '[aria-label="合计"] strong', changes: true };
  return step(page, total, async () => {
    await field.click();
    await field.press('Control+a');
    await field.pressSequentially(value);
  });
}

/** One-field edits of 财政拨款 (two values in turn). */
async function amountSeries(page: Page, count: number, ops: Set<string>): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let k = 0; k < count; k++) {
    out.push(sampleFrom(await amountEdit(page, k % 2 === 0 ? '1234.56' : '2345.67'), 'send', ops));
  }
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  return out;
}

/**
 * An edit, then a pause long enough for the background check (a second after the last edit) to
 * run and come back: the longest main-thread task meanwhile, which would hold up the clerk's
 * next key. Three tries.
 */
async function checkAfterEdit(
  page: Page,
  requests: RequestWatch,
  ops: Set<string>,
): Promise<number[]> {
  const out: number[] = [];
  for (const value of ['3456.78', '4567.89', '5678.90']) {
    const t = await amountEdit(page, value);
    sampleFrom(t, 'send', ops);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await requests.settle(1500);
    out.push(await longestTask(page, t.painted));
  }
  return out;
}

// ---- the table -------------------------------------------------------------------------------

function printTable(
  results: SizeResult[],
  source: string,
  edits: number,
  loadStart: number[],
  loadEnd: number[],
): void {
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  console.log(
    `\n## Editor in browser mode (Chromium, 1366×768; ${source} units repeated; ${edits} edits per row)\n`,
  );
  console.log(
    `code ${codeVersion(ROOT)}; load average (1 / 5 / 15 min) at start ${la(loadStart)}, at end ${la(loadEnd)}; ${
      results.length
        ? `operations measured: ${[...new Set(results.flatMap((r) => [...r.ops]))].join(', ')}`
        : ''
    }\n`,
  );
  const heads = results.map((r) => `${r.times}× (${r.projects} projects, ${r.indicators} ind.)`);
  console.log(row(['measure', ...heads, 'target']));
  console.log(row(Array(heads.length + 2).fill('---')));
  const line = (name: string, cell: (r: SizeResult) => string, target: string) =>
    console.log(row([name, ...results.map(cell), target]));

  const steps = (label: string, pick: (r: SizeResult) => Sample[], from: string): void => {
    line(
      `${label}: ${from} → reply painted, median (min–max)`,
      (r) =>
        spread(
          pick(r).map((s) => s.ms),
          TARGET_STEP_MS,
        ),
      `≤ ${TARGET_STEP_MS} ms`,
    );
    line(
      `${label}: reply size (median)`,
      (r) =>
        mark(
          kb(median(pick(r).map((s) => s.bytes))),
          median(pick(r).map((s) => s.bytes)) <= TARGET_REPLY_BYTES,
        ),
      `≤ ${kb(TARGET_REPLY_BYTES)}`,
    );
    line(
      `${label}: of which host (send → last byte), median`,
      (r) => ms(median(pick(r).map((s) => s.host))),
      '',
    );
    line(
      `${label}: of which page (last byte → DOM shows it; → painted), median`,
      (r) =>
        `${ms(median(pick(r).map((s) => s.apply ?? NaN)))}; ${ms(median(pick(r).map((s) => s.paint ?? NaN)))}`,
      '',
    );
    if (from === 'send') {
      line(
        `${label}: typing pause (last key → send), median`,
        (r) => ms(median(pick(r).map((s) => s.pause ?? NaN))),
        "useDraft's COMMIT_DELAY_MS, by design",
      );
    }
  };
  steps('edit 项目名称', (r) => r.edit, 'send');
  steps('edit 财政拨款', (r) => r.amount, 'send');
  steps('undo (Ctrl+Z)', (r) => r.undo, 'keydown');
  steps('redo (Ctrl+Y)', (r) => r.redo, 'keydown');
  line('open → page script and styles loaded, median', (r) => ms(median(r.open.assets)), '');
  line(
    "open: the document's reply, size; sent → last byte (median)",
    (r) =>
      r.open.doc.length
        ? `${kb(median(r.open.doc.map((d) => d.bytes)))}; ${ms(median(r.open.doc.map((d) => d.host)))}`
        : '—',
    '',
  );
  line('open → tree painted, median (min–max)', (r) => spread(r.open.tree), '');
  line(
    'open → usable (first project selected, painted), median (min–max)',
    (r) => {
      const target = TARGET_OPEN_MS[r.times];
      return spread(r.open.usable, target);
    },
    Object.entries(TARGET_OPEN_MS)
      .map(([t, v]) => `≤ ${(v / 1000).toFixed(1)} s at ${t}×`)
      .join(', '),
  );
  line(
    'page JS heap after open (after GC; before GC)',
    (r) => {
      const target = TARGET_HEAP_BYTES[r.times];
      const text = `${mb(r.heap.after)} (${mb(r.heap.before)})`;
      return target === undefined ? text : mark(text, r.heap.after <= target);
    },
    Object.entries(TARGET_HEAP_BYTES)
      .map(([t, v]) => `≤ ${mb(v)} at ${t}×`)
      .join(', '),
  );
  line(
    'background check after an edit: longest main-thread task, median of 3',
    (r) => (median(r.checkTask) === 0 ? '< 50 ms' : ms(median(r.checkTask))),
    '',
  );
  line('load average (1 min) when this size began', (r) => r.load.toFixed(2), '');
  console.log('\n✓ meets its target, ✗ does not.');
}

function ms(x: number): string {
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`;
}

function kb(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${(bytes / 1024).toFixed(1)} KB`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

function mark(text: string, ok: boolean): string {
  return `${text} ${ok ? '✓' : '✗'}`;
}

function spread(xs: number[], target?: number): string {
  const m = median(xs);
  const text = `${ms(m)} (${ms(Math.min(...xs))}–${ms(Math.max(...xs))})`;
  return target === undefined ? text : mark(text, m <= target);
}
