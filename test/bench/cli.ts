import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { buildPrintModel, renderDocx } from '../../templates/export/index.ts';
import { official } from '../../templates/layout/official.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE, ROOT } from '../paths.ts';
import { libreOfficeConverter, median, ms, row } from './measure.ts';

/**
 * The command line as a clerk runs it, each command a new process, timed whole (start-up,
 * loading, work, exit): `jxmb info` and `jxmb export <fixture> --pdf`, and beside them, in the
 * same rounds so that both see the same load on the machine, LibreOffice converting the same
 * table's DOCX to PDF with a warm profile (the profile set up by an untimed first conversion).
 * Targets: info ≤ 150 ms, export ≤ 350 ms and ≥ 3.5× faster than LibreOffice.
 */
export async function benchCli(): Promise<void> {
  const runs = Number(process.env.JXMB_BENCH_CLI_RUNS ?? 9);
  const source = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');
  const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-bench-cli-'));
  try {
    const doc = path.join(dir, 'fixture.jxmb');
    writeDraft(importPublishedText(readFileSync(source, 'utf8')).draft, doc);
    const docx = path.join(dir, 'fixture.docx');
    const opened = TargetDocument.open(doc, { readonly: true });
    writeFileSync(docx, await renderDocx(buildPrintModel(opened.snapshot(), official)));
    opened.close();

    const info = () => jxmb(['info', doc]);
    const exportPdf = () => jxmb(['export', doc, '--pdf', path.join(dir, 'ours.pdf'), '--force']);
    const lo = hasSoffice() ? libreOffice(docx, dir) : undefined;

    // Untimed first round: builds the command line if a source changed, fills Node's compile
    // cache, sets up LibreOffice's profile. Its times are shown as the cold start.
    const load0 = loadavg();
    const first = { info: info(), export: exportPdf(), lo: lo?.() };
    const times = { info: [] as number[], export: [] as number[], lo: [] as number[] };
    for (let i = 0; i < runs; i++) {
      times.info.push(info());
      times.export.push(exportPdf());
      if (lo) times.lo.push(lo());
    }
    const load1 = loadavg();

    console.log(
      `\n## Command line, whole process (${path.basename(source)}; ${runs} rounds; load average ${fmtLoad(load0)} before, ${fmtLoad(load1)} after, ${availableParallelism()} cores)\n`,
    );
    console.log(
      row(['command', 'median', 'min', 'max', 'first run', 'CPU median (user+sys)', 'target']),
    );
    console.log(row(Array(7).fill('---')));
    const line = (
      name: string,
      xs: number[],
      firstRun: number | undefined,
      cpuTimes: number[] | undefined,
      target: string,
    ) =>
      console.log(
        row([
          name,
          ms(median(xs)),
          ms(Math.min(...xs)),
          ms(Math.max(...xs)),
          firstRun === undefined ? '' : ms(firstRun),
          // The first run's CPU time is left out with its wall time.
          cpuTimes?.length ? `${median(cpuTimes.slice(1)).toFixed(0)} ms` : '',
          target,
        ]),
      );
    line('`jxmb info fixture`', times.info, first.info, cpu.info, '≤ 150 ms');
    line('`jxmb export fixture --pdf`', times.export, first.export, cpu.export, '≤ 350 ms');
    if (!lo) {
      console.log('\nLibreOffice (soffice) is not installed: its conversion is not measured.');
      return;
    }
    line('LibreOffice DOCX→PDF (warm profile)', times.lo, first.lo, undefined, '');
    const ratio = median(times.lo) / median(times.export);
    console.log(
      `\nLibreOffice / \`jxmb export --pdf\` (medians): ${ratio.toFixed(1)}× (target ≥ 3.5×)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU time of `jxmb …` runs (user + system, all threads), by command: less noisy than wall time. */
const cpu: Record<string, number[]> = {};

/** Wall-clock milliseconds of `jxmb …` in a new process; throws if it fails. */
function jxmb(args: string[]): number {
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'jxmb.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const t = performance.now() - t0;
  if (r.status !== 0) throw new Error(`jxmb ${args[0]} failed: ${r.stderr}`);
  const c1 = childrenCpuMs();
  if (c0 !== undefined && c1 !== undefined) (cpu[args[0]!] ??= []).push(c1 - c0);
  return t;
}

/**
 * CPU milliseconds used so far by this process's finished children (Linux: cutime + cstime of
 * /proc/self/stat, in 10 ms ticks); undefined elsewhere.
 */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

function hasSoffice(): boolean {
  return spawnSync('sh', ['-c', 'command -v soffice'], { stdio: 'ignore' }).status === 0;
}

/** One timed `soffice --convert-to pdf` per call, all with the same profile folder. */
const libreOffice = libreOfficeConverter;

function fmtLoad(l: number[]): string {
  return l.map((x) => x.toFixed(2)).join(' ');
}
