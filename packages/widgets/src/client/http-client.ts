import { DoanflowApiError } from './errors.ts';
import { newIdempotencyKey } from './idempotency.ts';
import { subscribeToChanges, type ChangeSubscriptionOptions, type StreamStatus } from './change-stream.ts';
import { resolveToken, type TokenSource } from './token.ts';
import type {
  BulkItem,
  BulkResult,
  CalendarYear,
  ChangeEvent,
  DecisionCommand,
  DefinitionView,
  DevToken,
  HistoryView,
  InboxPage,
  InboxQuery,
  InstanceView,
} from './types.ts';

export interface DoanflowClientOptions {
  baseUrl: string;
  token?: TokenSource;
  /** Injected in tests and for hosts that wrap fetch (tracing, proxies). */
  fetch?: typeof globalThis.fetch;
}

export interface SendEventOptions {
  /** The revision the caller saw: the server refuses a stale one with 409 STALE_REVISION. */
  expectedRevision?: number;
  /** One key per decision; pass the same key again to retry that decision safely. */
  idempotencyKey?: string;
}

interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  headers?: Record<string, string>;
}

export type DoanflowClient = ReturnType<typeof createDoanflowClient>;

/** A typed client for the doanflow HTTP API. Failures reject with DoanflowApiError. */
export function createDoanflowClient(options: DoanflowClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  // A definition never changes while a server runs: fetch each (id, version) once per client.
  const definitions = new Map<string, Promise<DefinitionView>>();
  // A year's calendar changes when an administrator loads a notice: kept until a caller asks afresh.
  const calendarYears = new Map<number, Promise<CalendarYear>>();
  const once = <K, T>(cache: Map<K, Promise<T>>, key: K, load: () => Promise<T>) => {
    let pending = cache.get(key);
    if (!pending) {
      pending = load();
      pending.catch(() => cache.delete(key));
      cache.set(key, pending);
    }
    return pending;
  };

  async function request<T>(path: string, { method = 'GET', body, headers = {} }: RequestOptions = {}) {
    const doFetch = options.fetch ?? globalThis.fetch;
    const token = await resolveToken(options.token);
    const allHeaders: Record<string, string> = { accept: 'application/json', ...headers };
    if (token) allHeaders['authorization'] = `Bearer ${token}`;
    if (body !== undefined) allHeaders['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers: allHeaders,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new DoanflowApiError(
        'NETWORK_ERROR',
        error instanceof Error ? error.message : 'network error',
        0,
      );
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw errorFrom(response.status, payload);
    if (payload === undefined) {
      throw new DoanflowApiError('BAD_RESPONSE', 'the server answered without JSON', response.status);
    }
    return payload as T;
  }

  const stream = sharedStream((onChange, onStatus, subscription) =>
    subscribeToChanges({ baseUrl, token: options.token, ...subscription, onChange, onStatus }),
  );

  return {
    baseUrl,
    listDefinitions: async () => (await request<{ items: DefinitionView[] }>('/definitions')).items,
    getDefinition: (workflowId: string, version?: number) => {
      const path = `/definitions/${encodeURIComponent(workflowId)}${version ? `?version=${version}` : ''}`;
      return once(definitions, path, () => request<DefinitionView>(path));
    },
    /**
     * A year's days off and make-up working days, as the server counts working days. Fetched once
     * per client; `fresh` asks again (a timer counted under a newer notice than the one held).
     */
    getCalendarYear: (year: number, fresh = false) => {
      if (fresh) calendarYears.delete(year);
      return once(calendarYears, year, () => request<CalendarYear>(`/calendar/${year}`));
    },
    startInstance: (workflowId: string, input: unknown, idempotencyKey = newIdempotencyKey()) =>
      request<InstanceView>('/instances', {
        method: 'POST',
        body: { workflowId, input },
        headers: { 'idempotency-key': idempotencyKey },
      }),
    getInstance: (instanceId: string) =>
      request<InstanceView>(`/instances/${encodeURIComponent(instanceId)}`),
    sendEvent: (instanceId: string, command: DecisionCommand, send: SendEventOptions = {}) =>
      request<InstanceView>(`/instances/${encodeURIComponent(instanceId)}/events`, {
        method: 'POST',
        body: {
          ...command,
          ...(send.expectedRevision !== undefined ? { expectedRevision: send.expectedRevision } : {}),
        },
        headers: { 'idempotency-key': send.idempotencyKey ?? newIdempotencyKey() },
      }),
    getHistory: async (instanceId: string) =>
      (await request<{ items: HistoryView[] }>(`/instances/${encodeURIComponent(instanceId)}/history`)).items,
    /** Each item succeeds or fails on its own; the results come back in the same order. */
    sendBulk: async (items: BulkItem[]) =>
      (
        await request<{ results: BulkResult[] }>('/instances/bulk-events', {
          method: 'POST',
          body: {
            items: items.map(({ instanceId, command, expectedRevision }) => ({
              instanceId,
              ...command,
              ...(expectedRevision !== undefined ? { expectedRevision } : {}),
            })),
          },
        })
      ).results,
    inbox: (query: InboxQuery = {}) => request<InboxPage>(`/inbox${queryString(query)}`),
    /** Demo servers only: a token for a person of the demo directory. */
    devToken: (personId: string) =>
      request<DevToken>('/auth/dev-token', { method: 'POST', body: { personId } }),
    /**
     * Live changes over Server-Sent Events; returns an unsubscribe function. Every subscriber of
     * one client shares one stream: a browser keeps at most six HTTP/1.1 connections per server,
     * and a page with an inbox, a panel, a timeline and a diagram must not spend four on streams.
     */
    subscribe: (onChange: (change: ChangeEvent) => void, subscription: ChangeSubscriptionOptions = {}) =>
      stream.add(onChange, subscription),
  };
}

type Subscriber = { onChange: (change: ChangeEvent) => void; onStatus?: (status: StreamStatus) => void };

/** One connection for many subscribers: opened by the first, closed after the last leaves. */
function sharedStream(
  open: (
    onChange: (change: ChangeEvent) => void,
    onStatus: (status: StreamStatus) => void,
    subscription: ChangeSubscriptionOptions,
  ) => () => void,
) {
  const subscribers = new Set<Subscriber>();
  let status: StreamStatus = 'closed';
  let close: (() => void) | null = null;
  return {
    add(onChange: Subscriber['onChange'], subscription: ChangeSubscriptionOptions): () => void {
      const subscriber: Subscriber = {
        onChange,
        ...(subscription.onStatus ? { onStatus: subscription.onStatus } : {}),
      };
      subscribers.add(subscriber);
      if (close) subscriber.onStatus?.(status);
      else
        close = open(
          (change) => subscribers.forEach((each) => each.onChange(change)),
          (next) => {
            status = next;
            subscribers.forEach((each) => each.onStatus?.(next));
          },
          subscription,
        );
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
  };
}

function errorFrom(status: number, payload: unknown): DoanflowApiError {
  if (payload && typeof payload === 'object' && 'code' in payload && typeof payload.code === 'string') {
    const body = payload as { code: string; message?: unknown; details?: unknown };
    const details =
      body.details && typeof body.details === 'object' ? (body.details as Record<string, unknown>) : {};
    return new DoanflowApiError(
      body.code,
      typeof body.message === 'string' ? body.message : body.code,
      status,
      details,
    );
  }
  return new DoanflowApiError(status >= 500 ? 'UNAVAILABLE' : 'BAD_RESPONSE', `HTTP ${status}`, status);
}

function queryString(query: InboxQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
