import { spawn } from 'node:child_process';
import { adminUrl, BENCH_DB, benchUrl, pg, Redis, redisUrl, SERVER_DIR } from './env.ts';
import { log } from './stats.ts';

export async function withClient<T>(
  url: string,
  work: (client: import('pg').Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether the bench's database exists already (BENCH_REUSE_DB=1 keeps it then). */
export async function databaseExists(): Promise<boolean> {
  return withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [BENCH_DB]);
    return (rowCount ?? 0) > 0;
  });
}

export async function createDatabase(): Promise<void> {
  await withClient(adminUrl, async (client) => {
    await client.query(`drop database if exists ${BENCH_DB} with (force)`);
    await client.query(`create database ${BENCH_DB}`);
  });
}

export async function dropDatabase(): Promise<void> {
  await withClient(adminUrl, (client) => client.query(`drop database if exists ${BENCH_DB} with (force)`));
}

/** The server's own migrations (`db:migrate`), run as a child like the server itself. */
export async function migrate(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/persistence/migrate-cli.ts'], {
      cwd: SERVER_DIR,
      env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: benchUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`migrations failed (exit ${code})`));
    });
  });
}

export async function redisClient(url = redisUrl) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  return redis;
}

/** The bench's Redis database must start empty: then everything in it at the end is ours. */
export async function checkRedisEmpty(url = redisUrl): Promise<void> {
  const redis = await redisClient(url);
  try {
    const size = await redis.dbsize();
    if (size > 0) {
      throw new Error(
        `${url} holds ${size} keys: choose another BENCH_REDIS_DB (this bench deletes what it creates)`,
      );
    }
  } finally {
    redis.disconnect();
  }
}

/** Deletes the server's BullMQ keys (prefix "doanflow:") from the bench's Redis database. */
export async function cleanRedis(url = redisUrl): Promise<number> {
  const redis = await redisClient(url);
  let deleted = 0;
  try {
    let cursor = '0';
    for (let round = 0; round < 100_000; round += 1) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'doanflow:*', 'COUNT', 1000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
  log(`removed ${deleted} Redis keys (doanflow:*) from ${url}`);
  return deleted;
}

export async function versions() {
  const postgres = await withClient(
    adminUrl,
    async (client) => (await client.query('show server_version')).rows[0].server_version as string,
  );
  const redis = await redisClient();
  try {
    const info = await redis.info('server');
    return { postgres, redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown' };
  } finally {
    redis.disconnect();
  }
}
