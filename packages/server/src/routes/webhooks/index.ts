import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ServerError } from '../../errors.ts';
import { principalOf } from '../../plugins/auth.ts';
import type { WorkflowRuntime } from '../../runner/contract.ts';
import type { WebhookStore, WebhookSubscription } from '../../webhooks/store.ts';
import {
  WebhookTargetError,
  WebhookTargetGuard,
  type WebhookTargetPolicy,
} from '../../webhooks/target-guard.ts';
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
    .describe(
      'Signs each delivery (Standard Webhooks): webhook-signature: v1,<base64 HMAC-SHA256 of "webhook-id.webhook-timestamp.body">; a whsec_ secret is base64 after the prefix',
    ),
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
    status: z
      .enum(['active', 'disabled'])
      .describe('"disabled" after a long run of failed deliveries: POST /webhooks/{id}/enable resumes it'),
    disabledAt: z.string().nullable(),
    disabledReason: z
      .string()
      .nullable()
      .describe('Why it was disabled: the run of failures and the last error'),
    failingSince: z.string().nullable().describe('First failure of the current run; null after a success'),
    consecutiveFailures: z.number().int(),
    lastError: z.string().nullable(),
    backlog: z.number().int().describe('Messages waiting for this webhook, retries included'),
  })
  .meta({ id: 'Webhook' });

const view = (webhook: WebhookSubscription, backlog = 0): z.infer<typeof webhookView> => ({
  id: webhook.id,
  url: webhook.url,
  topics: webhook.topics,
  description: webhook.description ?? null,
  createdAt: webhook.createdAt,
  status: webhook.status,
  disabledAt: webhook.disabledAt,
  disabledReason: webhook.disabledReason,
  failingSince: webhook.failingSince,
  consecutiveFailures: webhook.consecutiveFailures,
  lastError: webhook.lastError,
  backlog,
});

const idParams = z.object({ id: z.string().min(1).max(200) });

/** Portals register URLs to receive outbox messages; administrators only, like the directory. */
export const webhookRoutes: FastifyPluginAsyncZod<{
  runtime: WorkflowRuntime;
  store: WebhookStore;
  adminPolicy: AdminPolicy;
  /** Where webhooks may go (internal addresses refused unless allowed). */
  targets?: WebhookTargetPolicy;
}> = async (app, { runtime, store, adminPolicy, targets }) => {
  const guard = new WebhookTargetGuard(targets);
  app.addHook('onRequest', app.authenticate);
  app.addHook('onRequest', async (request) => requireAdmin(runtime, principalOf(request), adminPolicy));

  app.post(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Register a webhook',
        description:
          'The host is resolved and refused (400 WEBHOOK_TARGET_REFUSED) if any address is internal: loopback, link-local, private, shared, unique-local, multicast or unspecified, unless the deployment allows it (WEBHOOK_ALLOWED_HOSTS). It is checked again before each delivery.',
        body: newWebhook,
        response: { 201: webhookView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      try {
        await guard.check(request.body.url);
      } catch (error) {
        if (!(error instanceof WebhookTargetError)) throw error;
        throw new ServerError('WEBHOOK_TARGET_REFUSED', error.message, {
          reason: error.reason,
          ...(error.address ? { address: error.address } : {}),
        });
      }
      const created = view(await store.add(request.body));
      return reply
        .code(201)
        .header('location', `/webhooks/${encodeURIComponent(created.id)}`)
        .send(created);
    },
  );

  app.get(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Registered webhooks (without their secrets), with how their deliveries are going',
        response: { 200: z.object({ items: z.array(webhookView) }), ...errorResponses(401, 403) },
      },
    },
    async () => {
      const [webhooks, backlogs] = await Promise.all([store.list(), store.backlogs()]);
      return { items: webhooks.map((webhook) => view(webhook, backlogs.get(webhook.id))) };
    },
  );

  app.post(
    '/webhooks/:id/enable',
    {
      schema: {
        tags: ['webhooks'],
        summary:
          'Resume a disabled webhook: its failure run is forgotten and its waiting messages are due now',
        params: idParams,
        response: { 200: webhookView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const webhook = await store.enable(request.params.id);
      if (!webhook) throw new ServerError('NOT_FOUND', 'no such webhook', { id: request.params.id });
      return view(webhook, (await store.backlogs()).get(webhook.id));
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Remove a webhook',
        params: idParams,
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
