import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { NO_ELECTRON, obtainElectron } from './binary.ts';
import { ROOT } from './build.ts';

/**
 * `npm start`: finds Electron first (seconds at most), so a machine without it is told at once,
 * in one line, to use browser mode — then builds the page and the main process and runs the
 * app. Arguments after `--` are passed on (e.g. a document to open).
 */

const binary = await obtainElectron();
if (!binary) {
  console.error(NO_ELECTRON);
  process.exit(1);
}

const npm = process.env.npm_execpath;
const built = npm
  ? spawnSync(process.execPath, [npm, 'run', 'build'], { stdio: 'inherit', cwd: ROOT })
  : spawnSync('npm', ['run', 'build'], {
      stdio: 'inherit',
      cwd: ROOT,
      shell: process.platform === 'win32',
    });
if (built.status !== 0) process.exit(built.status ?? 1);

// npm runs scripts in the project folder; a document named relative to where the clerk typed
// `npm start -- 表.jxmb` is resolved from there (INIT_CWD).
const from = process.env.INIT_CWD ?? process.cwd();
const args = process.argv.slice(2).map((a) => (a.startsWith('-') ? a : path.resolve(from, a)));
const child = spawn(binary, [ROOT, ...args], { stdio: 'inherit', cwd: ROOT });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
