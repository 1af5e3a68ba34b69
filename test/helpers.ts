import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

export { HAS_PANYU, ownFixture, PANYU_FIXTURE, ROOT } from './paths.ts';
import { HAS_PANYU, PANYU_FIXTURE } from './paths.ts';

if (!HAS_PANYU) {
  console.warn(`[skip] ${PANYU_FIXTURE} is not here: tests of the published fixture are skipped`);
}

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-test-'));
  dirs.push(dir);
  return dir;
}
