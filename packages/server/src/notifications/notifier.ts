import type { WorkflowRegistry } from '@doanflow/engine';
import type { Database, Query } from '../db/database.ts';
import { afterPassGap, OUTBOX_PASS_SETTINGS } from '../db/outbox-pass.ts';
import type { CalendarCache } from '../runner/calendar-cache.ts';
import type { DirectoryCache } from '../runner/directory-cache.ts';
import type { ChannelResult, NotificationChannel, OutgoingNotification, Recipient } from './channel.ts';
import { DeadlineScan, type DeadlineScanSettings } from './deadline-scan.ts';
import { candidatesOfMessages, deadlineCandidates, type Candidate } from './deriver.ts';
import { isNotificationKind, type NotificationKind } from './kinds.ts';
import {
  messageIdOf,
  NotificationQueue,
  type ClaimedNotification,
  type NewNotification,
} from './notification-queue.ts';
import { defaultPreferences, PreferenceStore, scheduleFor } from './preferences.ts';
import { renderDigest, renderOne, type Locale, type NotificationPayload } from './templates.ts';
import type { UnsubscribeTokens } from './unsubscribe-token.ts';

/** Deadline rows turned into notifications at a time. */
const SCAN_CHUNK = 1_000;

export type SendOutcome = 'sent' | 'retrying' | 'failed';

export interface NotifierOptions {
  db: Database;
  registry: WorkflowRegistry;
  cache: DirectoryCache;
  calendars: Pick<CalendarCache, 'calendar'>;
  channels: NotificationChannel[];
  tokens: UnsubscribeTokens;
  /** The portal's page of an instance: "https://portal.example/#/instances/{instanceId}". */
  portalUrl: string | null;
  /** This server's public base URL: the unsubscribe links point at it. */
  publicUrl: string;
  /** The right-hand side of Message-IDs (default: the From address's domain or "doanflow.local"). */
  messageIdDomain?: string;
  subscribe?: (listener: () => void) => () => void;
  clock?: { now(): Date };
  /** Also look this often (default 1 s); deadlines are scanned every `deadlineScanMs` (default 60 s). */
  pollMs?: number;
  /**
   * Under a stream of changes, passes come at most this often (default 100 ms): each pass is a
   * transaction with a disk flush, and one per decision took a fifth of PostgreSQL's time (issue 15).
   */
  minPassGapMs?: number;
  deadlineScanMs?: number;
  /** How deadlines are read (deadline-scan.ts): the whole window every 15 min by default. */
  deadlineScan?: DeadlineScanSettings;
  /** Sends in flight at once in this process (default 4); per-attempt lease (default 60 s). */
  concurrency?: number;
  leaseMs?: number;
  /** Attempts before a row is marked failed (default 8), with exponential backoff from `baseDelayMs`. */
  maxAttempts?: number;
  baseDelayMs?: number;
  onOutcome?: (channel: string, kind: string, outcome: SendOutcome) => void;
  /** Tests only: runs between the channel's success and its acknowledgement (a crash point). */
  afterSend?: (notification: ClaimedNotification) => Promise<void>;
  log?: (message: string, error?: unknown) => void;
}

/**
 * Notifications behind the outbox, in the webhook dispatcher's pattern: after each committed change
 * (and on a timer) it reads outbox messages not yet read (`notified_at`), derives who should hear
 * of what, and writes one `notifications` row per person and channel in the same transaction that
 * marks the messages read; deadlines are scanned from the open tasks. Rows are then claimed with a
 * lease and sent, outside any transaction. At least once: a sender that dies between the channel's
 * success and the acknowledgement leaves the row "sending"; when the lease runs out it is sent again
 * with the same key and Message-ID (docs/notifications.md).
 */
export class Notifier {
  readonly queue: NotificationQueue;
  readonly preferences: PreferenceStore;
  private readonly options: NotifierOptions;
  private readonly clock: { now(): Date };
  private readonly log: (message: string, error?: unknown) => void;
  private readonly inFlight = new Map<string, AbortController>();
  private readonly attempts = new Set<Promise<void>>();
  private interval: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private lastPassAt = 0;
  private stopped = false;
  private scannedAt = 0;
  private readonly deadlines: DeadlineScan;

  constructor(options: NotifierOptions) {
    this.options = options;
    this.clock = options.clock ?? { now: () => new Date() };
    this.queue = new NotificationQueue(options.db);
    this.preferences = new PreferenceStore(options.db);
    this.deadlines = new DeadlineScan(options.deadlineScan);
    this.log = options.log ?? ((message, error) => console.warn(`[doanflow] ${message}`, error ?? ''));
  }

  get channels(): readonly NotificationChannel[] {
    return this.options.channels;
  }

