import { fmt, int } from './stats.ts';
import type { TimerFigures } from './timers.ts';

const verdict = (ok: boolean) => (ok ? '**met**' : '**missed**');

/** Rows for the summary table (issue 5's timer targets). */
export function timerSummaryRows(t: TimerFigures): string[] {
  const rebuild = t.rebuilds.find((r) => r.what.includes('FLUSHDB')) ?? t.rebuilds[0];
  const mbPerMillion = (t.redis.bytesPerWakeup * 1e6) / 1e6;
  return [
    `| timer lateness p99 ≤ 250 ms, ${int(t.burst.timers)} falling due in ${t.burst.windowSeconds} s among ${int(t.pending)} pending | p50 ${fmt(t.burst.committed.p50, 0)} ms, p99 ${fmt(t.burst.committed.p99, 0)} ms (due → commit seen; ${int(t.burst.fired)} fired) | ${verdict(t.burst.committed.p99 <= 250 && t.burst.fired === t.burst.timers)} |`,
    `| Redis ≤ 1 GB for 1M pending timers | ${fmt(mbPerMillion, 0)} MB per 1M wake-ups (${fmt(t.redis.bytesPerWakeup, 0)} bytes each) | ${verdict(mbPerMillion <= 1000)} |`,
    `| the rebuild of 1M wake-ups without a server RSS peak above 400 MiB (issue 15) | ${t.rebuilds.map((r) => `${fmt(r.peakRss, 0)} MiB`).join(', ')} (sampled during each rebuild) | ${verdict(Math.max(...t.rebuilds.map((r) => r.peakRss)) <= 400)} |`,
    `| rebuild of 1M wake-ups after Redis is lost ≤ 90 s | ${fmt(rebuild?.seconds ?? NaN, 1)} s (after FLUSHDB) | ${verdict((rebuild?.seconds ?? Infinity) <= 90)} |`,
  ];
}

export function timersSection(t: TimerFigures): string[] {
  const lines = [
    '## Durable timers at 1M pending',
    '',
    `${int(t.pending)} pending timer rows (loaded straight into the table with generate_series in ${fmt(t.loadSeconds, 0)} s, behind the server's back). The server's reconciler rebuilds the wake-ups in Redis page by page (5,000 rows by (due, id), a pipelined EXISTS per page, addBulk of the missing ones), then marks the Redis side complete; a check every second (one EXISTS of that marker) starts a rebuild when it is gone. Times below run from deleting the marker (or FLUSHDB) to the marker's return, detection included.`,
    '',
    '| rebuild | seconds | delayed wake-ups in Redis after | server + render processes RSS peak MiB (sampled each second) |',
    '|---|---:|---:|---:|',
    ...t.rebuilds.map(
      (r) => `| ${r.what} | ${fmt(r.seconds ?? NaN, 1)} | ${int(r.wakeups)} | ${fmt(r.peakRss, 0)} |`,
    ),
    '',
    `Redis used_memory grew by ${fmt(t.redis.bytesPerWakeup, 0)} bytes per wake-up (${int(t.redis.wakeups)} added; ${fmt(t.redis.usedMiB, 0)} MiB in all after the first rebuild). A wake-up is a BullMQ delayed job with only its id (the timer id) and delay: retries and removal are worker settings, not stored in each job.`,
    '',
    `Then ${int(t.burst.timers)} real instances waiting for acknowledgement have their deadline timers fall due one after another over ${t.burst.windowSeconds} s (${int(t.burst.timers / t.burst.windowSeconds)}/s); their wake-ups are added as a commit would add them, after the load's writes were flushed (CHECKPOINT ${fmt(t.flushed.checkpointSeconds, 1)} s, the kernel's writeback ${fmt(t.flushed.drainSeconds, 0)} s more: the checkpoint a bulk load starts would otherwise overlap the burst). The worker delivers several woken timers per transaction (group commit). Lateness from the due time:`,
    '',
    '| measured to | timers | p50 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|---:|',
    `| the transition's NOTIFY received by the bench (after commit) | ${int(t.burst.committed.n)} | ${fmt(t.burst.committed.p50, 0)} | ${fmt(t.burst.committed.p99, 0)} | ${fmt(t.burst.committed.max, 0)} |`,
    `| the history row's \`at\` (the engine's clock when its batch began) | ${int(t.burst.engine.n)} | ${fmt(t.burst.engine.p50, 0)} | ${fmt(t.burst.engine.p99, 0)} | ${fmt(t.burst.engine.max, 0)} |`,
    '',
    `Server RSS: ${fmt(t.rss.before, 0)} MiB before the phase, peak ${fmt(t.rss.peak, 0)} MiB (the higher of the server's VmHWM over the whole run so far and the server with its render processes sampled every second during the rebuilds), ${fmt(t.rss.after, 0)} MiB after: the rebuild holds two pages of rows, never all timers.`,
    '',
  ];
  return lines;
}
