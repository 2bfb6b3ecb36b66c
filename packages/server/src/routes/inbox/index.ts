import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../../plugins/auth.ts';
import type { InboxQuery, WorkflowRuntime } from '../../runner/contract.ts';
import { errorResponses } from '../shared/error-schema.ts';
import { inboxPageSchema } from '../shared/views.ts';

const inboxQuery = z.object({
  workflowId: z.string().min(1).max(100).optional(),
  state: z.string().min(1).max(200).optional(),
  unitId: z.string().min(1).max(200).optional().describe('Only tasks at this unit or below it'),
  dueBefore: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  search: z
    .string()
    .max(200)
    .optional()
    .describe('Ignores case and Vietnamese diacritics ("bi thu" finds "Bí thư")'),
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** The caller's open tasks across workflows, with counts, newest first, by cursor. */
export const inboxRoutes: FastifyPluginAsyncZod<{ runtime: WorkflowRuntime }> = async (app, { runtime }) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/inbox',
    {
      schema: {
        tags: ['inbox'],
        summary: "The caller's open tasks",
        querystring: inboxQuery,
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
