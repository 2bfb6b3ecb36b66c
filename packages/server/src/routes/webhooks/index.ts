import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ServerError } from '../../errors.ts';
import { principalOf } from '../../plugins/auth.ts';
import type { WorkflowRuntime } from '../../runner/contract.ts';
import type { WebhookStore, WebhookSubscription } from '../../webhooks/store.ts';
import { requireAdmin, type AdminPolicy } from '../shared/caller-scope.ts';
import { errorResponses } from '../shared/error-schema.ts';

const httpUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.hostname })
  .max(2000)
  // zod runs a refinement even after the URL check failed, so `new URL` must not throw here (a 500).
  .refine((url) => {
    const parsed = URL.parse(url);
    return parsed !== null && !parsed.username && !parsed.password;
  }, 'credentials do not belong in the URL');

const newWebhook = z.strictObject({
  url: httpUrl,
  secret: z
    .string()
    .min(16)
    .max(500)
    .describe('Signs each delivery: X-Doanflow-Signature: sha256=<hex HMAC>'),
  topics: z.array(z.string().min(1).max(100)).max(50).default([]).describe('Empty: every topic'),
  description: z.string().max(500).nullable().optional(),
});

// The secret is write-only: it never comes back.
const webhookView = z
  .object({
    id: z.string(),
    url: z.string(),
    topics: z.array(z.string()),
    description: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Webhook' });

const view = (webhook: WebhookSubscription): z.infer<typeof webhookView> => ({
  id: webhook.id,
  url: webhook.url,
  topics: webhook.topics,
  description: webhook.description ?? null,
  createdAt: webhook.createdAt,
});

/** Portals register URLs to receive outbox messages; administrators only, like the directory. */
export const webhookRoutes: FastifyPluginAsyncZod<{
  runtime: WorkflowRuntime;
  store: WebhookStore;
  adminPolicy: AdminPolicy;
}> = async (app, { runtime, store, adminPolicy }) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('onRequest', async (request) => requireAdmin(runtime, principalOf(request), adminPolicy));

  app.post(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Register a webhook',
        body: newWebhook,
        response: { 201: webhookView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(view(await store.add(request.body))),
  );

  app.get(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Registered webhooks (without their secrets)',
        response: { 200: z.object({ items: z.array(webhookView) }), ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: (await store.list()).map(view) }),
  );

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Remove a webhook',
        params: z.object({ id: z.string().min(1).max(200) }),
        response: { 204: z.undefined(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      if (!(await store.remove(request.params.id))) {
        throw new ServerError('NOT_FOUND', 'no such webhook', { id: request.params.id });
      }
      return reply.code(204).send();
    },
  );
};
