import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ServerError } from '../../errors.ts';
import { principalOf } from '../../plugins/auth.ts';
import type { ChangeEvent } from '../../runner/contract.ts';
import { errorResponses } from '../shared/error-schema.ts';
import type { ChangeFeed, FeedEntry } from './change-feed.ts';
import { openEventStream } from './event-stream.ts';

export interface EventStreamOptions {
  /** The server's one subscription to the runtime's changes (buildApp makes it). */
  feed: ChangeFeed;
  /** Comment lines that keep proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
}

const querystring = z.object({
  access_token: z.string().max(8000).optional().describe('For EventSource, which cannot send headers'),
  last_event_id: z
    .string()
    .max(100)
    .optional()
    .describe('Resume after this event (as the Last-Event-ID header), for clients that cannot set it'),
});

/** The stream's headers; the ones hooks set (CORS, security) live on the reply, which hijacking bypasses. */
function streamHeaders(reply: FastifyReply, http2: boolean): OutgoingHttpHeaders {
  const fromHooks = Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined);
  return {
    ...(Object.fromEntries(fromHooks) as OutgoingHttpHeaders),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // HTTP/2 forbids connection-specific headers.
    ...(http2 ? {} : { connection: 'keep-alive' }),
    'x-accel-buffering': 'no',
  };
}

/**
 * The caller's changes as Server-Sent Events. A change is visible when it names the caller (the
 * instance's subject, someone who acted on it, a personal task) or a unit where the caller holds a
 * role today, or one below it (changes carry their units' paths). The stream ends when the caller's
 * token expires (event `expired`), and resumes after `Last-Event-ID`. EventSource cannot send
 * headers, so the token may also come as `?access_token=` (redacted from the logs).
 */
export const eventRoutes: FastifyPluginAsyncZod<EventStreamOptions> = async (app, options) => {
  const { feed } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const open = new Set<() => void>();

  app.addHook('onRequest', app.authenticateWithQueryToken);
  // Streams never end on their own: end them so the server can close.
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  const schema = { tags: ['events'], querystring };

  app.head(
    '/events',
    { schema: { ...schema, summary: 'The stream headers, without a stream', hide: true } },
    async (request, reply) => {
      personOf(request);
      reply.hijack();
      reply.raw.writeHead(200, streamHeaders(reply, request.raw.httpVersionMajor === 2));
      reply.raw.end();
    },
  );

  app.get(
    '/events',
    {
      exposeHeadRoute: false,
      schema: {
        ...schema,
        summary:
          'Live changes visible to the caller (text/event-stream: events ready, change, resync, expired)',
        response: {
          200: {
            description:
              'A stream of `event: change` messages whose data is a ChangeEvent; `ready` first (its id is the ' +
              'position to resume from), `resync` when missed changes cannot be replayed, `expired` before ' +
              'the stream ends at the token’s expiry',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          ...errorResponses(401),
        },
      },
    },
    async (request, reply) => {
      const personId = personOf(request);
      const header = request.headers['last-event-id'];
      const resumeFrom = (typeof header === 'string' ? header : undefined) ?? request.query.last_event_id;
      // Everything the stream holds is released by the response's close, which is listened for
      // before the first await: a client that leaves during set-up leaves nothing behind.
      const stream = openEventStream(reply.raw, {
        heartbeatMs,
        endsAt: request.tokenExpiresAt,
        log: request.log,
      });
      open.add(stream.end);
      stream.onRelease(() => open.delete(stream.end));
      let units: Set<string>;
      try {
        units = await feed.unitsOf(personId);
      } catch (error) {
        stream.release();
        throw error;
      }
      reply.hijack();
      if (stream.released) return;
      let readAt = Date.now();
      const visible = (change: ChangeEvent) => {
        if (feed.stale(readAt)) {
          readAt = Date.now();
          feed.unitsOf(personId).then(
            (next) => (units = next),
            (error: unknown) => request.log.warn({ err: error }, 'could not refresh the stream scope'),
          );
        }
        return change.personIds.includes(personId) || change.unitIds.some((unit) => units.has(unit));
      };
      const send = (entry: FeedEntry) => {
        if (visible(entry.change)) stream.event('change', entry.change, entry.id);
      };

      stream.start(streamHeaders(reply, request.raw.httpVersionMajor === 2));
      const missed = resumeFrom ? feed.since(resumeFrom) : [];
      if (missed === null) stream.event('resync', {});
      else for (const entry of missed) send(entry);
      stream.event('ready', { expiresAt: request.tokenExpiresAt }, feed.position);
      stream.onRelease(feed.listen({ change: send, resync: () => stream.event('resync', {}) }));
    },
  );
};

function personOf(request: Parameters<typeof principalOf>[0]): string {
  const principal = principalOf(request);
  if (principal.kind !== 'person') throw new ServerError('FORBIDDEN', 'a person must subscribe', {});
  return principal.personId;
}
