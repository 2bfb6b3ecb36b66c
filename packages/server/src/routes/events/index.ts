import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ServerError } from '../../errors.ts';
import { principalOf } from '../../plugins/auth.ts';
import type { ChangeEvent, WorkflowRuntime } from '../../runner/contract.ts';
import { unitsOf } from '../shared/caller-scope.ts';
import { errorResponses } from '../shared/error-schema.ts';

export interface EventStreamOptions {
  runtime: WorkflowRuntime;
  /** Comment lines that keep proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
  /** How often the caller's units are re-read from the directory (default 60 s). */
  scopeRefreshMs?: number;
}

/**
 * The caller's changes as Server-Sent Events. A change is visible when it names the caller or one of
 * the units where the caller holds a role today. EventSource cannot send headers, so the token may
 * also come as `?access_token=` (and is redacted from the logs).
 */
export const eventRoutes: FastifyPluginAsyncZod<EventStreamOptions> = async (app, options) => {
  const { runtime } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const scopeRefreshMs = options.scopeRefreshMs ?? 60_000;
  const open = new Set<ServerResponse>();

  app.addHook('onRequest', app.authenticateWithQueryToken);
  // Streams never end on their own: end them so the server can close.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });

  app.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Live changes visible to the caller (text/event-stream, event "change")',
        querystring: z.object({
          access_token: z
            .string()
            .max(8000)
            .optional()
            .describe('For EventSource, which cannot send headers'),
        }),
        response: {
          200: {
            description: 'A stream of `event: change` messages whose data is a ChangeEvent',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          ...errorResponses(401),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.kind !== 'person') throw new ServerError('FORBIDDEN', 'a person must subscribe', {});
      const { personId } = principal;
      let units = await unitsOf(runtime, personId);
      const visible = (change: ChangeEvent) =>
        change.personIds.includes(personId) || change.unitIds.some((unit) => units.has(unit));

      reply.hijack();
      const stream = reply.raw;
      // Headers set by hooks (CORS, security) live on the reply, which hijacking bypasses.
      const fromHooks = Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined);
      stream.writeHead(200, {
        ...(Object.fromEntries(fromHooks) as OutgoingHttpHeaders),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      stream.write('retry: 5000\n\n');
      open.add(stream);

      const unsubscribe = runtime.subscribe((change) => {
        if (!visible(change)) return;
        stream.write(
          `id: ${change.instanceId}:${change.revision}\nevent: change\ndata: ${JSON.stringify(change)}\n\n`,
        );
      });
      const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), heartbeatMs);
      const refresh = setInterval(() => {
        unitsOf(runtime, personId).then(
          (next) => (units = next),
          (error: unknown) => request.log.warn({ err: error }, 'could not refresh the stream scope'),
        );
      }, scopeRefreshMs);
      stream.on('close', () => {
        unsubscribe();
        clearInterval(heartbeat);
        clearInterval(refresh);
        open.delete(stream);
      });
    },
  );
};
