import { defineConfig } from 'vitest/config';

/**
 * Browser tests against a running doanflow server (not part of the default `widgets` project):
 *   DOANFLOW_BASE_URL=http://127.0.0.1:3000 DOANFLOW_PERSON_ID=<demo person> \
 *     pnpm --filter @doanflow/widgets build && pnpm --filter @doanflow/widgets test:browser
 */
export default defineConfig({
  test: {
    name: 'widgets-browser',
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
