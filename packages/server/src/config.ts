import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import type { S3StoreOptions } from './attachments/blob-stores/s3-blob-store.ts';
import type { AuthOptions } from './plugins/token-verifier.ts';

/**
 * Where the embedded database lives without DOANFLOW_DATA_DIR: `.data` in the folder the process was
 * started from (the host's own folder), never beside this module, which for an installed package is
 * inside node_modules, wiped by a reinstall.
 */
export const defaultDataDir = join(process.cwd(), '.data');

const flag = z
  .enum(['0', '1', ''])
  .default('0')
  .transform((value) => value === '1');
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const optionalMs = optionalText.pipe(
  z.string().regex(/^\d+$/, 'a whole number of milliseconds').transform(Number).optional(),
);

const origin = z
  .url({ protocol: /^https?$/ })
  .refine((url) => new URL(url).origin === url.replace(/\/$/, ''), {
    message: 'an origin is scheme://host[:port], without a path',
  });

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: optionalText.pipe(z.url().optional()),
    DOANFLOW_DATA_DIR: z.string().min(1).default(defaultDataDir),
    /**
     * The embedded database's buffer cache, inside the server's memory (PostgreSQL's default is 128MB;
     * the files are in the OS page cache anyway, so a small deployment keeps ~100 MiB by lowering it).
     */
    DOANFLOW_PGLITE_SHARED_BUFFERS: z
      .string()
      .regex(/^[1-9][0-9]*(kB|MB|GB)$/, 'a size such as 32MB')
      .default('32MB'),
    /** Unset: redis://127.0.0.1:6379 if it answers, else a private redis-server, else BullMQ on PostgreSQL. */
    REDIS_URL: optionalText.pipe(z.url().optional()),
    /** BullMQ's key prefix on Redis: one per deployment sharing a Redis (or a database index). */
    BULLMQ_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "." or "-", at most 64')
      .default('doanflow'),
    JWT_SECRET: optionalText.pipe(z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional()),
    JWKS_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    JWT_AUDIENCE: optionalText,
    JWT_ISSUER: optionalText,
    DOANFLOW_TENANT: optionalText,
    JWT_TENANT_CLAIM: optionalText,
    /** Exactly "1" turns dev tokens on; anything else but "0" or empty is a mistake and refused. */
    DOANFLOW_DEV_TOKENS: flag,
    DOANFLOW_DEMO: flag,
    /**
     * The person id (a token's `sub`) who administers a deployment whose directory names no
     * administrator yet: the way in on a first run. It grants nothing once the directory has one.
     */
    DOANFLOW_FIRST_ADMIN: optionalText,
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim().replace(/\/$/, ''))
          .filter(Boolean),
      )
      .pipe(z.array(origin)),
    RATE_LIMIT_MAX: z.coerce.number().int().positive().default(600),
    /** PEM files: with both, the server terminates TLS itself and speaks HTTP/2. */
    TLS_CERT_FILE: optionalText,
    TLS_KEY_FILE: optionalText,
    TRUST_PROXY: flag,
    /** When set, GET /metrics wants `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: optionalText.pipe(
      z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
    ),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
    /** Unset: 30 s with Redis, 1 s without (the sweep is then the only delivery). */
    TIMER_SWEEP_INTERVAL_MS: optionalMs,
    TIMER_OVERDUE_GRACE_MS: optionalMs,
    TIMER_CHECK_INTERVAL_MS: z.coerce.number().int().min(0).default(1_000),
    TIMER_REBUILD_PAGE_SIZE: z.coerce.number().int().min(100).max(100_000).default(5_000),
    TIMER_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(256),
    /** "0": timers fire on their BullMQ wake-ups only, not also when PostgreSQL says they are due. */
    TIMER_DUE_SWEEP: z
      .enum(['0', '1'])
      .default('1')
      .transform((value) => value === '1'),
    /** A PostgreSQL statement unanswered this long fails with 503 and its connection is dropped (0: never). */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    /**
     * "1" (default): a transaction's statements asked for together leave without waiting for each
     * other's answers (node-postgres pipelining); "0": each after the answer of the one before.
     */
    DATABASE_PIPELINE: z
      .enum(['0', '1'])
      .default('1')
      .transform((value) => value === '1'),
    /**
     * Group commit: a decision or start waits at most this long (ms) to share one write statement
     * and one commit with concurrent ones on other instances (0: each alone). See runner/group-commit.ts.
     */
    GROUP_COMMIT_WAIT_MS: z.coerce.number().int().min(0).max(50).default(2),
    GROUP_COMMIT_MAX_BATCH: z.coerce.number().int().min(1).max(500).default(32),
    /** Where attachment bytes go: "postgresql" (default; PGlite too) or "s3" (any S3-compatible store). */
    ATTACHMENT_STORE: z.enum(['postgresql', 's3']).default('postgresql'),
    /** The public address printed under the QR code of an official document (…/verify/<code>). */
    PUBLIC_URL: optionalText.pipe(z.url().optional()),
    /** How document numbers read: {serial}, {type}, {unit}, {year} (default "{serial}-{type}/{unit}"). */
    DOCUMENT_NUMBER_FORMAT: optionalText,
    /** The place printed before a document's date (default "Đà Nẵng"). */
    DOCUMENT_PLACE: optionalText,
    /**
     * Processes official documents are rendered in (default: cores − 1, 1–2); 0 renders on the event
     * loop. The name is from when they were threads.
     */
    DOCUMENT_RENDER_THREADS: z.coerce.number().int().min(0).max(16).optional(),
    /** 0: render a signing step's PDF under its register's lock, as before issue 15 (for comparison). */
    DOCUMENT_RENDER_AHEAD: z.enum(['0', '1']).default('1'),
    /** 0: a signing step begins its transaction only once the one ahead holds the register (for comparison). */
    DOCUMENT_WRITE_AHEAD: z.enum(['0', '1']).default('1'),
    /** Seconds a render process stays without a document before it exits, its memory with it (default 45). */
    DOCUMENT_RENDER_IDLE_SECONDS: z.coerce.number().min(1).max(86_400).optional(),
    S3_BUCKET: optionalText,
    S3_ENDPOINT: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    S3_REGION: optionalText,
    S3_PREFIX: optionalText,
    S3_FORCE_PATH_STYLE: flag,
    S3_ACCESS_KEY_ID: optionalText,
    S3_SECRET_ACCESS_KEY: optionalText,
    /** Where uploads are spooled while they are checked (default the OS's temporary folder). */
    UPLOAD_TMP_DIR: optionalText,
    /**
     * Hosts or CIDR ranges webhooks may reach although internal ("receiver.lan,10.20.0.0/16"):
     * without it, loopback, private, link-local and other internal addresses are refused.
     */
    WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      ),
    /**
     * Newer workflow versions held back, e.g. "member-transfer@1,award-campaign@1": during a rolling
     * deploy, until every server of the deployment knows a version, new instances start on the older.
     */
    WORKFLOW_VERSIONS_UP_TO: z
      .string()
      .default('')
      .transform((value, context) => {
        const caps: Record<string, number> = {};
        for (const entry of value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)) {
          const match = /^([a-z0-9-]+)@([1-9]\d{0,3})$/.exec(entry);
          if (!match) {
            context.addIssue({ code: 'custom', message: `"${entry}" is not workflow-id@version` });
            return z.NEVER;
          }
          caps[match[1]!] = Number(match[2]);
        }
        return caps;
      }),
    /** "0" lets a decision through without the revision its sender saw (default "1": required). */
    DECISIONS_REQUIRE_REVISION: z
      .enum(['0', '1'])
      .default('1')
      .transform((value) => value === '1'),
    WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(12),
    WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).default(20),
    WEBHOOK_DISABLE_AFTER_MS: z.coerce
      .number()
      .int()
      .min(0)
      .default(3 * 86_400_000),
    /** E-mail notifications: smtp://user:pass@host:587 or smtps://…:465 (unset: no e-mail). */
    NOTIFY_SMTP_URL: optionalText.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
    /** The From of notification mail: "Đoàn TNCS <no-reply@doan.example>". */
    NOTIFY_MAIL_FROM: optionalText,
    /** The portal's page of an instance, with {instanceId} and {workflowId}. */
    NOTIFY_PORTAL_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** This server's address as people reach it: unsubscribe links point here. */
    NOTIFY_PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** Signs unsubscribe links (default JWT_SECRET): changing it invalidates links already sent. */
    NOTIFY_SECRET: optionalText.pipe(
      z.string().min(32, 'NOTIFY_SECRET must be at least 32 characters').optional(),
    ),
    VAPID_PUBLIC_KEY: optionalText,
    VAPID_PRIVATE_KEY: optionalText,
    /** A contact for push services: mailto:… or https://… */
    VAPID_SUBJECT: optionalText.pipe(
      z
        .string()
        .regex(/^(mailto:|https:)/, 'mailto:… or https://…')
        .optional(),
    ),
    NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
    NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  })
  .superRefine((env, context) => {
    const fail = (path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message });
    // The demo seeds a known administrator and sample cases into the database it is given.
    if (env.DOANFLOW_DEMO && env.NODE_ENV === 'production') {
      fail(
        'DOANFLOW_DEMO',
        'demo mode is refused with NODE_ENV=production: it would seed a known administrator and sample data into the production database (chế độ demo không được bật khi NODE_ENV=production)',
      );
    }
    if (env.DOANFLOW_DEV_TOKENS && env.NODE_ENV === 'production') {
      fail('DOANFLOW_DEV_TOKENS', 'dev tokens can never be on in production');
    }
    // Minted tokens let anyone act as anyone: never on an address other machines can reach.
    if (env.DOANFLOW_DEV_TOKENS && !LOOPBACK.has(env.HOST)) {
      fail(
        'DOANFLOW_DEV_TOKENS',
        `dev tokens need a loopback HOST (127.0.0.1, ::1, localhost), not ${env.HOST}`,
      );
    }
    if (env.DOANFLOW_DEV_TOKENS && env.JWKS_URL) {
      fail('DOANFLOW_DEV_TOKENS', 'dev tokens are signed with JWT_SECRET: unset JWKS_URL');
    }
    if (Boolean(env.TLS_CERT_FILE) !== Boolean(env.TLS_KEY_FILE)) {
      fail(
        env.TLS_CERT_FILE ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE',
        'TLS needs both TLS_CERT_FILE and TLS_KEY_FILE',
      );
    }
    if (env.ATTACHMENT_STORE === 's3' && !env.S3_BUCKET)
      fail('S3_BUCKET', 'ATTACHMENT_STORE=s3 needs S3_BUCKET');
    if (!env.S3_ACCESS_KEY_ID !== !env.S3_SECRET_ACCESS_KEY) {
      fail('S3_SECRET_ACCESS_KEY', 'set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither');
    }
    if (env.NOTIFY_SMTP_URL && !env.NOTIFY_MAIL_FROM) {
      fail('NOTIFY_MAIL_FROM', 'e-mail notifications (NOTIFY_SMTP_URL) need a From address');
    }
    const vapid = [env.VAPID_PUBLIC_KEY, env.VAPID_PRIVATE_KEY, env.VAPID_SUBJECT].filter(Boolean).length;
    if (vapid !== 0 && vapid !== 3) {
      fail('VAPID_SUBJECT', 'Web Push needs VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT together');
    }
    if (!env.DOANFLOW_DEV_TOKENS && !env.JWT_SECRET && !env.JWKS_URL) {
      fail('JWT_SECRET', 'set JWT_SECRET or JWKS_URL (or DOANFLOW_DEV_TOKENS=1 outside production)');
    }
  });

