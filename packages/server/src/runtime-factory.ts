import type { MikroORM } from '@mikro-orm/core';
import type { Clock, DirectoryData, WorkflowRegistry } from '@doanflow/engine';
import { AttachmentStore } from './attachments/attachment-store.ts';
import { PostgresBlobStore } from './attachments/blob-stores/postgres-blob-store.ts';
import type { S3StoreOptions } from './attachments/blob-stores/s3-blob-store.ts';
import { Dossiers } from './attachments/dossiers.ts';
import { DocumentIssuer } from './issued-documents/issuer.ts';
import { IssuedDocuments } from './issued-documents/issued-documents.ts';
import { documentPolicySchema, type DocumentPolicy } from './issued-documents/numbering.ts';
import { RenderPool } from './issued-documents/render-pool.ts';
import type { ZipLimits } from './attachments/zip-check.ts';
import { openDatabase } from './db/open-database.ts';
import { describeSchema } from './db/schema-version.ts';
import { ServerError } from './errors.ts';
import { PostgresWebhookStore } from './persistence/webhook-store.ts';
import type { ReadinessReport } from './runner/contract.ts';
import { DurableRuntime, type RuntimeDeps } from './runner/durable-runtime.ts';
import { TimerQueue } from './timers/queue.ts';
import { TimerReconciler, type ReconcileReport } from './timers/reconciler.ts';
import {
  describeTimerTransport,
  queueConnection,
  resolveTimerTransport,
  type AutoRedisOptions,
  type TimerTransport,
} from './timers/timer-transport.ts';
import type { DueSweep } from './timers/due-sweep.ts';
import { startTimerWorker, type TimerWorker } from './timers/worker.ts';

export interface CreateRuntimeOptions {
  /** Real PostgreSQL; without it, embedded PGlite under `dataDir` (or in memory). */
  databaseUrl?: string;
  dataDir?: string;
  /** PGlite's shared_buffers (default 32MB). */
  pgliteSharedBuffers?: string;
  /** PostgreSQL schema for all tables (default "public"). */
  schema?: string;
  poolSize?: number;
  /** A PostgreSQL statement unanswered this long fails with 503 (default 10 s; 0: never). */
  statementTimeoutMs?: number;
  /** A transaction's statements asked for together leave at once (default on; open-database.ts). */
  pipeline?: boolean;
  /** BullMQ wake-ups on this Redis, used as given. */
  redisUrl?: string;
  /**
   * Without `redisUrl`: try the default local Redis, then a private redis-server, then BullMQ's
   * PostgreSQL backend in this database, then polling.
   * Without either, timers are delivered by the periodic reconciler alone.
   */
  autoRedis?: AutoRedisOptions;
  queuePrefix?: string;
  /** Run a timer worker in this process (default true when redisUrl is set). */
  worker?: boolean;
  /** Wake-ups the worker handles at once, delivered in shared transactions (default 256). */
  workerConcurrency?: number;
  /** The worker also fires timers when PostgreSQL says they are due, without their wake-ups (default true). */
  dueSweep?: boolean;
  /** The overdue sweep every this many ms (default 30 s with Redis, 1 s without; 0 turns it off). */
  reconcileIntervalMs?: number;
  /** The sweep fires timers overdue by more than this (default 5 s with Redis, 0 without). */
  overdueGraceMs?: number;
  /** Checks that Redis holds every wake-up this often (default 1 s; 0 when reconcileIntervalMs is 0). */
  wakeupCheckIntervalMs?: number;
  /** Pending timer rows per page when wake-ups are rebuilt (default 5,000). */
  rebuildPageSize?: number;
  registry: WorkflowRegistry;
  policy?: Record<string, Record<string, unknown>>;
  /**
   * Which offices may delegate their role to which (ủy quyền): `{ allowed: [{ holder, delegate }],
   * maxDays }`; by default a Bí thư to a Phó Bí thư of the same unit, for at most 92 days.
   */
  delegationPolicy?: unknown;
  clock?: Clock;
  /** Seeds the directory when the database has none yet. */
  directory?: DirectoryData;
  /** Where attachment bytes go: PostgreSQL (default, PGlite too) or an S3-compatible bucket. */
  attachments?: AttachmentOptions;
  /** How official documents are numbered and where their QR codes lead (issued-documents/numbering.ts). */
  documents?: Partial<DocumentPolicy>;
  /** Render processes for official documents (default: cores − 1, 1–2); 0 renders on the event loop. */
  renderThreads?: number;
  /** Render signing steps' PDFs before locking their registers (default true; issuer.ts). */
  renderAhead?: boolean;
  /** Begin a signing step's transaction while the one ahead takes the register (default true; register-line.ts). */
  writeAhead?: boolean;
  /** Milliseconds a render process stays without a document before it exits (default 45 s). */
  renderIdleMs?: number;
  log?: RuntimeDeps['log'];
  /** Told of every start, decision and fired timer (metrics). */
  observer?: RuntimeDeps['observer'];
  /** Concurrent commands' steps in one statement and commit (default: up to 32, waiting ≤ 2 ms). */
  groupCommit?: RuntimeDeps['groupCommit'];
  /** The least time between two announcements to other processes, ms (default 20). */
  announceGapMs?: RuntimeDeps['announceGapMs'];
}

