import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentRenderer } from '../../src/issued-documents/render.ts';
import { RenderPool } from '../../src/issued-documents/render-pool.ts';
import { sampleDecision } from '../support/sample-document.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const numbered = (n: number) => ({ ...sampleDecision, number: `${n}-QĐ/TĐTN-VP` });

const pool = new RenderPool({ processes: 2 });
afterAll(() => pool.close());

/** VmRSS of a process, in MiB. */
const rssMiB = (pid: number) =>
  Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const exists = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The share of the time the event loop was busy while `work` ran (1: held throughout). */
async function loopBusy(work: () => Promise<unknown>): Promise<number> {
  const before = performance.eventLoopUtilization();
  await work();
  return performance.eventLoopUtilization(before).utilization;
}

describe('documents rendered in child processes', () => {
  it('gives the same bytes as rendering in this thread, for documents rendered side by side', async () => {
    const here = new DocumentRenderer();
    const expected = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => here.render(numbered(n)).then(sha256)));
    const threaded = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => pool.render(numbered(n)).then(sha256)));
    expect(threaded).toEqual(expected);
    expect(new Set(threaded).size).toBe(6);
  });

  it('leaves the event loop free while documents render (in this thread it is held throughout)', async () => {
    await pool.render(numbered(1)); // a process warm
    const threaded = await loopBusy(() =>
      Promise.all(Array.from({ length: 16 }, (_, n) => pool.render(numbered(100 + n)))),
    );
    const here = new DocumentRenderer();
    await here.render(numbered(1));
    const inThisThread = await loopBusy(async () => {
      for (let n = 0; n < 16; n += 1) await here.render(numbered(200 + n));
    });
    expect(inThisThread).toBeGreaterThan(0.8);
    expect(threaded).toBeLessThan(0.35);
  });

  it("keeps the render process's memory level over hundreds of distinct documents (Typst's layout cache is evicted)", async () => {
    // Each document different (number, list length), as a register's are: every layout is new.
    const distinct = (n: number) => ({
      ...numbered(n),
      annex: {
        ...sampleDecision.annex!,
        rows: Array.from({ length: 1 + (n % 30) }, (_, row) => [
          String(row + 1),
          `Chi đoàn ${n}-${row}`,
          'Giấy khen',
        ]),
      },
    });
    const alone = new RenderPool({ processes: 1 });
    try {
      for (let n = 0; n < 48; n += 1) await alone.render(distinct(1_000 + n)); // fonts, template, first layouts
      const [pid] = alone.processIds();
      const warm = rssMiB(pid!);
      for (let n = 0; n < 240; n += 1) await alone.render(distinct(2_000 + n));
      expect(alone.processIds()).toEqual([pid]); // the same process throughout
      // Measured in a thread: +0–10 MiB; with the former eviction (age 32 every 32 documents) +1 MiB per document.
      expect(rssMiB(pid!) - warm).toBeLessThan(60);
    } finally {
      await alone.close();
    }
  }, 120_000);

  it('fails a render that takes too long (its step rolls back) and goes on with the queue in a new process', async () => {
    const hasty = new RenderPool({ processes: 1, timeoutMs: 1 });
    const first = hasty.render(numbered(7));
    const second = hasty.render(numbered(8)); // queued behind the first, then given a new thread
    await expect(first).rejects.toThrow(/longer than 1 ms/);
    await expect(second).rejects.toThrow(/longer than 1 ms/);
    await hasty.close();
    await expect(hasty.render(numbered(9))).rejects.toThrow(/closed/);
  });

  it('fails the render whose process dies (a native crash in Typst) and renders the next in a new one', async () => {
    const fragile = new RenderPool({ processes: 1 });
    try {
      await fragile.render(numbered(10)); // started and warm
      const [pid] = fragile.processIds();
      const doomed = fragile.render(numbered(11));
      process.kill(pid!, 'SIGSEGV');
      await expect(doomed).rejects.toThrow(/render process exited \(SIGSEGV\)/);
      const next = await fragile.render(numbered(12));
      expect(next.subarray(0, 5).toString()).toBe('%PDF-');
      expect(fragile.processIds()).not.toContain(pid);
    } finally {
      await fragile.close();
    }
  });

  /** A decision whose annex lists `rows` awardees: hundreds of rows take tens of milliseconds to lay out. */
  const withList = (n: number, rows: number) => ({
    ...numbered(n),
    annex: {
      ...sampleDecision.annex!,
      rows: Array.from({ length: rows }, (_, row) => [String(row + 1), `Chi đoàn ${n}-${row}`, 'Giấy khen']),
    },
  });

  /** CPU ticks (1/100 s) a process has used. */
  const cpuTicks = (pid: number) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };

  /**
   * Holds this thread (and so the server's event loop, in production) until `pid` has used no CPU
   * for `quietMs`: it has rendered all it could without this thread.
   */
  const holdUntilIdle = (pid: number, quietMs = 500, maxMs = 30_000) => {
    const end = performance.now() + maxMs;
    let last = cpuTicks(pid);
    let quietSince = performance.now();
    while (performance.now() < end) {
      const pause = performance.now() + 5;
      while (performance.now() < pause);
      const now = cpuTicks(pid);
      if (now !== last) {
        last = now;
        quietSince = performance.now();
      } else if (performance.now() - quietSince >= quietMs) return;
    }
  };

  it('sends a process its next document before answering the first, so a busy event loop does not keep it idle', async () => {
    const one = new RenderPool({ processes: 1 });
    try {
      await one.render(withList(30, 400)); // started and warm
      const [pid] = one.processIds();
      const both = Promise.all([one.render(withList(31, 400)), one.render(withList(32, 400))]);
      // The loop held while the process renders: with one document at a time, the second one would
      // only be sent once the loop reads the first answer, and rendered after the hold.
      holdUntilIdle(pid!);
      const atRelease = cpuTicks(pid!);
      await both;
      // Nothing was left to render once the loop was free (a 400-row list takes ~9 ticks).
      expect(cpuTicks(pid!) - atRelease).toBeLessThanOrEqual(2);
    } finally {
      await one.close();
    }
  }, 60_000);

  it('renders the documents sent behind one whose process dies in a new process', async () => {
    const one = new RenderPool({ processes: 1 });
    try {
      await one.render(numbered(40));
      const [pid] = one.processIds();
      const doomed = one.render(withList(41, 400));
      const behind = one.render(numbered(42)); // already sent to the same process
      process.kill(pid!, 'SIGSEGV');
      await expect(doomed).rejects.toThrow(/render process exited \(SIGSEGV\)/);
      expect((await behind).subarray(0, 5).toString()).toBe('%PDF-');
      expect(one.processIds()).not.toContain(pid);
    } finally {
      await one.close();
    }
  });

  it('lets an idle render process exit (its memory with it) and starts one again for the next document', async () => {
    const brief = new RenderPool({ processes: 1, idleMs: 200 });
    try {
      await brief.render(numbered(20));
      const [pid] = brief.processIds();
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(brief.processIds()).toEqual([]);
      expect(exists(pid!)).toBe(false);
      const again = await brief.render(numbered(21));
      expect(again.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await brief.close();
    }
    expect(brief.processIds()).toEqual([]);
  });
});
