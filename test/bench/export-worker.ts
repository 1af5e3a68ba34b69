import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { TargetDocument } from '../../db/document.ts';
import { writeFileAtomic } from '../../templates/export/write-file.ts';
import { ExportRenderer, type ExportFormat } from '../../templates/export/worker/renderer.ts';
import { median, ms, row } from './measure.ts';
import { cachedDocument, draftSize, fixtureDraft, repeatUnits } from './synthetic.ts';

/**
 * Exports from a running editor, as both hosts make them: one long-lived export worker
 * (templates/export/worker) in this process, which stands for Electron's main process or the
 * browser-mode server. Each export is what a host does on its own thread — the document's
 * snapshot, handing it to the worker, writing the file it gets back — and the worker's
 * rendering. Figures:
 *
 * - first and later PDF exports of the fixture (the first starts the worker and loads modules
 *   and fonts; target for the second: ≤ 0.15 s), and the first after warmUp();
 * - 10× and 100× PDF and Word, with how many progress events the caller heard;
 * - this thread during each export: its longest task of the export's own (the snapshot and
 *   handing it over; writing the file), timed directly — target during a fixture export:
 *   ≤ 50 ms, the RAIL limit for a task — and, as a check that nothing else runs on it, the
 *   longest gap of a 10 ms timer and perf_hooks' largest event-loop delay (these include
 *   the time the machine's other processes keep this one waiting: see the load average).
 */

const TARGET_SECOND_MS = 150;
const TARGET_STALL_MS = 50;
/** Later fixture exports measured after the first. */
const WARM_RUNS = 5;

interface Measured {
  readonly ms: number;
  /** The worker's CPU time for the export: what it costs on an otherwise idle machine. */
  readonly cpuMs: number | undefined;
  readonly bytes: number;
  readonly events: number;
  /** This thread's own work, timed directly: the snapshot and handing it to the worker. */
  readonly handOverMs: number;
  /** … and writing the file it got back (written whole, flushed to disk, renamed). */
  readonly writeMs: number;
  /** Longest gap between the 10 ms timer's ticks. */
  readonly timerStallMs: number;
  /** Largest event-loop delay perf_hooks saw (10 ms resolution). */
  readonly loopDelayMs: number;
}

/** One export as a host makes it, with this thread watched meanwhile. */
async function exportOnce(
  renderer: ExportRenderer,
  doc: TargetDocument,
  format: ExportFormat,
  out: string,
): Promise<Measured> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let last = performance.now();
  let timerStallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    timerStallMs = Math.max(timerStallMs, now - last);
    last = now;
  }, 10);
  histogram.enable();
  // Let the monitors start before the export's own work does.
  await new Promise((r) => setTimeout(r, 30));
  last = performance.now();
  let events = 0;
  let cpuMs: number | undefined;
  const t0 = performance.now();
  const rendering = renderer.render(
    { data: doc.snapshot(), layoutId: 'official', format },
    { onProgress: () => events++, onStats: (s) => (cpuMs = s.cpuMs) },
  );
  const handedOver = performance.now() - t0;
  const bytes = await rendering;
  const w0 = performance.now();
  writeFileAtomic(out, bytes);
  const written = performance.now() - w0;
  const took = performance.now() - t0;
  timerStallMs = Math.max(timerStallMs, performance.now() - last);
  clearInterval(timer);
  histogram.disable();
  return {
    ms: took,
    cpuMs,
    bytes: bytes.length,
    events,
    handOverMs: handedOver,
    writeMs: written,
    timerStallMs,
    loopDelayMs: histogram.max / 1e6,
  };
}