export interface AttachmentOptions {
  s3?: S3StoreOptions;
  /** Bytes per PostgreSQL chunk row (default 1 MiB). */
  chunkBytes?: number;
  /** Where uploads are spooled while they are checked (default the OS's temporary folder). */
  tmpDir?: string;
  zipLimits?: ZipLimits;
}

/** The durable runtime with its timer machinery, as the server process runs it. */
export class HostedRuntime extends DurableRuntime {
  orm!: MikroORM;
  timers: TimerQueue | null = null;
  worker: TimerWorker | null = null;
  dueSweep: DueSweep | null = null;
  reconciler!: TimerReconciler;
  webhooks!: PostgresWebhookStore;
  attachments!: AttachmentStore;
  dossiers!: Dossiers;
  issuedDocuments!: IssuedDocuments;
  timerTransport: TimerTransport = { kind: 'polling', stop: async () => {} };
  /** Which timer delivery is in use, for the log. */
  timerDelivery = '';
  /** The schema version and the migrations applied at start, for the log. */
  schemaReport = '';
  /** The threads official documents are rendered in (none when rendering on the event loop). */
  renderPool: RenderPool | null = null;

  reconcile(): Promise<ReconcileReport> {
    return this.reconciler.reconcile();
  }

  /** Ready when PostgreSQL takes a write and this process's timer worker (if any) runs. */
  async readiness(): Promise<ReadinessReport> {
    const checks: Record<string, string> = { database: 'ok', timers: 'ok' };
    try {
      await this.db.query('update readiness_probe set checked_at = now() where id = 1');
    } catch (error) {
      checks['database'] = databaseTrouble(error);
    }
    if (this.worker) {
      if (!this.worker.isRunning() || this.worker.closing) checks['timers'] = 'stopped';
    } else if (this.timerTransport.kind === 'polling') {
      checks['timers'] = 'ok (polling)';
    }
    return { ready: Object.values(checks).every((check) => check.startsWith('ok')), checks };
  }

  override async close(): Promise<void> {
    await this.reconciler.stop();
    await this.dueSweep?.stop();
    await this.worker?.close();
    await this.timers?.close();
    await this.timerTransport.stop();
    await super.close();
    await this.renderPool?.close();
    await this.db.close();
  }
}

/** A short word for why PostgreSQL refused the readiness write (asUnavailable names the reason). */
function databaseTrouble(error: unknown): string {
  if (error instanceof ServerError && error.code === 'UNAVAILABLE') {
    const reason = error.details['reason'];
    if (reason === 'read-only') return 'read-only';
    if (reason === 'resources') return 'out of resources (disk full?)';
    return 'unavailable';
  }
  const code = (error as { code?: unknown })?.code;
  return `failing (${typeof code === 'string' ? code : 'error'})`;
}

