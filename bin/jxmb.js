#!/usr/bin/env node
// Entry point of the command line. The store (better-sqlite3 13) needs Node 22; the project
// pins it through the npm `node` package, which npm scripts put first on PATH. When this file is
// started by another Node (e.g. the system's Node 20 through a global link), run it again on the
// pinned one rather than crash inside the native module.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);

if (major < 22) {
  const pinned = path.join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(pinned)) {
    console.error(
      `绩效目标表编制器需要 Node.js 22 或更高版本（当前 ${process.versions.node}）；请先在项目目录运行 npm install。`,
    );
    process.exit(2);
  }
  const r = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
