import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The soak (`pnpm soak`; SOAK_MINUTES=60 pnpm soak for the long run): the real server under
 * steady load for minutes, failing when handles, listeners, the healthy subscriber's backlog or
 * the retained heap grow. Its file ends in `.soak.ts`, so the default project never runs it.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'soak',
    include: ['test/soak/**/*.soak.ts'],
    fileParallelism: false,
    testTimeout: 6 * 3_600_000,
    hookTimeout: 120_000,
  },
});
