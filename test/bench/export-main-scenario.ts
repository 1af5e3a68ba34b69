import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { HarnessApi } from '../electron/main-harness.ts';

/**
 * Run by the main-process harness (test/electron/main-harness.ts) inside the BUILT main
 * process, for test/bench/export-main.ts: opens the document given in JXMB_BENCH_DOCUMENT as
 * the clerk would (文件 → 打开), and a few seconds later (JXMB_BENCH_PAUSE_MS) exports it as PDF
 * JXMB_BENCH_EXPORTS times, one after another, through the same
 * IPC handler the page calls, and watches this thread — Electron's main thread — during each
 * export: the longest gap of a 10 ms timer and perf_hooks' largest event-loop delay.
 */

export interface WatchedExport {
  /** From the page's call to its answer (the file written). */
  readonly ms: number;
  readonly timerGapMs: number;
  readonly loopDelayMs: number;
}

export interface ScenarioResult {
  readonly openMs: number;
  readonly exports: WatchedExport[];
}

interface Wire {
  readonly ok: boolean;
  readonly error?: string;
}

async function watched(work: () => Promise<unknown>): Promise<WatchedExport> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let last = performance.now();
  let timerGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    timerGapMs = Math.max(timerGapMs, now - last);
    last = now;
  }, 10);
  histogram.enable();
  // Let the monitors start before the export's own work does.
  await new Promise((r) => setTimeout(r, 30));
  last = performance.now();
  const t0 = performance.now();
  const answer = (await work()) as Wire;
  const took = performance.now() - t0;
  timerGapMs = Math.max(timerGapMs, performance.now() - last);
  clearInterval(timer);
  histogram.disable();
  if (!answer.ok) throw new Error(`export failed: ${answer.error}`);
  return { ms: took, timerGapMs, loopDelayMs: histogram.max / 1e6 };
}

export default async function run({ electron, work, call }: HarnessApi): Promise<ScenarioResult> {
  const source = process.env.JXMB_BENCH_DOCUMENT!;
  const times = Number(process.env.JXMB_BENCH_EXPORTS ?? 5);
  const file = path.join(work, path.basename(source));
  copyFileSync(source, file);
  const dialog = electron.dialog as unknown as {
    showOpenDialog: () => Promise<{ canceled: boolean; filePaths: string[] }>;
    showSaveDialog: () => Promise<{ canceled: boolean; filePath: string }>;
  };
  dialog.showOpenDialog = () => Promise.resolve({ canceled: false, filePaths: [file] });
  let n = 0;
  dialog.showSaveDialog = () =>
    Promise.resolve({ canceled: false, filePath: path.join(work, `export-${++n}.pdf`) });

  const t0 = performance.now();
  const opened = (await call('openDocument', {})) as Wire;
  if (!opened.ok) throw new Error(`open failed: ${opened.error}`);
  const openMs = performance.now() - t0;
  // The clerk looks at the document before exporting it.
  await new Promise((r) => setTimeout(r, Number(process.env.JXMB_BENCH_PAUSE_MS ?? 5000)));
  const exports: WatchedExport[] = [];
  for (let i = 0; i < times; i++) {
    exports.push(
      await watched(() => call('exportDocument', { format: 'pdf', layout: 'official' })),
    );
  }
  return { openMs, exports };
}
