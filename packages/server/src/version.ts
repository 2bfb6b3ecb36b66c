import { readFileSync } from 'node:fs';

/** This release of doanflow, as its package says (the one place the number is written). */
export const SERVER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