export type Env = z.input<typeof envSchema>;

export interface ServerConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databaseStatementTimeoutMs: number;
  databasePipeline: boolean;
  groupCommit: { maxWaitMs: number; maxBatch: number };
  dataDir: string;
  /** PGlite's shared_buffers (DOANFLOW_PGLITE_SHARED_BUFFERS). */
  pgliteSharedBuffers: string;
  redisUrl: string | undefined;
  /** BullMQ's key prefix: deployments sharing a Redis must each have their own. */
  queuePrefix: string;
  auth: AuthOptions;
  /** True when the secret was generated at start (dev tokens without JWT_SECRET): tokens die with the process. */
  ephemeralSecret: boolean;
  demo: boolean;
  /** DOANFLOW_FIRST_ADMIN: administers while the directory names no administrator. */
  firstAdmin: string | undefined;
  cors: { origins: string[] };
  rateLimit: { max: number };
  trustProxy: boolean;
  /** Decisions must carry the revision their sender saw (DECISIONS_REQUIRE_REVISION). */
  requireExpectedRevision: boolean;
  /** The newest version of each named workflow this server registers (WORKFLOW_VERSIONS_UP_TO). */
  workflowVersionsUpTo: Record<string, number>;
  /** Certificate and key files, when the server terminates TLS (HTTP/2). */
  tls: { certFile: string; keyFile: string } | undefined;
  logLevel: string;
  /** Attachment bytes: in the database unless `s3` is set. */
  attachments: { s3?: S3StoreOptions; tmpDir?: string };
  /** Official documents: numbering, place, and where their QR codes lead. */
  documents: { publicUrl: string; numberFormat?: string; place?: string };
  /** Processes official documents are rendered in (DOCUMENT_RENDER_THREADS; default chosen by cores). */
  renderThreads: number | undefined;
  /** Whether signing steps render before locking their register (DOCUMENT_RENDER_AHEAD, default on). */
  renderAhead: boolean;
  /** Whether a signing step writes its step while the one ahead takes the register (DOCUMENT_WRITE_AHEAD). */
  writeAhead: boolean;
  /** Milliseconds an idle render process lives (DOCUMENT_RENDER_IDLE_SECONDS). */
  renderIdleMs: number | undefined;
  metricsToken: string | undefined;
  timers: {
    sweepIntervalMs: number | undefined;
    overdueGraceMs: number | undefined;
    checkIntervalMs: number;
    rebuildPageSize: number;
    workerConcurrency: number;
    dueSweep: boolean;
  };
  webhooks: {
    /** Attempts in flight per subscription and process. */
    concurrency: number;
    timeoutMs: number;
    maxAttempts: number;
    disableAfterFailures: number;
    disableAfterMs: number;
    /** Internal hosts or ranges webhooks may reach anyway (WEBHOOK_ALLOWED_HOSTS). */
    allowedHosts: string[];
  };
  notifications: {
    smtp: { url: string; from: string } | undefined;
    vapid: { publicKey: string; privateKey: string; subject: string } | undefined;
    portalUrl: string | undefined;
    publicUrl: string;
    /** Signs unsubscribe links; generated at start when neither NOTIFY_SECRET nor JWT_SECRET is set. */
    secret: string;
    concurrency: number;
    maxAttempts: number;
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: { variable: string; message: string }[];
  constructor(issues: { variable: string; message: string }[]) {
    super(
      `invalid configuration:\n${issues.map((issue) => `  ${issue.variable}: ${issue.message}`).join('\n')}`,
    );
    this.issues = issues;
  }
}

