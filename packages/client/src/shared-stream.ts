import type { ChangeEvent } from './types.ts';
import type { StreamHandlers, StreamStatus } from './change-stream.ts';

/** What one widget hears: the same as the stream's handlers, the event id aside. */
export interface Subscriber {
  onChange(change: ChangeEvent): void;
  onResync?(): void;
  onStatus?(status: StreamStatus): void;
}

type Open = (handlers: StreamHandlers) => () => void;

/**
 * One connection for many subscribers of a page: opened by the first, closed after the last leaves.
 * A browser keeps at most six HTTP/1.1 connections per server; a page with an inbox, a panel, a
 * timeline and a diagram must not spend four of them on streams.
 */
export function sharedStream(open: Open) {
  const subscribers = new Set<Subscriber>();
  let status: StreamStatus = 'closed';
  let close: (() => void) | null = null;
  const each = (visit: (subscriber: Subscriber) => void) => {
    for (const subscriber of subscribers) visit(subscriber);
  };
  return {
    add(subscriber: Subscriber): () => void {
      subscribers.add(subscriber);
      if (close) subscriber.onStatus?.(status);
      else
        close = open({
          onChange: (change) => each((one) => one.onChange(change)),
          onResync: () => each((one) => one.onResync?.()),
          onStatus: (next) => {
            status = next;
            each((one) => one.onStatus?.(next));
          },
        });
      return () => {
        if (!subscribers.delete(subscriber)) return;
        subscriber.onStatus?.('closed');
        if (subscribers.size === 0) {
          const stop = close;
          close = null;
          stop?.();
        }
      };
    },
    /** Tells every subscriber to reload (a new token after an expiry). */
    resync(): void {
      each((one) => one.onResync?.());
    },
  };
}

type TabMessage =
  | { kind: 'change'; change: ChangeEvent; id: string }
  | { kind: 'resync' }
  | { kind: 'position'; id: string }
  | { kind: 'status'; status: StreamStatus };

/** Whether this browser has what tabs need to share one stream (Web Locks and BroadcastChannel). */
export const tabsCanShare = (): boolean =>
  typeof navigator !== 'undefined' &&
  navigator.locks !== undefined &&
  typeof BroadcastChannel !== 'undefined';

/**
 * One stream for every tab of the same person on the same server: the tab holding the Web Lock
 * `name` opens it and relays what arrives on a BroadcastChannel of that name; the others listen.
 * When the leading tab closes, its lock passes to another tab, which resumes from the last event
 * id it heard, so nothing is missed. Without Web Locks or BroadcastChannel each tab streams alone.
 */
export function tabSharedStream(
  name: string,
  open: (handlers: StreamHandlers, lastEventId: string) => () => void,
) {
  return (handlers: StreamHandlers): (() => void) => {
    const locks = tabsCanShare() ? navigator.locks : null;
    if (!locks) return open(handlers, '');
    const channel = new BroadcastChannel(name);
    const abandon = new AbortController();
    let position = '';
    let stopLocal: (() => void) | null = null;
    let release: (() => void) | null = null;

    // A BroadcastChannel reaches only this origin's tabs: it has no target origin to give.
    // oxlint-disable-next-line unicorn/require-post-message-target-origin
    const post = (message: TabMessage) => channel.postMessage(message);

    channel.addEventListener('message', (event: MessageEvent<TabMessage>) => {
      if (stopLocal) return;
      const message = event.data;
      if (message.kind === 'change') {
        position = message.id;
        handlers.onChange(message.change, message.id);
      } else if (message.kind === 'resync') handlers.onResync?.();
      else if (message.kind === 'position') position = message.id;
      // The leader's own token trouble is not this tab's: it is simply not live for now.
      else handlers.onStatus?.(message.status === 'unauthorized' ? 'reconnecting' : message.status);
    });
    handlers.onStatus?.('connecting');
    locks
      .request(name, { signal: abandon.signal }, () => {
        stopLocal = open(
          {
            onChange: (change, id) => {
              position = id;
              handlers.onChange(change, id);
              post({ kind: 'change', change, id });
            },
            onResync: () => {
              handlers.onResync?.();
              post({ kind: 'resync' });
            },
            onStatus: (status) => {
              handlers.onStatus?.(status);
              if (status !== 'closed') post({ kind: 'status', status });
            },
            onPosition: (id) => {
              position = id;
              post({ kind: 'position', id });
            },
          },
          position,
        );
        // Leads until this tab stops (or closes: the browser then releases the lock).
        return new Promise<void>((resolve) => (release = resolve));
      })
      .catch(() => {
        // Abandoned before it was granted.
      });
    return () => {
      abandon.abort();
      stopLocal?.();
      stopLocal = null;
      release?.();
      channel.close();
    };
  };
}
