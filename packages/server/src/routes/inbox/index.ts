import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../../plugins/auth.ts';
import type { InboxQuery, WorkflowRuntime } from '../../runner/contract.ts';
import { errorResponses } from '../shared/error-schema.ts';
import { inboxPageSchema, inboxQuerySchema } from '@doanflow/client/contract';

/** The caller's open tasks across workflows, with counts, newest first, by cursor. */
export const inboxRoutes: FastifyPluginAsyncZod<{ runtime: WorkflowRuntime }> = async (app, { runtime }) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/inbox',
    {
      schema: {
        tags: ['inbox'],
        summary: "The caller's open tasks",
        querystring: inboxQuerySchema,
        response: { 200: inboxPageSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      // Drop absent filters so the runtime sees only what the caller asked for.
      const query = Object.fromEntries(
        Object.entries(request.query).filter(([, value]) => value !== undefined && value !== ''),
      ) as InboxQuery;
      return runtime.inbox(principalOf(request), query);
    },
  );
};
