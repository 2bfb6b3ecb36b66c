import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { adminUrl, BENCH_DB, PG_HOST, PG_PORT, PG_USER } from './env.ts';
import { withClient } from './setup.ts';
import { log } from './stats.ts';

const PEER_DIR = fileURLToPath(new URL('../peers/dbos/', import.meta.url));
const PEER_DB = `${BENCH_DB}_dbos`;

interface PeerLevel {
  clients: number;
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
}
export interface PeerFigures {
  engine: string;
  /** A request filed: the workflow started and durably waiting on `recv`. */
  starts: PeerLevel;
  /** An approval: `send` until the workflow has recorded the decision and finished. */
  decisions: PeerLevel;
  rssMiB: number;
}

/**
 * DBOS Transact (bench/peers/dbos) on the same PostgreSQL in the same run, in a database of its own;
 * the peer is a child process so its memory is its own. The database is made new (`create`) or kept
 * from the run before, as ours is between levels, and dropped after the last run (`drop`).
 */
export async function runDbosPeer(
  clients: number,
  seconds: number,
  database: { create: boolean; drop: boolean } = { create: true, drop: true },
): Promise<PeerFigures> {
  if (database.create)
    await withClient(adminUrl, async (client) => {
      await client.query(`drop database if exists ${PEER_DB} with (force)`);
      await client.query(`create database ${PEER_DB}`);
    });
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--no-deprecation', 'main.ts'], {
        cwd: PEER_DIR,
        env: {
          PATH: process.env['PATH'] ?? '',
          DBOS_SYSTEM_DATABASE_URL: `postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${PEER_DB}`,
          PEER_CLIENTS: String(clients),
          PEER_SECONDS: String(seconds),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), (seconds * 2 + 120) * 1000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(stdout);
        else reject(new Error(`the DBOS peer exited with ${code}:\n${stderr}`));
      });
    });
    const line = output.split('\n').find((text) => text.startsWith('PEER_RESULT '));
    if (!line) throw new Error(`the DBOS peer printed no result:\n${output.slice(-2000)}`);
    const result = JSON.parse(line.slice('PEER_RESULT '.length)) as Omit<PeerFigures, 'engine' | 'rssMiB'> & {
      rss: number;
    };
    const figures: PeerFigures = {
      engine: 'DBOS Transact 5.3.0 (@dbos-inc/dbos-sdk), in process',
      starts: result.starts,
      decisions: result.decisions,
      rssMiB: result.rss / 1024 ** 2,
    };
    log(
      `DBOS peer: starts ${figures.starts.perSecond.toFixed(0)}/s (p99 ${figures.starts.p99.toFixed(1)} ms), approvals ${figures.decisions.perSecond.toFixed(0)}/s, p50 ${figures.decisions.p50.toFixed(1)} ms, p99 ${figures.decisions.p99.toFixed(1)} ms at ${clients} in flight`,
    );
    return figures;
  } finally {
    if (database.drop)
      await withClient(adminUrl, (client) => client.query(`drop database if exists ${PEER_DB} with (force)`));
  }
}
