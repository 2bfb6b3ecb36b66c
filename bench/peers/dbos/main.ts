/**
 * The bench's peer: DBOS Transact doing the approval doanflow does, on the same PostgreSQL in the
 * same run. A workflow records the request (a step), waits on `recv`, and records the decision (a
 * step); an approver's `send` decides it. In process, with none of doanflow's HTTP, auth, engine,
 * tasks or history work: the durable-execution floor of one approval.
 *
 * Run by bench/lib/dbos-peer.ts as a child process; prints one line `PEER_RESULT <json>`.
 * Environment: DBOS_SYSTEM_DATABASE_URL, PEER_CLIENTS (16), PEER_SECONDS (10).
 */
import { DBOS } from '@dbos-inc/dbos-sdk';
import { randomUUID } from 'node:crypto';

const systemDatabaseUrl = process.env['DBOS_SYSTEM_DATABASE_URL'];
const CLIENTS = Number(process.env['PEER_CLIENTS'] ?? 16);
const SECONDS = Number(process.env['PEER_SECONDS'] ?? 10);
if (!systemDatabaseUrl) throw new Error('DBOS_SYSTEM_DATABASE_URL is required');

async function approval(request: string): Promise<string> {
  await DBOS.runStep(async () => request, { name: 'file' });
  const decision = await DBOS.recv<string>('decision', 600);
  await DBOS.runStep(async () => decision, { name: 'decide' });
  return decision ?? 'expired';
}
const approvalWorkflow = DBOS.registerWorkflow(approval, { name: 'approval' });

interface Level {
  clients: number;
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

function level(latencies: number[], elapsedMs: number): Level {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    clients: CLIENTS,
    count: sorted.length,
    perSecond: (sorted.length * 1000) / elapsedMs,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
  };
}

/** `CLIENTS` loops for `SECONDS`, each timing `work` back to back. */
async function load(work: () => Promise<() => Promise<void>>): Promise<Level> {
  const latencies: number[] = [];
  const until = performance.now() + SECONDS * 1000;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        const timed = await work();
        const t0 = performance.now();
        await timed();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return level(latencies, performance.now() - began);
}

async function main(): Promise<void> {
  DBOS.setConfig({ name: 'doanflow-bench-peer', systemDatabaseUrl, logLevel: 'warn' });
  await DBOS.launch();
  const waiting: { id: string; handle: { getResult(): Promise<string> } }[] = [];
  try {
    // Starts: a request filed and durably waiting for its decision.
    const starts = await load(async () => async () => {
      const id = randomUUID();
      const handle = await DBOS.startWorkflow(approvalWorkflow, { workflowID: id })(`đề nghị ${id}`);
      waiting.push({ id, handle });
    });
    // Decisions: one waiting request per approver at a time, started untimed; timed from the send
    // until the workflow has recorded the decision and finished.
    const decisions = await load(async () => {
      const id = randomUUID();
      const handle = await DBOS.startWorkflow(approvalWorkflow, { workflowID: id })(`đề nghị ${id}`);
      return async () => {
        await DBOS.send(id, 'đồng ý', 'decision');
        await handle.getResult();
      };
    });
    const rss = process.memoryUsage().rss;
    // The starts' requests are decided too, so nothing is left waiting when DBOS shuts down.
    for (const { id } of waiting) await DBOS.send(id, 'đồng ý', 'decision');
    await Promise.all(waiting.map(({ handle }) => handle.getResult()));
    process.stdout.write(`PEER_RESULT ${JSON.stringify({ starts, decisions, rss })}\n`);
  } finally {
    await DBOS.shutdown();
  }
}

await main();
