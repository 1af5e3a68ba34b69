import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The project's own fixtures (always present). */
export function ownFixture(name: string): string {
  return path.join(ROOT, 'test', 'fixtures', name);
}

/**
 * The real published table from ../shared/fixtures, when this clone sits beside it (always in CI).
 * The project never copies it; tests that need it skip, saying so, when it is absent.
 */
export const PANYU_FIXTURE = path.resolve(
  ROOT,
  '..',
  'shared',
  'fixtures',
  'panyu-2024-published.txt',
);
export const HAS_PANYU = existsSync(PANYU_FIXTURE);
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
