import { DoanflowApiError, type ApiErrorCode } from './errors.ts';
import { newIdempotencyKey } from './idempotency.ts';
import type { DecisionStore } from './decision-store.ts';
import { subscribeToChanges, type ChangeSubscriptionOptions, type StreamHandlers } from './change-stream.ts';
import { sharedStream, tabSharedStream, tabsCanShare, type Subscriber } from './shared-stream.ts';
import { TokenKeeper, tokenSubject, type TokenSource } from './token.ts';
import { uploadFile, type UploadOptions } from './upload.ts';
import type {
  AttachmentView,
  BulkItem,
  BulkResult,
  CalendarYear,
  ChangeEvent,
  DecisionCommand,
  DefinitionView,
  DiagramView,
  DossierView,
  DevToken,
  HistoryView,
  InboxPage,
  RecordPage,
  RecordQuery,
  InboxQuery,
  ReportQuery,
  UnitReport,
  InstanceView,
  Locale,
} from './types.ts';

export interface DoanflowClientOptions {
  baseUrl: string;
  /** A token, or a function asked for one before each request (and once more after a 401). */
  token?: TokenSource;
  /** Instead of `token`: a keeper shared with whoever renews it (the web components' session). */
  keeper?: TokenKeeper;
  /** Injected in tests and for hosts that wrap fetch (tracing, proxies). */
  fetch?: typeof globalThis.fetch;
  /** The change stream's reconnect delays, and whether tabs of one person share it (default true). */
  stream?: ChangeSubscriptionOptions & { shareAcrossTabs?: boolean };
  /** Where decisions taken offline wait (default: IndexedDB, or memory where there is none). */
  decisionStore?: DecisionStore;
  /**
   * Retries of a request that may safely be sent again (a GET, or a POST with its Idempotency-Key)
   * after a network failure, a 503 or a 429: how many (default 2) and the longest wait between
   * two (default 5 s; the server's Retry-After is followed up to it).
   */
  retry?: RetryOptions;
}

export interface RetryOptions {
  attempts?: number;
  maxDelayMs?: number;
}

export interface SendEventOptions {
  /**
   * The revision the caller saw: the server refuses a stale one with 409 STALE_REVISION, and one
   * left out with 428 REVISION_REQUIRED unless the deployment relaxed the rule.
   */
  expectedRevision: number;
  /** One key per decision; pass the same key again to retry that decision safely. */
  idempotencyKey?: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
}

export type DoanflowClient = ReturnType<typeof createDoanflowClient>;

/**
 * A typed client for the doanflow HTTP API. Failures reject with DoanflowApiError; a 401 asks the
 * token keeper for a new token and sends the request once more, else fails with UNAUTHENTICATED
 * (the keeper is then `expired` until a new token is set). `close()` aborts everything in flight.
 */
