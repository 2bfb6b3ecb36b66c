import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*'],
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/testing/**', '**/demo/walkthrough.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { 'packages/engine/src/**': { lines: 90 } },
    },
  },
});
