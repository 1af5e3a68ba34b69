import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Exports keep a per-character font cache in the user's cache folder (templates/export/
// font-cache.ts); tests and the programs they start keep theirs here instead, git-ignored.
const FONT_CACHE = fileURLToPath(new URL('./test-output/font-cache', import.meta.url));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A page under load (two cores, several Chromiums and child processes at once) can take
    // more than expect.poll's default second to show an edit's answer; a poll still ends as
    // soon as what it waits for is there.
    expect: { poll: { timeout: 5_000 } },
    // Tests spawn child processes (CLI, crash test); two cores are all CI has.
    pool: 'forks',
    reporters: ['default'],
    env: { JXMB_FONT_CACHE: process.env.JXMB_FONT_CACHE ?? FONT_CACHE },
  },
});
