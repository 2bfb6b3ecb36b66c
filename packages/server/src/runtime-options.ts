import { demoPolicy } from '@doanflow/engine';
import type { ServerConfig } from './config.ts';
import type { CreateRuntimeOptions } from './runtime-factory.ts';

/** What the server process gives createRuntime from its configuration (main.ts and tests share it). */
export function runtimeOptionsFrom(config: ServerConfig): Omit<CreateRuntimeOptions, 'registry'> {
  return {
    databaseUrl: config.databaseUrl,
    statementTimeoutMs: config.databaseStatementTimeoutMs,
    pipeline: config.databasePipeline,
    groupCommit: config.groupCommit,
    dataDir: config.dataDir,
    pgliteSharedBuffers: config.pgliteSharedBuffers,
    redisUrl: config.redisUrl,
    queuePrefix: config.queuePrefix,
    // No REDIS_URL: the default local Redis, else a private redis-server, else BullMQ on PostgreSQL.
    autoRedis: { dataDir: config.dataDir },
    reconcileIntervalMs: config.timers.sweepIntervalMs,
    overdueGraceMs: config.timers.overdueGraceMs,
    wakeupCheckIntervalMs: config.timers.checkIntervalMs,
    rebuildPageSize: config.timers.rebuildPageSize,
    workerConcurrency: config.timers.workerConcurrency,
    dueSweep: config.timers.dueSweep,
    renderThreads: config.renderThreads,
    renderAhead: config.renderAhead,
    writeAhead: config.writeAhead,
    renderIdleMs: config.renderIdleMs,
    // The demo province lets a Phó Bí thư sign "TM." (policy of issue 11's signing rule).
    ...(config.demo ? { policy: demoPolicy } : {}),
  };
}
