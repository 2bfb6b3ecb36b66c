/**
 * A small fetch stand-in for unit tests: answers by "METHOD /path" (query string ignored unless a
 * route names it) and records every request. Real-server tests live in test/browser.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  signal?: AbortSignal;
}

export type Reply =
  | { status?: number; body?: unknown }
  /** A ready-made answer (a live event stream). */
  | { response: Response }
  | ((request: RecordedRequest) => Reply | Promise<Reply>);

export interface FakeServer {
  fetch: typeof globalThis.fetch;
  requests: RecordedRequest[];
  /** Replaces (or adds) the answer for a route. */
  on(route: string, reply: Reply): void;
  /** Every later request fails like a dropped connection. */
  goOffline(): void;
  goOnline(): void;
}

export function fakeServer(routes: Record<string, Reply> = {}): FakeServer {
  const table = new Map(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  let offline = false;
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>));
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const request: RecordedRequest = { method, path: url.pathname, query: url.searchParams, headers, body };
    if (init.signal) request.signal = init.signal;
    requests.push(request);
    if (offline) throw new TypeError('Failed to fetch');
    let reply = table.get(`${method} ${url.pathname}`);
    if (!reply)
      return json(404, { code: 'NOT_FOUND', message: `no route ${method} ${url.pathname}`, details: {} });
    while (typeof reply === 'function') reply = await reply(request);
    if ('response' in reply) return reply.response;
    return json(reply.status ?? 200, reply.body);
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    requests,
    on: (route, reply) => void table.set(route, reply),
    goOffline: () => void (offline = true),
    goOnline: () => void (offline = false),
  };
}

const json = (status: number, body: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

/** A promise the test resolves when it wants: for asserting what shows while a request is pending. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