export function createDoanflowClient(options: DoanflowClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const keeper = options.keeper ?? new TokenKeeper(options.token);
  const doFetch: typeof globalThis.fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
  const inFlight = new AbortController();
  // A definition never changes while a server runs: fetch each (id, version), and the list, once
  // per client (every element of a page shares one).
  const definitions = new Map<string, Promise<DefinitionView>>();
  const definitionList = new Map<'all', Promise<DefinitionView[]>>();
  const diagrams = new Map<string, Promise<DiagramView>>();
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

  const retryAttempts = options.retry?.attempts ?? 2;
  const maxDelayMs = options.retry?.maxDelayMs ?? 5000;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      inFlight.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });

  /**
   * An authenticated call's response (a 401 renews the token once); failures as DoanflowApiError.
   * A request that is safe to repeat is retried on a network failure, 503 or 429.
   */
  async function call(path: string, init: RequestOptions = {}): Promise<Response> {
    const { method = 'GET', headers = {} } = init;
    const repeatable = method === 'GET' || headers['idempotency-key'] !== undefined;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await callOnce(path, init);
      } catch (error) {
        const failure = error as DoanflowApiError;
        if (!repeatable || attempt >= retryAttempts || !failure.isRetryable || inFlight.signal.aborted) {
          throw failure;
        }
        const backoff = 250 * 2 ** attempt * (1 + Math.random());
        const hinted = failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds * 1000 : backoff;
        await pause(Math.min(hinted, maxDelayMs));
        if (inFlight.signal.aborted) throw new DoanflowApiError('CLOSED', 'the client was closed', 0);
      }
    }
  }

  async function callOnce(path: string, init: RequestOptions, renewed?: string): Promise<Response> {
    const { method = 'GET', body, headers = {} } = init;
    const token = renewed ?? (await keeper.token());
    const allHeaders: Record<string, string> = { accept: 'application/json', ...headers };
    if (token) allHeaders['authorization'] = `Bearer ${token}`;
    if (body !== undefined) allHeaders['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers: allHeaders,
        signal: inFlight.signal,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      if (inFlight.signal.aborted) throw new DoanflowApiError('CLOSED', 'the client was closed', 0);
      throw new DoanflowApiError(
        'NETWORK_ERROR',
        error instanceof Error ? error.message : 'network error',
        0,
      );
    }
    if (response.status === 401 && renewed === undefined) {
      const next = await keeper.renew(token);
      if (next !== undefined) {
        await response.body?.cancel().catch(() => {});
        return callOnce(path, init, next);
      }
    }
    if (!response.ok) {
      const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
      const error = errorFrom(response.status, await response.json().catch(() => undefined));
      if (!Number.isFinite(retryAfter)) throw error;
      throw new DoanflowApiError(error.code, error.message, error.status, error.details, retryAfter);
    }
    return response;
  }

  async function request<T>(path: string, init: RequestOptions = {}): Promise<T> {
    const response = await call(path, init);
    const payload: unknown = await response.json().catch(() => undefined);
    if (payload === undefined) {
      throw new DoanflowApiError('BAD_RESPONSE', 'the server answered without JSON', response.status);
    }
    return payload as T;
  }

  const { shareAcrossTabs = true, ...delays } = options.stream ?? {};
  const connect = (handlers: StreamHandlers, lastEventId: string) =>
    subscribeToChanges({ baseUrl, auth: keeper, fetch: doFetch, ...delays, ...handlers, lastEventId });
  const stream = sharedStream((handlers) => {
    if (!shareAcrossTabs || !tabsCanShare()) return connect(handlers, '');
    let stop: (() => void) | null = null;
    let stopped = false;
    // Tabs share a stream per person and server: the token says who.
    void keeper.token().then(
      (token) => {
        if (stopped) return;
        const person = tokenSubject(token);
        stop = person
          ? tabSharedStream(`doanflow-changes ${absoluteBase} ${person}`, connect)(handlers)
          : connect(handlers, '');
      },
      () => {},
    );
    return () => {
      stopped = true;
      stop?.();
    };
  });
  keeper.subscribe((state) => {
    // After an expiry, whatever is on screen may be stale: every subscriber reloads.
    if (state === 'active') stream.resync();
  });

  const sendEvent = (instanceId: string, command: DecisionCommand, send: SendEventOptions) =>
    request<InstanceView>(`/instances/${encodeURIComponent(instanceId)}/events`, {
      method: 'POST',
      body: {
        ...command,
        expectedRevision: send.expectedRevision,
      },
      headers: { 'idempotency-key': send.idempotencyKey ?? newIdempotencyKey() },
    });
  const absoluteBase = new URL(baseUrl || '/', globalThis.location?.href ?? 'http://localhost/').href;

  return {
    baseUrl,
    listDefinitions: () =>
      once(
        definitionList,
        'all',
        async () => (await request<{ items: DefinitionView[] }>('/definitions')).items,
      ),
    getDefinition: (workflowId: string, version?: number) => {
      const path = `/definitions/${encodeURIComponent(workflowId)}${version ? `?version=${version}` : ''}`;
      return once(definitions, path, () => request<DefinitionView>(path));
    },
    /** The workflow's statechart laid out for drawing, labelled in one language (fetched once). */
    getDiagram: (workflowId: string, version: number, locale: Locale) => {
      const path = `/definitions/${encodeURIComponent(workflowId)}/diagram?version=${version}&locale=${locale}`;
      return once(diagrams, path, () => request<DiagramView>(path));
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
    sendEvent,
    /** Whose requests these are, on which server (`<absolute base URL> <person>`), from the token. */
    identity: async () => {
      const person = tokenSubject(await keeper.token());
      return person ? `${absoluteBase} ${person}` : undefined;
    },
    /** Where decisions taken offline wait, when the host chose (decision-queue.ts). */
    decisionStore: options.decisionStore,
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
              expectedRevision,
            })),
          },
        })
      ).results,
    inbox: (query: InboxQuery = {}) => request<InboxPage>(`/inbox${queryString(query)}`),
    /** A unit's record: the facts other processes delivered to it (404 outside the caller's scope). */
    unitRecord: (unitId: string, query: RecordQuery = {}) =>
      request<RecordPage>(`/records/units/${encodeURIComponent(unitId)}${queryString(query)}`),
    /** A person's record: their own, or a member's of a unit the caller serves as an officer. */
    personRecord: (personId: string, query: RecordQuery = {}) =>
      request<RecordPage>(`/records/people/${encodeURIComponent(personId)}${queryString(query)}`),
    /**
     * Any JSON route the methods here leave out (a portal's delegations screen: POST/GET /delegations),
     * with the client's token, retries and errors; such calls stay out of every widget's bundle.
     */
    json: request,
    /** A unit's report for a period: open work, lead times, ratings, awards, "1+2" days, transfers. */
    getReport: (unitId: string, query: ReportQuery = {}) =>
      request<UnitReport>(`/reports/units/${encodeURIComponent(unitId)}${queryString(query)}`),
    /** The same report as a spreadsheet (`xlsx`) or CSV, with the caller's token, for a download. */
    reportFile: async (unitId: string, format: 'xlsx' | 'csv', query: ReportQuery = {}) =>
      (
        await call(`/reports/units/${encodeURIComponent(unitId)}/${format}${queryString(query)}`, {
          headers: { accept: '*/*' },
        })
      ).blob(),
    /** An instance's documents: the files, the kinds, what the caller may and must add now. */
    getDossier: (instanceId: string) =>
      request<DossierView>(`/instances/${encodeURIComponent(instanceId)}/dossier`),
    /**
     * Uploads one file of a document kind; it waits, visible to its uploader only, until a decision
     * names it in `attachments`. Progress is reported where the browser can tell it (XMLHttpRequest).
     */
    uploadAttachment: async (instanceId: string, kind: string, file: File, upload: UploadOptions = {}) => {
      const { status, payload } = await uploadFile(
        {
          url: `${baseUrl}/instances/${encodeURIComponent(instanceId)}/attachments?kind=${encodeURIComponent(kind)}`,
          token: await keeper.token(),
          file,
          ...(options.fetch ? { fetch: doFetch } : {}),
        },
        { ...upload, signal: upload.signal ?? inFlight.signal },
      );
      if (status < 200 || status >= 300) throw errorFrom(status, payload);
      return payload as AttachmentView;
    },
    /** Withdraws one of the caller's uploads that no decision has taken yet. */
    withdrawAttachment: async (attachmentId: string) => {
      await call(`/attachments/${encodeURIComponent(attachmentId)}`, { method: 'DELETE' });
    },
    /** The bytes of an attachment (with the caller's token): for an in-page preview or a download. */
    attachmentBlob: async (attachmentId: string) =>
      (
        await call(`/attachments/${encodeURIComponent(attachmentId)}/content`, { headers: { accept: '*/*' } })
      ).blob(),
    /** An issued document's PDF (with the caller's token), for the timeline's preview. */
    issuedDocumentBlob: async (documentId: string) =>
      (
        await call(`/issued-documents/${encodeURIComponent(documentId)}/pdf`, {
          headers: { accept: 'application/pdf' },
        })
      ).blob(),
    /** The public page a printed document's QR code leads to. */
    verifyUrl: (code: string) => new URL(`verify/${encodeURIComponent(code)}`, absoluteBase).href,
    /** Demo servers only: a token for a person of the demo directory. */
    devToken: (personId: string) =>
      request<DevToken>('/auth/dev-token', { method: 'POST', body: { personId } }),
    /**
     * Live changes over Server-Sent Events; returns an unsubscribe function. Every subscriber of a
     * client shares one stream, and tabs of the same person share one (see shared-stream.ts).
     */
    subscribe: (subscriber: Subscriber | ((change: ChangeEvent) => void)) =>
      stream.add(typeof subscriber === 'function' ? { onChange: subscriber } : subscriber),
    /** The token and its state (`active` / `expired`), shared with the stream. */
    keeper,
    /** Aborts every request in flight and stops the stream; the client is not used again. */
    close: () => {
      inFlight.abort();
      keeper.close();
    },
  };
}

function errorFrom(status: number, payload: unknown): DoanflowApiError {
  if (payload && typeof payload === 'object' && 'code' in payload && typeof payload.code === 'string') {
    const body = payload as { code: ApiErrorCode; message?: unknown; details?: unknown };
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

function queryString(query: InboxQuery | RecordQuery | ReportQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
