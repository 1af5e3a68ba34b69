#!/usr/bin/env node
// Entry point of the command line. The store (better-sqlite3 13) needs Node 22; the project
// pins it through the npm `node` package, which npm scripts put first on PATH. When this file is
// started by another Node (e.g. the system's Node 20 through a global link), run it again on the
// pinned one rather than crash inside the native module.
import { existsSync, readFileSync, statSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);

// The command line as built by cli/build.ts (`npm install` runs it; the names are set there).
const BUILD_DIR = path.join(root, 'out', 'cli');
const BUNDLE = path.join(BUILD_DIR, 'main.cjs');
const MANIFEST = path.join(BUILD_DIR, 'build.json');

if (major < 22) {
  const pinned = path.join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(pinned)) {
    console.error(
      `绩效目标表编制器需要 Node.js 22 或更高版本（当前 ${process.versions.node}）；请先在项目目录运行 npm install。`,
    );
    process.exit(2);
  }
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
} else {
  const main = await loadMain();
  process.exitCode = await main(process.argv.slice(2));
}

/**
 * The built command line: plain JavaScript, nothing compiled at start-up. Built again first when
 * it is missing or a source it was made from has changed since (a `git pull`, an edit), so it is
 * never stale and nobody builds by hand. When it cannot be built (no esbuild, a read-only
 * folder), the TypeScript sources run through tsx as before, a second or so slower to start.
 */
async function loadMain() {
  const problem = buildIsFresh() ? undefined : await rebuild();
  if (problem === undefined) {
    // V8's compiled code of the bundle is kept beside it, so later starts skip compiling it.
    // (Node 22.1 and later.)
    module.enableCompileCache?.(path.join(BUILD_DIR, 'compile-cache'));
    return module.createRequire(import.meta.url)(BUNDLE).main;
  }
  console.error(`注意：命令行的编译版本无法生成（${problem}），改为直接运行源码，启动会慢一些。`);
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error('无法启动命令行：缺少程序的组成部分；请在项目目录运行 npm install。');
    process.exit(2);
  }
  register();
  return (await import(pathToFileURL(path.join(root, 'cli', 'main.ts')).href)).main;
}

/** The build is there and no source listed in its manifest is newer than it (or gone). */
function buildIsFresh() {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    if (!existsSync(BUNDLE) || !Array.isArray(inputs)) return false;
    return inputs.every((f) => statSync(path.join(root, f)).mtimeMs <= builtAt);
  } catch {
    return false;
  }
}

/** Runs cli/build.ts; undefined when it built, otherwise why not (one line). */
async function rebuild() {
  // Loaded only here: most starts need no child process.
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'cli', 'build.ts')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  // Built: used even if a source changed meanwhile (it is rebuilt at the next start).
  if (r.status === 0 && existsSync(MANIFEST)) return undefined;
  // Node prints where it failed first, then the error: the error is the line to show.
  const lines = (r.error?.message ?? r.stderr ?? '').split('\n').filter((l) => l.trim());
  const why = lines.find((l) => /error/i.test(l)) ?? lines[0] ?? '';
  return why.trim().slice(0, 200) || `退出码 ${r.status}`;
}