  start(): void {
    this.stopped = false;
    this.unsubscribe = this.options.subscribe?.(() => this.wake()) ?? null;
    this.interval = setInterval(() => this.wake(), this.options.pollMs ?? 1_000);
    this.interval.unref();
    this.wake();
  }

  /** Stops at once: sends in flight are aborted and their rows handed back for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    for (const controller of this.inFlight.values()) controller.abort();
    await this.running;
    await Promise.allSettled(this.attempts);
    // Pooled SMTP connections would hold the process open after the server closed.
    await Promise.allSettled(this.options.channels.map((channel) => channel.close?.()));
  }

  /** One pass: outbox read, deadlines scanned (when due), digests bundled, due rows sent. */
  async pass(): Promise<void> {
    const now = this.clock.now();
    await Promise.all(this.options.channels.map((channel) => channel.prepare?.()));
    while ((await this.derive(now, 200)) === 200 && !this.stopped);
    if (Date.now() - this.scannedAt >= (this.options.deadlineScanMs ?? 60_000)) {
      this.scannedAt = Date.now();
      await this.scanDeadlines(now);
    }
    await this.queue.bundleDigests(now);
    await this.fill();
  }

  /** Resolves once nothing is in flight and nothing is due (tests). */
  async settled(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.scannedAt = 0;
    for (;;) {
      await this.pass();
      await Promise.allSettled(this.attempts);
      const [due] = await this.options.db.query<{ n: number }>(
        `select count(*)::int as n from notifications where state in ('pending', 'sending', 'digest')
           and not_before <= $1 and (locked_until is null or locked_until <= $1)`,
        [this.clock.now().toISOString()],
      );
      const [unread] = await this.options.db.query<{ n: number }>(
        'select count(*)::int as n from outbox where notified_at is null',
      );
      if (this.inFlight.size === 0 && !due?.n && !unread?.n) return;
      if (Date.now() > deadline) throw new Error('notifications did not settle in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Reads up to `limit` outbox messages and writes their notifications, in one transaction (with the
   * pass's settings, db/outbox-pass.ts). The statement that takes the messages marks them read (it is
   * undone with the transaction if deriving fails). Without a channel nothing could be written: the
   * messages are only marked, not read (a channel configured later must not announce what happened
   * before it).
   */
  private async derive(now: Date, limit: number): Promise<number> {
    const reads = this.options.channels.length > 0;
    return this.options.db.transaction(async (query) => {
      await query(OUTBOX_PASS_SETTINGS);
      const messages = await query<{ id: string; topic: string; payload: Record<string, unknown> }>(
        `update outbox o set notified_at = $2
         from (select id from outbox where notified_at is null order by id limit $1 for update skip locked) c
         where o.id = c.id
         returning ${reads ? 'o.id::text, o.topic, o.payload' : '1'}`,
        [limit, now.toISOString()],
      );
      if (messages.length === 0 || !reads) return messages.length;
      // In the outbox's order, as they were read before: the rows' ids (and digests) follow it.
      messages.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : 1));
      const candidates = await candidatesOfMessages(messages, this.options, query);
      await NotificationQueue.insert(query, await this.rowsFor(candidates, now, query));
      return messages.length;
    });
  }

  /**
   * Deadlines that came near or passed, read narrowly (deadline-scan.ts); nothing to do without a
   * channel. A full scan's rows are turned into notifications a thousand at a time, the event loop
   * free in between: requests are not held behind a province's backlog.
   */
  private async scanDeadlines(now: Date): Promise<void> {
    if (this.options.channels.length === 0) return;
    const { query } = this.options.db;
    const calendar = this.options.calendars.calendar;
    const { rows } = await this.deadlines.read(query, calendar, now);
    for (let at = 0; at < rows.length && !this.stopped; at += SCAN_CHUNK) {
      if (at > 0) await new Promise((resolve) => setImmediate(resolve));
      const candidates = deadlineCandidates(rows.slice(at, at + SCAN_CHUNK), this.options, calendar, now);
      await NotificationQueue.insert(query, await this.rowsFor(candidates, now, query));
    }
  }

