import { defineProject } from 'vitest/config';

/**
 * The packages as a registry would serve them, in projects outside the workspace: packed, installed
 * into a fresh Vite + React portal and a fresh Node host in temporary folders (consumers.test.ts).
 *   pnpm exec vitest run --project consumers
 */
export default defineProject({
  test: {
    name: 'consumers',
    include: ['*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 300_000,
  },
});
