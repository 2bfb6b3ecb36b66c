import { createChaosDatabase, dropStaleChaosDatabases, type ChaosDatabase } from './database.ts';
import { freePort, PrivateRedis, scratchDir, ServerProcess } from './processes.ts';

/**
 * One scenario's world: a database of its own, a private redis-server, N server processes on free
 * loopback ports. `close` tears all of it down and never throws, so it can run after a failure.
 */
export class Stage {
  readonly db: ChaosDatabase;
  readonly redis: PrivateRedis;
  readonly servers: ServerProcess[];
  private readonly scratch: { path: string; dispose(): void };

  private constructor(
    db: ChaosDatabase,
    redis: PrivateRedis,
    servers: ServerProcess[],
    scratch: { path: string; dispose(): void },
  ) {
    this.db = db;
    this.redis = redis;
    this.servers = servers;
    this.scratch = scratch;
  }

  /** `extra`: more environment for every server (over the chaos defaults in processes.ts). */
  static async open(label: string, serverCount: number, extra?: Record<string, string>): Promise<Stage> {
    await dropStaleChaosDatabases().catch(() => {});
    const scratch = scratchDir();
    const redis = new PrivateRedis(await freePort(), scratch.path);
    let db: ChaosDatabase | null = null;
    try {
      await redis.start();
      db = await createChaosDatabase(label);
      const servers: ServerProcess[] = [];
      for (let i = 0; i < serverCount; i += 1) {
        const env = {
          databaseUrl: db.url,
          redisUrl: redis.url,
          port: await freePort(),
          ...(extra ? { extra } : {}),
        };
        servers.push(new ServerProcess(env, `${scratch.path}/server-${i}.log`));
      }
      const stage = new Stage(db, redis, servers, scratch);
      await Promise.all(servers.map((server) => server.start()));
      return stage;
    } catch (error) {
      await redis.kill().catch(() => {});
      await db?.drop().catch(() => {});
      scratch.dispose();
      throw error;
    }
  }

  /** The last lines of every server's log, for a failure message. */
  logs(): string {
    return this.servers
      .map((server, i) => `--- server ${i} (${server.logPath})\n${server.tail(30)}`)
      .join('\n');
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.kill().catch(() => {})));
    await this.redis.kill().catch(() => {});
    await this.db.drop().catch((error: unknown) => console.error('could not drop', this.db.name, error));
    this.scratch.dispose();
  }
}
