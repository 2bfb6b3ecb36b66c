import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Http2ServerResponse } from 'node:http2';
import type { FastifyBaseLogger } from 'fastify';

/** setTimeout's longest delay (~24.8 days); a later expiry is re-armed when it fires. */
const LONGEST_TIMEOUT = 2 ** 31 - 1;

export interface EventStream {
  /** Writes the status line and headers, and starts the heartbeat. */
  start(headers: OutgoingHttpHeaders): void;
  event(type: string, data: unknown, id?: string): void;
  /** Ends the response (server shutdown, token expiry). */
  end(): void;
  /** Runs `cleanup` when the stream is released (at once if it already was). */
  onRelease(cleanup: () => void): void;
  /** Releases everything now (idempotent); the response's close does it too. */
  release(): void;
  readonly released: boolean;
}

/**
 * One Server-Sent Events response and everything it holds (heartbeat, expiry timer, the feed's
 * listener), released together when the response closes — whichever way: the client leaving at any
 * moment, even before the stream started, the server ending it, or a failed set-up.
 */
export function openEventStream(
  response: ServerResponse | Http2ServerResponse,
  options: { heartbeatMs: number; endsAt: number | null; log: FastifyBaseLogger },
): EventStream {
  const cleanups: (() => void)[] = [];
  let released = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let expiry: ReturnType<typeof setTimeout> | undefined;

  const release = () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    clearTimeout(expiry);
    for (const cleanup of cleanups.splice(0)) cleanup();
  };
  const write = (text: string) => {
    if (!released && !response.writableEnded) (response as ServerResponse).write(text);
  };
  const end = () => {
    if (!response.writableEnded) response.end();
    release();
  };
  const expireAt = (at: number) => {
    const wait = at - Date.now();
    if (wait <= 0) {
      write('event: expired\ndata: {}\n\n');
      end();
      return;
    }
    expiry = setTimeout(() => expireAt(at), Math.min(wait, LONGEST_TIMEOUT));
  };

  response.once('close', release);
  // A client that goes away is ordinary: a failed write is not the server's error.
  response.on('error', (error: Error) =>
    options.log.debug({ err: error }, 'event stream closed by the client'),
  );
  if (response.destroyed) release();

  return {
    start(headers) {
      if (released) return;
      (response as ServerResponse).writeHead(200, headers);
      write('retry: 5000\n\n');
      heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs);
      if (options.endsAt !== null) expireAt(options.endsAt);
    },
    event(type, data, id) {
      write(`${id ? `id: ${id}\n` : ''}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end,
    onRelease(cleanup) {
      if (released) cleanup();
      else cleanups.push(cleanup);
    },
    release,
    get released() {
      return released;
    },
  };
}
