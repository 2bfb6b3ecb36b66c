import { readFileSync } from 'node:fs';
import { benchUrl } from './env.ts';
import { withClient } from './setup.ts';
import { sleep } from './stats.ts';

export interface FlushFigures {
  /** CHECKPOINT's own duration. */
  checkpointSeconds: number;
  /** Until the kernel's dirty and writeback pages fell under DRAINED_MIB (bounded). */
  drainSeconds: number;
  /** Dirty + writeback pages when the wait ended. */
  dirtyMiB: number;
}

const DRAINED_MIB = 64;

/** The kernel's dirty pages and pages being written back, machine-wide (/proc/meminfo). */
function dirtyMiB(): number {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(meminfo)?.[1] ?? 0);
  return (kib('Dirty') + kib('Writeback')) / 1024;
}

/**
 * A bulk load writes gigabytes within a minute, which a live database never does just before its
 * officers read: its checkpoint (spread over minutes by checkpoint_completion_target) and the kernel's
 * writeback of it would otherwise run under the timings that follow. CHECKPOINT writes it out at once;
 * then the wait lets the kernel's flusher finish.
 */
export async function flushBulkWrites(maxWaitMs = 120_000): Promise<FlushFigures> {
  const started = Date.now();
  await withClient(benchUrl, (db) => db.query('checkpoint'));
  const checkpointSeconds = (Date.now() - started) / 1000;
  const draining = Date.now();
  let dirty = dirtyMiB();
  while (dirty > DRAINED_MIB && Date.now() - draining < maxWaitMs) {
    await sleep(1000);
    dirty = dirtyMiB();
  }
  return { checkpointSeconds, drainSeconds: (Date.now() - draining) / 1000, dirtyMiB: dirty };
}
