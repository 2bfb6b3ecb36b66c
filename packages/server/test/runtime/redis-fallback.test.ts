import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { findOnPath, redisAnswers } from '../../src/timers/local-redis.ts';
import type { AutoRedisOptions } from '../../src/timers/timer-transport.ts';
import { dropSchema, nextChange, openRuntime, TestClock, transferInTransit, uniqueName } from './support.ts';

const schemas: string[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'doanflow-redis-fallback-'));
afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema);
  rmSync(dataDir, { recursive: true, force: true });
});

/** A loopback URL where nothing listens: the "default Redis" is down. */
async function silentRedisUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return `redis://127.0.0.1:${port}`;
}

async function open(
  clock: TestClock,
  findRedisServer?: () => string | null,
  reconcileIntervalMs?: number,
  openJobStore?: AutoRedisOptions['openJobStore'],
) {
  const schema = uniqueName('rt_redisfb');
  schemas.push(schema);
  return openRuntime({
    schema,
    clock,
    queuePrefix: uniqueName('dftest'),
    autoRedis: { defaultUrl: await silentRedisUrl(), dataDir, findRedisServer, openJobStore },
    reconcileIntervalMs,
  });
}

const inTransit = transferInTransit;

const expired = (runtime: HostedRuntime, id: string) =>
  nextChange(runtime, (change) => change.instanceId === id && change.state === 'referralExpired');

describe('timer delivery when no Redis URL is given and the default Redis does not answer', () => {
  it('starts a private redis-server from PATH, fires a timer through it, and stops it on close', async () => {
    expect(findOnPath('redis-server')).not.toBeNull();
    const clock = new TestClock('2026-03-02T02:00:00Z');
    // Interval off: only the BullMQ worker on the private Redis can deliver.
    const runtime = await open(clock, undefined, 0);
    let url: string;
    try {
      expect(runtime.timerTransport).toMatchObject({ kind: 'redis', origin: 'private' });
      url = (runtime.timerTransport as { url: string }).url;
      expect(runtime.timerDelivery).toContain('a private redis-server');
      expect(await redisAnswers(url)).toBe(true);

      const { id, timer } = await inTransit(runtime);
      expect(await runtime.timers!.state(timer.id)).toBe('delayed');
      clock.set(timer.due);
      const fired = expired(runtime, id);
      expect(await runtime.timers!.promote(timer.id)).toBe(true);
      await fired;
      expect(await runtime.fireTimer(timer.id)).toEqual({ status: 'skipped' });
    } finally {
      await runtime.close();
    }
    expect(await redisAnswers(url)).toBe(false);
  });

  it('falls back to the reconciler polling every second when no redis-server is installed and BullMQ cannot use PostgreSQL', async () => {
    const clock = new TestClock('2026-03-02T02:00:00Z');
    const refused = async () => {
      throw new Error('no room for its tables');
    };
    const runtime = await open(clock, () => null, undefined, refused);
    try {
      expect(runtime.timerTransport.kind).toBe('polling');
      expect(runtime.timers).toBeNull();
      expect(runtime.timerDelivery).toContain(
        "BullMQ's PostgreSQL backend did not start: no room for its tables",
      );
      expect(runtime.timerDelivery).toContain('every 1 s');
      const { id, timer } = await inTransit(runtime);
      const fired = expired(runtime, id);
      clock.set(timer.due);
      await fired;
      const [row] = await runtime.db.query<{ status: string }>('select status from timers where id = $1', [
        timer.id,
      ]);
      expect(row?.status).toBe('fired');
    } finally {
      await runtime.close();
    }
  });
});
