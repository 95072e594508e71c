import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: each test file starts the built app (see e2e/support/server.ts) against its own
 * PostgreSQL database and Redis prefix, and drives Debian chromium through playwright-core.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    pool: 'forks',
    // One app + one chromium per file; running files one after another keeps small CI machines calm.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    reporters: ['default'],
  },
});