export async function createRuntime(options: CreateRuntimeOptions): Promise<HostedRuntime> {
  const { db, orm, pglite, schema } = await openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    pgliteSharedBuffers: options.pgliteSharedBuffers,
    schema: options.schema,
    poolSize: options.poolSize,
    statementTimeoutMs: options.statementTimeoutMs,
    pipeline: options.pipeline,
  });
  const runtime = new HostedRuntime({
    db,
    registry: options.registry,
    policy: options.policy,
    delegationPolicy: options.delegationPolicy,
    clock: options.clock,
    log: options.log,
    observer: options.observer,
    groupCommit: options.groupCommit,
    announceGapMs: options.announceGapMs,
  });
  runtime.orm = orm;
  runtime.schemaReport = describeSchema(schema);
  runtime.webhooks = new PostgresWebhookStore(db);
  // Bytes already in PostgreSQL stay readable after a move to S3: both stores are known.
  const inDatabase = new PostgresBlobStore(db, options.attachments?.chunkBytes);
  const s3 = options.attachments?.s3;
  // The AWS SDK (~4 MiB of heap) is loaded only where a bucket is configured (issue 15, memory).
  const bucket = s3 ? new (await import('./attachments/blob-stores/s3-blob-store.ts')).S3BlobStore(s3) : null;
  runtime.attachments = bucket
    ? new AttachmentStore(db, bucket, [inDatabase])
    : new AttachmentStore(db, inDatabase);
  // Typst's addon is loaded only to render in this process: with render processes it stays in them.
  const renderer =
    options.renderThreads === 0
      ? (await import('./issued-documents/render.ts')).sharedRenderer()
      : new RenderPool({ processes: options.renderThreads, idleMs: options.renderIdleMs });
  if (renderer instanceof RenderPool) runtime.renderPool = renderer;
  runtime.documents = new DocumentIssuer({
    renderer: renderer,
    store: runtime.attachments,
    cache: runtime.cache,
    policy: documentPolicySchema.parse(options.documents ?? {}),
    renderAhead: options.renderAhead,
    writeAhead: options.writeAhead,
  });
  runtime.issuedDocuments = new IssuedDocuments(runtime, runtime.attachments);
  runtime.dossiers = new Dossiers({
    runtime,
    store: runtime.attachments,
    tmpDir: options.attachments?.tmpDir,
    zipLimits: options.attachments?.zipLimits,
  });
  try {
    await runtime.cache.load(db);
    if (runtime.cache.version === 0 && options.directory) {
      await runtime.importDirectory(options.directory, 'replace');
    }
    await runtime.calendars.load(db.query);
    await runtime.hub.listen(db, (what) => {
      if (what === null)
        runtime.log('listening again for other processes’ changes (open event streams resync)');
      if (what !== 'calendar') runtime.cache.load(db).catch(() => {});
      if (what !== 'directory') {
        runtime
          .refreshCalendar()
          .catch((error) => runtime.log('could not recount timers for a new notice', error));
      }
    });
    runtime.timerTransport = await resolveTimerTransport(options.redisUrl, options.autoRedis, {
      pglite,
      databaseUrl: options.databaseUrl,
      schema: db.schema,
    });
    const connection = queueConnection(runtime.timerTransport, options.queuePrefix ?? 'doanflow');
    if (connection) {
      runtime.timers = await TimerQueue.open(connection);
      runtime.wakeups = runtime.timers;
      if (options.worker !== false) {
        const started = await startTimerWorker(runtime, {
          ...connection,
          concurrency: options.workerConcurrency,
          dueSweep: options.dueSweep,
        });
        runtime.worker = started.worker;
        runtime.dueSweep = started.sweep;
      }
    }
    // Without wake-ups the reconciler is the only delivery: poll often, with no grace.
    const interval = options.reconcileIntervalMs ?? (runtime.timers ? 30_000 : 1_000);
    runtime.reconciler = new TimerReconciler(runtime, runtime.timers, {
      sweepIntervalMs: interval,
      overdueGraceMs: options.overdueGraceMs ?? (runtime.timers ? 5_000 : 0),
      checkIntervalMs: options.wakeupCheckIntervalMs ?? (interval === 0 ? 0 : 1_000),
      pageSize: options.rebuildPageSize ?? 5_000,
    });
    // Timers counted under a notice replaced while no process ran (or mid-recount) are counted again.
    await runtime.recountTimers();
    // What is overdue now goes at once; the wake-ups (a million rows take a while) behind the listener.
    await runtime.reconciler.sweep(0);
    runtime.reconciler.rebuildInBackground();
    runtime.timerDelivery = describeTimerTransport(runtime.timerTransport, interval);
    runtime.reconciler.start();
  } catch (error) {
    runtime.reconciler ??= new TimerReconciler(runtime, null);
    await runtime.close().catch(() => {});
    throw error;
  }
  return runtime;
}
