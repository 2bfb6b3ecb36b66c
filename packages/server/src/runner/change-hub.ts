import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { ChangeEvent } from './contract.ts';

type Message = { origin: string; change?: ChangeEvent; directoryVersion?: number; calendarStamp?: number };

/** What another process changed that this one must reload: null after a lost connection (anything). */
export type Reload = 'directory' | 'calendar' | null;

/**
 * Fans changes out to subscribers after commit. Other processes learn of them through PostgreSQL
 * NOTIFY, sent by the committing statement itself (so only committed changes are announced).
 */
export class ChangeHub {
  readonly origin = randomUUID();
  private readonly ownPrefix = `{"origin":${JSON.stringify(this.origin)}`;
  readonly channel: string;
  private readonly listeners = new Set<(change: ChangeEvent) => void>();
  private readonly missedListeners = new Set<() => void>();
  private stopListening: (() => Promise<void>) | null = null;
  private link: { connected: boolean | null; restores: number } = { connected: null, restores: 0 };

  constructor(schema: string) {
    this.channel = `doanflow_${schema}`;
  }

  /**
   * Whether other processes' changes reach this one now (null: nothing to listen to, as on PGlite),
   * and how often the listening connection was lost and came back since this process started.
   */
  get changeLink(): { connected: boolean | null; restores: number } {
    return { ...this.link };
  }

  /** Listeners in this process (event streams, the webhook dispatcher): a leak shows here. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /**
   * `onMissed` runs when other processes' changes may have been missed: the connection that carries
   * them was lost and has just come back.
   */
  subscribe(listener: (change: ChangeEvent) => void, onMissed?: () => void): () => void {
    this.listeners.add(listener);
    if (onMissed) this.missedListeners.add(onMissed);
    return () => {
      this.listeners.delete(listener);
      if (onMissed) this.missedListeners.delete(onMissed);
    };
  }

  publish(change: ChangeEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A failing subscriber must not affect the command or the other subscribers.
      }
    }
  }

  message(body: Omit<Message, 'origin'>): string {
    return JSON.stringify({ origin: this.origin, ...body });
  }

  /**
   * Listens for other processes' changes, directory imports and holiday notices. After the listening
   * connection was lost and came back, `onReload` runs with null: either may have been missed.
   */
  async listen(db: Database, onReload: (what: Reload) => void): Promise<void> {
    if (!db.listen) return;
    this.stopListening = await db.listen(this.channel, {
      message: (payload) => {
        // This process's own changes come back too: known by their first bytes (message() puts the
        // origin first), they are not parsed.
        if (payload.startsWith(this.ownPrefix)) return;
        const message = JSON.parse(payload) as Message;
        if (message.origin === this.origin) return;
        if (message.change) this.publish(message.change);
        if (message.directoryVersion !== undefined) onReload('directory');
        if (message.calendarStamp !== undefined) onReload('calendar');
      },
      lost: () => {
        this.link.connected = false;
      },
      restored: () => {
        this.link = { connected: true, restores: this.link.restores + 1 };
        for (const listener of this.missedListeners) {
          try {
            listener();
          } catch {
            // As for changes: one subscriber's failure is not the others'.
          }
        }
        onReload(null);
      },
    });
    this.link.connected = true;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.missedListeners.clear();
    await this.stopListening?.();
  }
}
