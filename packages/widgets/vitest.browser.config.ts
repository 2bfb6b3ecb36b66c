import { defineConfig } from 'vitest/config';

/**
 * Browser tests: Debian Chromium (playwright-core) against the real server — PostgreSQL and Redis,
 * dev tokens, the demo directory — serving the built demo portal and the plain embedding page.
 * global-setup.ts builds what is missing or stale with Vite and starts the server on a free port.
 *   pnpm test:browser   (from the repository root)
 */
export default defineConfig({
  test: {
    name: 'widgets-browser',
    root: import.meta.dirname,
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/browser/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
