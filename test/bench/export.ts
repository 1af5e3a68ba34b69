import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { buildPrintModel, renderDocx } from '../../templates/export/index.ts';
import { official } from '../../templates/layout/official.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE, ROOT } from '../paths.ts';
import { libreOfficeConverter, median, ms, row } from './measure.ts';
import { timesTen } from './synthetic.ts';

/**
 * Printing: the fixture (imported) and a synthetic document ten times its size, to PDF and DOCX,
 * each case in its own process (median of several runs after a first, cold one; peak memory);
 * and, where LibreOffice is installed, its DOCX→PDF conversion of the same documents.
 * Targets on a 2-core machine: fixture PDF < 1 s, DOCX < 0.3 s; 10× under 10× those; at least
 * 5× faster than LibreOffice.
 */
export async function benchExport(): Promise<void> {
  const source = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');
  const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-bench-export-'));
  try {
    const draft = importPublishedText(readFileSync(source, 'utf8')).draft;
    const fixture = path.join(dir, 'fixture.jxmb');
    writeDraft(draft, fixture);
    const tenfold = path.join(dir, 'tenfold.jxmb');
    writeDraft(timesTen(draft), tenfold);

    const cases = [
      ['fixture', fixture, 'pdf', 'official', 7],
      ['fixture', fixture, 'docx', 'official', 7],
      ['fixture', fixture, 'pdf-bundled', 'official', 7],
      ['fixture', fixture, 'pdf', 'per-project', 5],
      ['fixture', fixture, 'docx', 'per-project', 5],
      ['10×', tenfold, 'pdf', 'official', 3],
      ['10×', tenfold, 'docx', 'official', 3],
    ] as const;
    console.log(`\n## Export (${path.basename(source)}; 10× = its units repeated ten times)\n`);
    console.log(
      row([
        'document',
        'format',
        'layout',
        'runs',
        'median',
        'first (cold)',
        'pages',
        'size',
        'peak RSS',
      ]),
    );
    console.log(row(Array(9).fill('---')));
    const medians: Record<string, number> = {};
    for (const [name, file, format, layout, runs] of cases) {
      const r = runCase(file, format, layout, runs);
      const m = median(r.times.slice(1));
      medians[`${name} ${format} ${layout}`] = m;
      const label =
        format === 'pdf'
          ? `PDF (${r.font})`
          : format === 'pdf-bundled'
            ? `PDF (${r.font})`
            : 'DOCX';
      console.log(
        row([
          name,
          label,
          layout,
          String(runs),
          ms(m),
          ms(r.times[0]!),
          r.pages ? String(r.pages) : '',
          `${(r.bytes / 1024).toFixed(0)} KB`,
          `${r.peakMB.toFixed(0)} MB`,
        ]),
      );
    }

    const cli = timeCli(fixture, dir);
    console.log(
      `\nWhole command \`jxmb export fixture --pdf --docx\` in a new process: ${ms(cli)}`,
    );

    if (!hasSoffice()) {
      console.log('\nLibreOffice (soffice) is not installed: its conversion is not measured.');
      return;
    }
    console.log('\n### LibreOffice DOCX→PDF conversion of the same documents\n');
    console.log(
      row([
        'document',
        'runs',
        'LibreOffice median',
        'ours (PDF, median)',
        'ratio',
        'ours (whole command)',
        'ratio',
      ]),
    );
    console.log(row(Array(7).fill('---')));
    for (const [name, file, runs] of [
      ['fixture', fixture, 3],
      ['10×', tenfold, 1],
    ] as const) {
      const docx = path.join(dir, `${name === '10×' ? 'tenfold' : 'fixture'}.docx`);
      const opened = TargetDocument.open(file, { readonly: true });
      writeFileSync(docx, await renderDocx(buildPrintModel(opened.snapshot(), official)));
      opened.close();
      const lo = median(libreOffice(docx, dir, runs));
      const ours = medians[`${name} pdf official`]!;
      const whole = name === 'fixture' ? cli : NaN;
      console.log(
        row([
          name,
          String(runs),
          ms(lo),
          ms(ours),
          `${(lo / ours).toFixed(1)}×`,
          Number.isNaN(whole) ? '' : ms(whole),
          Number.isNaN(whole) ? '' : `${(lo / whole).toFixed(1)}×`,
        ]),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface CaseResult {
  times: number[];
  pages: number;
  bytes: number;
  font: string;
  peakMB: number;
}

function runCase(file: string, format: string, layout: string, runs: number): CaseResult {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'test', 'bench', 'export-case.ts'),
      file,
      format,
      layout,
      String(runs),
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 << 20 },
  );
  if (r.status !== 0) throw new Error(`export case failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as CaseResult;
}

function timeCli(doc: string, dir: string): number {
  const xs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'jxmb.js'),
        'export',
        doc,
        '--pdf',
        path.join(dir, 'cli.pdf'),
        '--docx',
        path.join(dir, 'cli.docx'),
        '--force',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    xs.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`jxmb export failed: ${r.stderr}`);
  }
  return median(xs);
}

function hasSoffice(): boolean {
  return spawnSync('sh', ['-c', 'command -v soffice'], { stdio: 'ignore' }).status === 0;
}

/** Wall-clock times of `soffice --convert-to pdf`, after one untimed run that sets up the profile. */
function libreOffice(docx: string, dir: string, runs: number): number[] {
  const convert = libreOfficeConverter(docx, dir);
  convert();
  return Array.from({ length: runs }, convert);
}
