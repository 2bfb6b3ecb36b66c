/** One Server-Sent Event as a browser's EventSource would dispatch it. */
export interface SseEvent {
  type: string;
  id: string | null;
  data: unknown;
}

export interface SseClient {
  status: number;
  events: SseEvent[];
  /** Everything received, comments included. */
  text(): string;
  /** Waits until an event matches (or the stream ends, or 5 s pass). */
  next(match: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): Promise<void>;
}

/** Opens GET /events with fetch and parses what arrives, as a test reads a live stream. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  let raw = '';
  let waiters: (() => void)[] = [];
  const wake = () => {
    const current = waiters;
    waiters = [];
    for (const waiter of current) waiter();
  };
  const ended = (async () => {
    if (!response.body) return;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let pending = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const chunk = decoder.decode(value, { stream: true });
        raw += chunk;
        pending += chunk;
        let cut: number;
        while ((cut = pending.indexOf('\n\n')) >= 0) {
          const block = pending.slice(0, cut);
          pending = pending.slice(cut + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
          }
          if (fields.has('data')) {
            events.push({
              type: fields.get('event') ?? 'message',
              id: fields.get('id') ?? null,
              data: JSON.parse(fields.get('data')!) as unknown,
            });
          }
        }
        wake();
      }
    } catch {
      // Aborted by close().
    } finally {
      wake();
    }
  })();
  let finished = false;
  void ended.then(() => (finished = true));
  return {
    status: response.status,
    events,
    text: () => raw,
    async next(match, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (finished) throw new Error(`the stream ended first; got: ${raw}`);
        if (Date.now() > deadline) throw new Error(`no such event in time; got: ${raw}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    ended,
    async close() {
      controller.abort();
      await ended;
    },
  };
}
