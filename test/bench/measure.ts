import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
/** Small timing helpers for `npm run bench`: medians of repeated runs, in milliseconds. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function time(runs: number, fn: () => void): { median: number; min: number; max: number } {
  fn(); // warm-up: module loading and JIT are not what we measure
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    xs.push(performance.now() - t0);
  }
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

export function ms(x: number): string {
  return `${x.toFixed(1)} ms`;
}

export function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The code measured: the commit, and whether the working tree (outside the bench) differs. */
export function codeVersion(root: string): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: 'pipe' }).trim();
    const changed =
      git('status', '--porcelain', '--untracked-files=no', '--', '.', ':!test/bench') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${changed ? ' + uncommitted changes' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/**
 * LibreOffice converting `docx` to PDF, the peer the exporters are compared with: returns a
 * function that converts once and answers the time it took. Every call uses the same profile
 * folder under `dir`, so all but the first run with a warm profile.
 */
export function libreOfficeConverter(docx: string, dir: string): () => number {
  const profile = path.join(dir, 'lo-profile');
  const out = path.join(dir, 'lo-out');
  return () => {
    const t0 = performance.now();
    const r = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        out,
        docx,
      ],
      { encoding: 'utf8', timeout: 600_000 },
    );
    if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
    return performance.now() - t0;
  };
}
