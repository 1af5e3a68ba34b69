import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Finding the Electron binary without hanging. The `electron` npm package (≥ 42) downloads its
 * binary on first `require('electron')`, and fails — after a while, or never, depending on the
 * network — where the download host is unreachable. So: look for the binary on disk; if it is
 * not there, try the download once, only if the download host answers within seconds.
 */

export const NO_ELECTRON =
  'Electron 无法获取（本机没有 Electron 程序，也无法下载），桌面程序不能在此运行；请使用浏览器模式：npm run web' +
  ' | Electron is not available here (no binary, download impossible); use browser mode: npm run web';

const require = createRequire(import.meta.url);

export function electronPackageDir(): string | undefined {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** The Electron executable on disk, as `require('electron')` would name it; never downloads. */
export function electronBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = electronPackageDir();
  if (!dir) return undefined;
  const pathFile = path.join(dir, 'path.txt');
  const exe = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const candidate = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, exe || 'electron')
    : exe && path.join(dir, 'dist', exe);
  return candidate && existsSync(candidate) ? candidate : undefined;
}

/** Whether the download host answers at all (any HTTP status) within `timeoutMs`. */
export async function downloadHostReachable(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 4000,
): Promise<boolean> {
  const mirror =
    env.ELECTRON_MIRROR ??
    env.npm_config_electron_mirror ??
    'https://github.com/electron/electron/releases/download/';
  try {
    await fetch(mirror, {
      method: 'HEAD',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * The binary, downloading it once if needed and possible. `JXMB_NO_ELECTRON_DOWNLOAD=1` skips
 * the download.
 */
export async function obtainElectron(
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const found = electronBinary(env);
  if (found) return found;
  const dir = electronPackageDir();
  if (!dir || env.JXMB_NO_ELECTRON_DOWNLOAD === '1') return undefined;
  if (!(await downloadHostReachable(env))) return undefined;
  // Its progress is shown; its stack trace on failure is not (NO_ELECTRON says it in one line).
  spawnSync(process.execPath, [path.join(dir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    env,
    timeout: 10 * 60_000,
  });
  return electronBinary(env);
}
