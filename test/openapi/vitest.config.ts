import { defineProject } from 'vitest/config';

/**
 * The OpenAPI document as tools read it: Redocly's recommended rules, and a client generated with
 * openapi-typescript that must compile and drive a member transfer.
 *   pnpm exec vitest run --project openapi
 */
export default defineProject({
  test: {
    name: 'openapi',
    include: ['*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
