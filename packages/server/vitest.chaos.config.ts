import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One seed for the whole run (every file and the printed report): CHAOS_SEED=n replays a run.
process.env['CHAOS_SEED'] ??= String(Date.now() % 1_000_000);

/**
 * The durability suite (`pnpm test:chaos`, `pnpm test:chaos:long`): real server processes killed,
 * Redis lost, PostgreSQL restarted. Its files end in `.chaos.ts`, so the default server project
 * (`test/**\/*.test.ts`) never picks them up. They run one at a time: one restarts PostgreSQL.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'chaos',
    include: ['test/chaos/**/*.chaos.ts'],
    globalSetup: ['test/chaos/global-setup.ts'],
    fileParallelism: false,
    sequence: { shuffle: false },
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
