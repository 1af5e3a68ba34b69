import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { runCliAsync } from '../cli/run.ts';
import { tempDir } from '../helpers.ts';
import { HAS_SOFFICE, seedWorkbooks, sofficeConvert } from './workbook-cells-tools.ts';
import type { FuzzJob, FuzzReport, FuzzSeed } from './workbook-fuzz-run.ts';
import { mutateWorkbook } from './workbook-fuzz-mutate.ts';

// Issue #12: damaged workbooks never crash the import and never hang it: each is read, or
// refused with a UserError in Chinese. The seeds are real workbooks (a per-row sheet with merged
// unit cells and a sheet of two 申报表 forms, written by exceljs and, where LibreOffice is here,
// saved again by it); each input is a seeded mutation of one (workbook-fuzz-mutate.ts), so a
// failure names the input number that makes it again. A few inputs also go through the command
// line, which must leave a whole document or none.
//
// The default count keeps the suite fast; the long run is
//   FUZZ_WORKBOOKS=10000 vitest run test/import/workbook-fuzz.test.ts

const count = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const FUZZ_WORKBOOKS = count('FUZZ_WORKBOOKS', 200);
/** No input may take longer than this (they take tens of milliseconds). */
const HANG_MS = 10_000;
const CHINESE = /[\u4e00-\u9fff]/u;
const STACK = /\n\s+at /u;

let seeds: FuzzSeed[];

beforeAll(async () => {
  const own = await seedWorkbooks();
  seeds = own.map((s) => ({ ...s, ...(s.name === 'forms' ? { year: 2025 } : {}) }));
  if (!HAS_SOFFICE) return;
  const dir = tempDir();
  const files = own.map((s) => {
    const file = path.join(dir, `${s.name}.xlsx`);
    writeFileSync(file, s.bytes);
    return file;
  });
  const converted = sofficeConvert(files, 'xlsx', path.join(dir, 'lo'));
  converted.forEach((file, i) => {
    const seed = seeds[i]!;
    seeds.push({
      ...seed,
      name: `${seed.name} (LibreOffice)`,
      bytes: new Uint8Array(readFileSync(file)),
    });
  });
}, 180_000);

/**
 * Runs inputs [from, to) in a watched worker. An input that takes longer than HANG_MS is
 * reported (a loop cannot be interrupted from its own thread: the worker is ended) and the run
 * goes on from the next input in a new worker, so that a long run reports every finding.
 */
async function fuzz(from: number, to: number): Promise<{ reports: FuzzReport[]; hung: number[] }> {
  const reports: FuzzReport[] = [];
  const hung: number[] = [];
  let next = from;
  while (next < to) {
    const stopped = await new Promise<number | undefined>((resolve, reject) => {
      const worker = new Worker(new URL('./workbook-fuzz-worker.mjs', import.meta.url), {
        execArgv: [],
        workerData: { seeds, from: next, to } satisfies FuzzJob,
        resourceLimits: { maxOldGenerationSizeMb: 1024 },
      });
      let last = performance.now();
      const watch = setInterval(() => {
        if (performance.now() - last < HANG_MS) return;
        clearInterval(watch);
        void worker.terminate().then(() => resolve(next));
      }, 500);
      worker.on('message', (report: FuzzReport) => {
        last = performance.now();
        reports.push(report);
        next = report.input + 1;
      });
      worker.on('error', (e) => {
        clearInterval(watch);
        reject(new Error(`input ${next}: the worker failed: ${e.message}`, { cause: e }));
      });
      worker.on('exit', () => {
        clearInterval(watch);
        resolve(undefined);
      });
    });
    // The worker ended before its last input: one input's promise never settled, and nothing
    // else kept the worker alive. That input stalled, as one that hangs.
    const at = stopped ?? (next < to ? next : undefined);
    if (at === undefined) break;
    hung.push(at);
    next = at + 1;
  }
  return { reports, hung };
}

describe('damaged workbooks', () => {
  let reports: FuzzReport[];
  let seconds: number;

  it(
    `are read or refused with a message, never crash nor hang (${FUZZ_WORKBOOKS} inputs)`,
    async () => {
      const started = performance.now();
      const run = await fuzz(1, FUZZ_WORKBOOKS + 1);
      reports = run.reports;
      seconds = (performance.now() - started) / 1000;
      const crashes = reports.filter((r) => r.outcome === 'crash');
      const hangs = run.hung.map((input) => {
        const seed = seeds[input % seeds.length]!;
        return `input ${input} (${seed.name}; ${mutateWorkbook(seed.bytes, input).how}) hung or stalled`;
      });
      expect([
        ...hangs,
        ...crashes.map((c) => `input ${c.input} (${c.seed}; ${c.how}): ${c.message}`),
      ]).toEqual([]);
      expect(reports).toHaveLength(FUZZ_WORKBOOKS);
      for (const r of reports) {
        expect(r.ms, `input ${r.input} (${r.how})`).toBeLessThan(HANG_MS);
        if (r.outcome !== 'refused') continue;
        expect(r.message, `input ${r.input} (${r.how})`).toMatch(CHINESE);
        expect(r.message, `input ${r.input}`).not.toMatch(STACK);
      }
      const read = reports.filter((r) => r.outcome === 'read').length;
      const slowest = reports.reduce((a, b) => (b.ms > a.ms ? b : a));
      console.log(
        `[fuzz] workbooks: ${reports.length} inputs in ${seconds.toFixed(1)} s (${seeds.length} seeds): ` +
          `${read} read, ${reports.length - read} refused; slowest input ${slowest.input} ` +
          `${Math.round(slowest.ms)} ms (${slowest.how})`,
      );
    },
    Math.max(120_000, FUZZ_WORKBOOKS * 200),
  );

  it('through the command line: a whole document or none, never a stack trace', async () => {
    // Three refused and three read inputs of the run above (as many as there are).
    const chosen = [
      ...reports.filter((r) => r.outcome === 'refused').slice(0, 3),
      ...reports.filter((r) => r.outcome === 'read').slice(0, 3),
    ];
    const dir = tempDir();
    const runs = await Promise.all(
      chosen.map(async (r) => {
        const seed = seeds[r.input % seeds.length]!;
        const source = path.join(dir, `input-${r.input}.xlsx`);
        writeFileSync(source, mutateWorkbook(seed.bytes, r.input).bytes);
        const doc = path.join(dir, `input-${r.input}.jxmb`);
        const year = seed.year ? ['--year', String(seed.year)] : [];
        return { r, doc, cli: await runCliAsync(['import', source, '-o', doc, ...year]) };
      }),
    );
    for (const { r, doc, cli } of runs) {
      const label = `input ${r.input} (${r.how})`;
      expect(cli.stderr, label).not.toMatch(STACK);
      if (r.outcome === 'refused') {
        expect(cli.status, label).toBe(2);
        expect(cli.stderr, label).toBe(`错误：${r.message}\n`);
      } else {
        expect(cli.status, `${label}: ${cli.stderr}`).toBe(0);
        const opened = TargetDocument.open(doc, { readonly: true });
        try {
          expect(opened.snapshot().units.length, label).toBeGreaterThan(0);
        } finally {
          opened.close();
        }
      }
    }
    // The sources and the documents of the inputs read; no temporary or journal file.
    const expected = runs.flatMap(({ r }) => [
      `input-${r.input}.xlsx`,
      ...(r.outcome === 'read' ? [`input-${r.input}.jxmb`] : []),
    ]);
    expect(readdirSync(dir).sort()).toEqual(expected.sort());
  }, 120_000);
});
