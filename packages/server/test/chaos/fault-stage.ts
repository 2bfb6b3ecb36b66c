import { createChaosDatabase, type ChaosDatabase } from './database.ts';
import { PrivateCluster } from './private-postgres.ts';
import { freePort, PrivateRedis, scratchDir, ServerProcess } from './processes.ts';
import { TcpProxy } from './tcp-proxy.ts';

export interface FaultStageOptions {
  servers: number;
  /** Put a TCP proxy between the servers and PostgreSQL (and one before Redis). */
  proxies?: boolean;
  /** More environment for the servers (timer settings, LD_PRELOAD…). */
  serverEnv?: Record<string, string>;
}

/**
 * One fault scenario's world, all of it private: a PostgreSQL cluster started for it (never the
 * machine's), its database migrated with the e2e directory, a private redis-server, optional TCP
 * proxies in front of both, and N server processes. `close` tears it all down and never throws.
 */
export class FaultStage {
  readonly primary: PrivateCluster;
  readonly db: ChaosDatabase;
  readonly redis: PrivateRedis;
  readonly pgProxy: TcpProxy | null;
  readonly redisProxy: TcpProxy | null;
  readonly servers: ServerProcess[] = [];
  /** Other clusters the scenario started (a standby), torn down with the stage. */
  readonly extraClusters: PrivateCluster[] = [];
  private readonly scratch: { path: string; dispose(): void };

  private constructor(parts: {
    primary: PrivateCluster;
    db: ChaosDatabase;
    redis: PrivateRedis;
    pgProxy: TcpProxy | null;
    redisProxy: TcpProxy | null;
    scratch: { path: string; dispose(): void };
  }) {
    this.primary = parts.primary;
    this.db = parts.db;
    this.redis = parts.redis;
    this.pgProxy = parts.pgProxy;
    this.redisProxy = parts.redisProxy;
    this.scratch = parts.scratch;
  }

  static async open(label: string, options: FaultStageOptions): Promise<FaultStage> {
    const scratch = scratchDir();
    const redis = new PrivateRedis(await freePort(), scratch.path);
    const primary = await PrivateCluster.create();
    try {
      await redis.start();
      const db = await createChaosDatabase(label, { serverUrl: primary.url() });
      const pgProxy = options.proxies ? await TcpProxy.start(primary.port) : null;
      const redisProxy = options.proxies ? await TcpProxy.start(redis.port) : null;
      const stage = new FaultStage({ primary, db, redis, pgProxy, redisProxy, scratch });
      for (let i = 0; i < options.servers; i += 1) {
        const env = {
          databaseUrl: stage.databaseUrl,
          redisUrl: redisProxy ? `redis://127.0.0.1:${redisProxy.port}` : redis.url,
          port: await freePort(),
          extra: options.serverEnv,
        };
        stage.servers.push(new ServerProcess(env, `${scratch.path}/server-${i}.log`));
      }
      await Promise.all(stage.servers.map((server) => server.start()));
      return stage;
    } catch (error) {
      await redis.kill().catch(() => {});
      await primary.dispose().catch(() => {});
      scratch.dispose();
      throw error;
    }
  }

  /** What the servers are given: the proxy when there is one, else the cluster itself. */
  get databaseUrl(): string {
    const port = this.pgProxy?.port ?? this.primary.port;
    return `postgres://postgres@127.0.0.1:${port}/${this.db.name}`;
  }

  logs(): string {
    return this.servers
      .map((server, i) => `--- server ${i} (${server.logPath})\n${server.tail(30)}`)
      .join('\n');
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.kill().catch(() => {})));
    await this.pgProxy?.close().catch(() => {});
    await this.redisProxy?.close().catch(() => {});
    await this.redis.kill().catch(() => {});
    for (const cluster of [this.primary, ...this.extraClusters]) await cluster.dispose().catch(() => {});
    this.scratch.dispose();
  }
}
