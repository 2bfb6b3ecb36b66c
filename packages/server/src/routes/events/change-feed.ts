import { randomBytes } from 'node:crypto';
import { localDate, OrgDirectory, vietnamCalendar } from '@doanflow/engine';
import type { ChangeEvent, WorkflowRuntime } from '../../runner/contract.ts';

/** A change as the streams send it: numbered in this process's order, for Last-Event-ID. */
export interface FeedEntry {
  id: string;
  change: ChangeEvent;
}

/** An open stream, as the feed sees it. */
export interface FeedListener {
  change(entry: FeedEntry): void;
  /** Changes may have been missed (this process lost its link to the others'): reload. */
  resync(): void;
}

export interface ChangeFeedOptions {
  /** How many recent changes (at least) a reconnecting stream can catch up on (default 10,000). */
  keep?: number;
  /** How long the directory (who holds which role) is reused before it is read again (default 60 s). */
  scopeRefreshMs?: number;
}

/**
 * The server's one subscription to the runtime's changes, shared by every open stream. Each change
 * gets an id `<epoch>-<n>` and the last `keep` are remembered, so a stream that reconnects with
 * Last-Event-ID is sent what it missed; an id from another process or an older run (a restart, a
 * load balancer's other server) or one that fell out of the window gets `resync` instead, and the
 * client reloads. So does every open stream when other processes' changes may have been missed. The directory is read once per refresh interval for all streams, not per stream.
 */
export class ChangeFeed {
  private era = newEpoch();
  private readonly keep: number;
  private readonly refreshMs: number;
  private readonly runtime: WorkflowRuntime;
  private readonly recent: FeedEntry[] = [];
  private next = 1;
  private readonly listeners = new Set<FeedListener>();
  private readonly unsubscribe: () => void;
  private directory: { value: Promise<OrgDirectory>; readAt: number } | null = null;

  constructor(runtime: WorkflowRuntime, options: ChangeFeedOptions = {}) {
    this.runtime = runtime;
    this.keep = options.keep ?? 10_000;
    this.refreshMs = options.scopeRefreshMs ?? 60_000;
    this.unsubscribe = runtime.subscribe(
      (change) => this.push(change),
      () => this.missed(),
    );
  }

  /**
   * Distinguishes this process's numbering from another's, from before a restart, or from before
   * changes were missed.
   */
  get epoch(): string {
    return this.era;
  }

  /** Open streams listening. */
  get streams(): number {
    return this.listeners.size;
  }

  /** The id of the newest change: a stream that starts now resumes from here. */
  get position(): string {
    return `${this.epoch}-${this.next - 1}`;
  }

  /** Adds a stream's listener; returns its removal. */
  listen(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * What a stream resuming after `lastEventId` missed, oldest first; null when that cannot be told
   * (unknown epoch, malformed, or older than the window): the client must reload instead.
   */
  since(lastEventId: string): FeedEntry[] | null {
    // The epoch is base64url and may itself hold a '-': the number is what follows the last one.
    const cut = lastEventId.lastIndexOf('-');
    const epoch = lastEventId.slice(0, cut);
    const seen = cut < 0 ? NaN : Number(lastEventId.slice(cut + 1));
    if (epoch !== this.epoch || !Number.isSafeInteger(seen) || seen < 0 || seen >= this.next) return null;
    const oldest = this.next - this.recent.length;
    if (seen < oldest - 1) return null;
    return this.recent.slice(seen - oldest + 1);
  }

  /** The units where a person holds a role today, on a directory read at most `scopeRefreshMs` ago. */
  async unitsOf(personId: string): Promise<Set<string>> {
    const now = Date.now();
    if (!this.directory || now - this.directory.readAt > this.refreshMs) {
      const value = this.runtime.directory().then((data) => new OrgDirectory(data));
      // A failed read is not kept: the next stream tries again.
      value.catch(() => (this.directory = null));
      this.directory = { value, readAt: now };
    }
    const directory = await this.directory.value;
    const today = localDate(this.runtime.clock?.now() ?? new Date(), vietnamCalendar);
    return new Set(directory.bindingsOf(personId, today).map((binding) => binding.unitId));
  }

  /** Whether the directory read for `unitsOf` is older than the refresh interval. */
  stale(since: number): boolean {
    return Date.now() - since > this.refreshMs;
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private push(change: ChangeEvent): void {
    const entry = { id: `${this.epoch}-${this.next++}`, change };
    this.recent.push(entry);
    // Trimmed a quarter at a time: shifting one entry per change would move the whole array.
    if (this.recent.length > this.keep * 1.25) this.recent.splice(0, this.recent.length - this.keep);
    for (const listener of this.listeners) listener.change(entry);
  }

  /** A stream that was away when changes were missed is not replayed a partial story: new epoch. */
  private missed(): void {
    this.era = newEpoch();
    this.next = 1;
    this.recent.length = 0;
    for (const listener of this.listeners) listener.resync();
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The live streams' shared feed: `streams` counts the open ones. */
    changeFeed: ChangeFeed;
  }
}

function newEpoch(): string {
  return randomBytes(6).toString('base64url');
}
