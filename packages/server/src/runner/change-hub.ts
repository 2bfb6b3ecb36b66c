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
  readonly channel: string;
  private readonly listeners = new Set<(change: ChangeEvent) => void>();
  private stopListening: (() => Promise<void>) | null = null;

  constructor(schema: string) {
    this.channel = `doanflow_${schema}`;
  }

  /** Listeners in this process (event streams, the webhook dispatcher): a leak shows here. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  subscribe(listener: (change: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
    this.stopListening = await db.listen(
      this.channel,
      (payload) => {
        const message = JSON.parse(payload) as Message;
        if (message.origin === this.origin) return;
        if (message.change) this.publish(message.change);
        if (message.directoryVersion !== undefined) onReload('directory');
        if (message.calendarStamp !== undefined) onReload('calendar');
      },
      () => onReload(null),
    );
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.stopListening?.();
  }
}
