import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'examples/*/vitest.config.ts',
      'scripts/vitest.config.ts',
      'test/consumers/vitest.config.ts',
      'test/openapi/vitest.config.ts',
    ],
    coverage: {
      provider: 'v8',
      include: ['**/src/**/*.{ts,tsx}'],
      exclude: ['**/*.test.{ts,tsx}', '**/dist/**', '**/testing/**', '**/demo/walkthrough.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { '**/engine/src/**': { lines: 90 } },
    },
  },
});
