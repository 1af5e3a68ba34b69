import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Plain paths, free of vitest, so the benchmark can use them too.

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