  /** A row per channel that reaches the person, unless they turned the kind off; scheduled by their preferences. */
  private async rowsFor(candidates: Candidate[], now: Date, query: Query): Promise<NewNotification[]> {
    const people = [...new Set(candidates.map((candidate) => candidate.personId))];
    const preferences = await this.preferences.many(people, query);
    const rows: NewNotification[] = [];
    for (const candidate of candidates) {
      const recipient = this.recipient(candidate.personId);
      if (!recipient) continue;
      const prefs = preferences.get(candidate.personId) ?? defaultPreferences;
      if (prefs.optedOut.includes(candidate.kind)) continue;
      const { state, notBefore } = scheduleFor(prefs, now);
      for (const channel of this.options.channels) {
        if (!channel.reaches(recipient)) continue;
        rows.push({
          key: `${candidate.kind}:${candidate.sourceKey}:${candidate.personId}:${channel.name}`,
          person_id: candidate.personId,
          channel: channel.name,
          kind: candidate.kind,
          instance_id: candidate.payload.instanceId,
          locale: recipient.locale,
          payload: candidate.payload,
          state,
          not_before: notBefore.toISOString(),
          created_at: now.toISOString(),
        });
      }
    }
    return rows;
  }

  /** The person as the directory has them now (an address changed since is used). */
  private recipient(personId: string): Recipient | null {
    const person = this.options.cache.directory.person(personId);
    if (!person) return null;
    return {
      personId,
      name: person.name,
      email: person.email ?? null,
      locale: (person.locale ?? 'vi') as Locale,
    };
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        await afterPassGap(this.lastPassAt, this.options.minPassGapMs);
        if (this.stopped) break;
        this.again = false;
        this.lastPassAt = Date.now();
        try {
          await this.pass();
        } catch (error) {
          this.log('notification pass failed (the next pass retries)', error);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
  }

  private async fill(): Promise<void> {
    const free = (this.options.concurrency ?? 4) - this.inFlight.size;
    if (free <= 0 || this.stopped) return;
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + (this.options.leaseMs ?? 60_000));
    const claimed = await this.queue.claim(now, leaseUntil, free);
    if (this.stopped) return this.queue.release(claimed.map((row) => row.key));
    for (const row of claimed) this.attempt(row);
  }

  private attempt(row: ClaimedNotification): void {
    const controller = new AbortController();
    this.inFlight.set(row.key, controller);
    const running = this.run(row, controller.signal)
      .catch((error) => this.log(`notification ${row.key}: recording failed`, error))
      .finally(() => {
        this.inFlight.delete(row.key);
        this.attempts.delete(running);
        if (!this.stopped)
          void this.fill().catch((error) => this.log('claiming notifications failed', error));
      });
    this.attempts.add(running);
  }

  private async run(row: ClaimedNotification, signal: AbortSignal): Promise<void> {
    const channel = this.options.channels.find((candidate) => candidate.name === row.channel);
    const recipient = this.recipient(row.person_id);
    let result: ChannelResult;
    if (!channel)
      result = { ok: false, permanent: true, error: `no channel "${row.channel}" in this server` };
    else if (!recipient) result = { ok: false, permanent: true, error: 'the person is not in the directory' };
    else {
      try {
        result = await channel.send(this.outgoing(row, recipient), signal);
      } catch (error) {
        result = {
          ok: false,
          permanent: false,
          error: error instanceof Error ? error.message : String(error),
        };
      }
    }
    if (signal.aborted) return this.queue.release([row.key]);
    if (result.ok) await this.options.afterSend?.(row);
    const now = this.clock.now();
    if (result.ok) {
      await this.queue.sent(row.key, now);
      this.options.onOutcome?.(row.channel, row.kind, 'sent');
      return;
    }
    const giveUp = result.permanent || row.attempts >= (this.options.maxAttempts ?? 8);
    const delay =
      (this.options.baseDelayMs ?? 30_000) * 2 ** (row.attempts - 1) * (0.8 + Math.random() * 0.4);
    await this.queue.failed(
      row.key,
      now,
      result.error.slice(0, 1000),
      giveUp ? null : new Date(now.getTime() + delay),
    );
    this.options.onOutcome?.(row.channel, row.kind, giveUp ? 'failed' : 'retrying');
  }

  private outgoing(row: ClaimedNotification, recipient: Recipient): OutgoingNotification {
    const locale = recipient.locale;
    const kind = row.kind;
    const unsubscribeUrl = isNotificationKind(kind)
      ? `${this.options.publicUrl.replace(/\/$/, '')}/notifications/unsubscribe?token=${this.options.tokens.sign(row.person_id, kind)}`
      : null;
    const render = { locale, portalUrl: this.options.portalUrl, unsubscribeUrl };
    const rendered =
      kind === 'digest'
        ? renderDigest(
            (row.payload as { items: { kind: NotificationKind; payload: NotificationPayload }[] }).items,
            render,
          )
        : renderOne(kind, row.payload as NotificationPayload, render);
    return {
      ...rendered,
      key: row.key,
      messageId: messageIdOf(row.key, this.options.messageIdDomain ?? 'doanflow.local'),
      kind,
      recipient,
      unsubscribeUrl,
    };
  }
}