/** Reads and checks the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '?'),
        message: issue.message,
      })),
    );
  }
  const env = parsed.data;
  const ephemeralSecret = env.DOANFLOW_DEV_TOKENS && !env.JWT_SECRET;
  const publicUrl =
    env.NOTIFY_PUBLIC_URL?.replace(/\/$/, '') ??
    `${env.TLS_CERT_FILE ? 'https' : 'http'}://${env.HOST}:${env.PORT}`;
  const auth: AuthOptions = {
    secret: env.JWT_SECRET ?? (ephemeralSecret ? randomBytes(32).toString('base64url') : undefined),
    jwksUrl: env.JWKS_URL,
    audience: env.JWT_AUDIENCE,
    issuer: env.JWT_ISSUER,
    tenant: env.DOANFLOW_TENANT,
    tenantClaim: env.JWT_TENANT_CLAIM,
    devTokens: env.DOANFLOW_DEV_TOKENS,
  };
  return {
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databaseStatementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    databasePipeline: env.DATABASE_PIPELINE,
    renderThreads: env.DOCUMENT_RENDER_THREADS,
    renderAhead: env.DOCUMENT_RENDER_AHEAD === '1',
    writeAhead: env.DOCUMENT_WRITE_AHEAD === '1',
    renderIdleMs:
      env.DOCUMENT_RENDER_IDLE_SECONDS === undefined ? undefined : env.DOCUMENT_RENDER_IDLE_SECONDS * 1000,
    groupCommit: { maxWaitMs: env.GROUP_COMMIT_WAIT_MS, maxBatch: env.GROUP_COMMIT_MAX_BATCH },
    dataDir: env.DOANFLOW_DATA_DIR,
    pgliteSharedBuffers: env.DOANFLOW_PGLITE_SHARED_BUFFERS,
    redisUrl: env.REDIS_URL,
    queuePrefix: env.BULLMQ_PREFIX,
    auth,
    ephemeralSecret,
    demo: env.DOANFLOW_DEMO,
    firstAdmin: env.DOANFLOW_FIRST_ADMIN,
    cors: { origins: env.CORS_ORIGINS },
    rateLimit: { max: env.RATE_LIMIT_MAX },
    trustProxy: env.TRUST_PROXY,
    requireExpectedRevision: env.DECISIONS_REQUIRE_REVISION,
    workflowVersionsUpTo: env.WORKFLOW_VERSIONS_UP_TO,
    tls:
      env.TLS_CERT_FILE && env.TLS_KEY_FILE
        ? { certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE }
        : undefined,
    logLevel: env.LOG_LEVEL,
    documents: {
      publicUrl: env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`,
      ...(env.DOCUMENT_NUMBER_FORMAT ? { numberFormat: env.DOCUMENT_NUMBER_FORMAT } : {}),
      ...(env.DOCUMENT_PLACE ? { place: env.DOCUMENT_PLACE } : {}),
    },
    attachments: {
      ...(env.ATTACHMENT_STORE === 's3'
        ? {
            s3: {
              bucket: env.S3_BUCKET!,
              endpoint: env.S3_ENDPOINT,
              region: env.S3_REGION,
              prefix: env.S3_PREFIX,
              forcePathStyle: env.S3_FORCE_PATH_STYLE,
              ...(env.S3_ACCESS_KEY_ID
                ? {
                    credentials: {
                      accessKeyId: env.S3_ACCESS_KEY_ID,
                      secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
                    },
                  }
                : {}),
            },
          }
        : {}),
      ...(env.UPLOAD_TMP_DIR ? { tmpDir: env.UPLOAD_TMP_DIR } : {}),
    },
    metricsToken: env.METRICS_TOKEN,
    timers: {
      sweepIntervalMs: env.TIMER_SWEEP_INTERVAL_MS,
      overdueGraceMs: env.TIMER_OVERDUE_GRACE_MS,
      checkIntervalMs: env.TIMER_CHECK_INTERVAL_MS,
      rebuildPageSize: env.TIMER_REBUILD_PAGE_SIZE,
      workerConcurrency: env.TIMER_WORKER_CONCURRENCY,
      dueSweep: env.TIMER_DUE_SWEEP,
    },
    webhooks: {
      concurrency: env.WEBHOOK_CONCURRENCY,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      disableAfterFailures: env.WEBHOOK_DISABLE_AFTER_FAILURES,
      disableAfterMs: env.WEBHOOK_DISABLE_AFTER_MS,
      allowedHosts: env.WEBHOOK_ALLOWED_HOSTS,
    },
    notifications: {
      smtp:
        env.NOTIFY_SMTP_URL && env.NOTIFY_MAIL_FROM
          ? { url: env.NOTIFY_SMTP_URL, from: env.NOTIFY_MAIL_FROM }
          : undefined,
      vapid:
        env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY && env.VAPID_SUBJECT
          ? { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: env.VAPID_SUBJECT }
          : undefined,
      // The demo portal, served by this server, opens a request at #/ho-so/<id>.
      portalUrl:
        env.NOTIFY_PORTAL_URL ?? (env.DOANFLOW_DEMO ? `${publicUrl}/#/ho-so/{instanceId}` : undefined),
      publicUrl,
      secret: env.NOTIFY_SECRET ?? env.JWT_SECRET ?? randomBytes(32).toString('base64url'),
      concurrency: env.NOTIFY_CONCURRENCY,
      maxAttempts: env.NOTIFY_MAX_ATTEMPTS,
    },
  };
}