export async function benchExportWorker(): Promise<void> {
  const { draft, source } = fixtureDraft();
  const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-bench-export-worker-'));
  const renderer = new ExportRenderer();
  const opened: TargetDocument[] = [];
  const open = (times: number) => {
    const doc = TargetDocument.open(cachedDocument(draft, times), { readonly: true });
    opened.push(doc);
    return doc;
  };
  try {
    const fixture = open(1);
    const sizes = [10, 100].map((times) => ({ times, doc: open(times) }));
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(2))
        .join(' ');

    console.log(`\n## Exports in the export worker (${path.basename(source)}; load ${load()})\n`);
    console.log(
      row([
        'export',
        'time',
        'worker CPU',
        'size',
        'progress events',
        'snapshot + hand over',
        'write file',
        'longest timer gap',
        'max loop delay',
      ]),
    );
    console.log(row(Array(9).fill('---')));
    const show = (name: string, m: Measured) =>
      console.log(
        row([
          name,
          ms(m.ms),
          m.cpuMs === undefined ? '' : ms(m.cpuMs),
          `${(m.bytes / 1024).toFixed(0)} KB`,
          String(m.events),
          ms(m.handOverMs),
          ms(m.writeMs),
          ms(m.timerStallMs),
          ms(m.loopDelayMs),
        ]),
      );

    const first = await exportOnce(renderer, fixture, 'pdf', path.join(dir, 'first.pdf'));
    show('fixture PDF, first (starts the worker)', first);
    const warm: Measured[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      warm.push(await exportOnce(renderer, fixture, 'pdf', path.join(dir, 'again.pdf')));
    }
    show(`fixture PDF, second`, warm[0]!);
    const warmMedian = median(warm.map((m) => m.ms));
    const cpus = warm.flatMap((m) => (m.cpuMs === undefined ? [] : [m.cpuMs]));
    const cpuMedian = cpus.length ? median(cpus) : undefined;
    console.log(
      row([
        `fixture PDF, median of ${WARM_RUNS} after the first`,
        ms(warmMedian),
        cpuMedian === undefined ? '' : ms(cpuMedian),
        '',
        '',
        ms(Math.max(...warm.map((m) => m.handOverMs))),
        ms(Math.max(...warm.map((m) => m.writeMs))),
        ms(Math.max(...warm.map((m) => m.timerStallMs))),
        ms(Math.max(...warm.map((m) => m.loopDelayMs))),
      ]),
    );
    show('fixture Word', await exportOnce(renderer, fixture, 'docx', path.join(dir, 'f.docx')));

    // A host that warms the worker up once the document is open (ExportRenderer.warmUp).
    const prepared = new ExportRenderer();
    try {
      const w0 = performance.now();
      await prepared.warmUp(fixture.snapshot());
      const warmUpMs = performance.now() - w0;
      const m = await exportOnce(prepared, fixture, 'pdf', path.join(dir, 'prepared.pdf'));
      show(`fixture PDF, first after warmUp() (which took ${ms(warmUpMs)})`, m);
    } finally {
      await prepared.close();
    }

    for (const { times, doc } of sizes) {
      const size = draftSize(repeatUnits(draft, times));
      for (const format of ['pdf', 'docx'] as const) {
        const m = await exportOnce(renderer, doc, format, path.join(dir, `x${times}.${format}`));
        show(`${times}× (${size.projects} projects) ${format === 'pdf' ? 'PDF' : 'Word'}`, m);
      }
    }

    const fixtureRuns = [first, ...warm];
    const fixtureTask = Math.max(...fixtureRuns.map((m) => Math.max(m.handOverMs, m.writeMs)));
    const fixtureGap = Math.max(...fixtureRuns.map((m) => m.timerStallMs));
    console.log(
      `\nSecond fixture PDF: ${ms(warm[0]!.ms)} (median of ${WARM_RUNS}: ${ms(warmMedian)}, the worker's CPU ${cpuMedian === undefined ? '?' : ms(cpuMedian)}; target for the second ≤ ${TARGET_SECOND_MS} ms: ${warm[0]!.ms <= TARGET_SECOND_MS ? 'met' : 'NOT met'}).`,
    );
    console.log(
      `Longest task of this thread during a fixture export: ${ms(fixtureTask)} (target ≤ ${TARGET_STALL_MS} ms: ${fixtureTask <= TARGET_STALL_MS ? 'met' : 'NOT met'}); longest timer gap ${ms(fixtureGap)}. Load average now ${load()}.`,
    );
  } finally {
    for (const doc of opened) doc.close();
    await renderer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
