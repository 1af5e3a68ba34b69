import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn child processes (CLI, crash test); two cores are all CI has.
    pool: 'forks',
    reporters: ['default'],
  },
});
