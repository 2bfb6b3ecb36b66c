import { setFlagsFromString } from 'node:v8';

/**
 * How much V8's old generation may grow over what the last full collection kept before it
 * collects again (V8's own factor is up to 4×: with ~80 MB live the server's heap swelled to
 * 250 MB of garbage, all of it resident). Measured in bench/RESULTS.md (issue 15, memory).
 */
export const HEAP_GROWING_PERCENT = 30;

/** The young generation flag that only the command line (or NODE_OPTIONS) can set: see below. */
export const YOUNG_GENERATION_FLAG = '--max-semi-space-size=8';

/**
 * The server process's memory settings, applied by main.ts before it builds anything. The heap's
 * growing factor is read at every collection, so it takes effect when set here, whichever way
 * the process was started (`pnpm serve`, `node src/main.ts`, the built dist). The young
 * generation's size is fixed when V8 starts: it comes from the command line (the package's
 * `serve`/`start` scripts pass YOUNG_GENERATION_FLAG) or NODE_OPTIONS; without it V8 sizes each
 * semi-space by the machine's memory (64 MB here, 128 MB resident). Flags an operator gave win.
 * Returns a line for the log when the young generation was left at V8's default.
 */
export function applyMemorySettings(execArgv: readonly string[], nodeOptions = ''): string | null {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)];
  const has = (flag: string) => given.some((arg) => arg.replaceAll('_', '-').startsWith(flag));
  if (!has('--heap-growing-percent')) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  if (has('--max-semi-space-size') || has('--max-heap-size')) return null;
  return `memory: V8's young generation is at its default size (up to 128 MB resident); start Node with ${YOUNG_GENERATION_FLAG} (the serve script does; or NODE_OPTIONS=${YOUNG_GENERATION_FLAG})`;
}
