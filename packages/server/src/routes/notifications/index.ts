import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ServerError } from '../../errors.ts';
import { WebPushChannel } from '../../notifications/channels/web-push-channel.ts';
import { notificationKinds } from '../../notifications/kinds.ts';
import type { NotificationRow } from '../../notifications/notification-queue.ts';
import type { Notifier } from '../../notifications/notifier.ts';
import type { UnsubscribeTokens } from '../../notifications/unsubscribe-token.ts';
import { principalOf } from '../../plugins/auth.ts';
import type { WorkflowRuntime } from '../../runner/contract.ts';
import { requireAdmin, type AdminPolicy } from '../shared/caller-scope.ts';
import { errorResponses } from '../shared/error-schema.ts';
import { unsubscribePage } from './unsubscribe-page.ts';
import {
  adminQuery,
  notificationView,
  preferencesSchema,
  preferencesView,
  pushSubscriptionSchema,
  tokenQuery,
} from './schemas.ts';

export interface NotificationRouteOptions {
  runtime: WorkflowRuntime;
  notifier: Notifier;
  tokens: UnsubscribeTokens;
  vapidPublicKey: string | null;
  adminPolicy: AdminPolicy;
}

const isoOf = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

const view = (row: NotificationRow): z.infer<typeof notificationView> => ({
  id: row.id,
  key: row.key,
  personId: row.person_id,
  channel: row.channel,
  kind: row.kind,
  instanceId: row.instance_id,
  state: row.state,
  attempts: row.attempts,
  createdAt: isoOf(row.created_at)!,
  notBefore: isoOf(row.not_before)!,
  sentAt: isoOf(row.sent_at),
  failedAt: isoOf(row.failed_at),
  lastError: row.last_error,
});

function personOf(request: Parameters<typeof principalOf>[0]): string {
  const principal = principalOf(request);
  if (principal.kind !== 'person') throw new ServerError('FORBIDDEN', 'a person must do this', {});
  return principal.personId;
}

/**
 * A person's notification settings and push subscriptions (signed in), the one-click unsubscribe
 * link (no sign-in: the token is the authority) and the administrators' listing.
 */
export const notificationRoutes: FastifyPluginAsyncZod<NotificationRouteOptions> = async (app, options) => {
  const { runtime, notifier, tokens } = options;
  const now = () => runtime.clock?.now() ?? new Date();
  const push = notifier.channels.find((channel) => channel instanceof WebPushChannel) as
    | WebPushChannel
    | undefined;

  // Mail clients post "List-Unsubscribe=One-Click" as a form (RFC 8058); the token is in the URL.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );

  const signedIn = { onRequest: app.authenticate };

  app.get(
    '/me/notification-preferences',
    {
      ...signedIn,
      schema: {
        tags: ['notifications'],
        summary: "The caller's notification preferences and what this server can send on",
        response: { 200: preferencesView, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({
      preferences: await notifier.preferences.get(personOf(request)),
      channels: notifier.channels.map((channel) => channel.name),
      kinds: [...notificationKinds],
      vapidPublicKey: push ? options.vapidPublicKey : null,
    }),
  );

  app.put(
    '/me/notification-preferences',
    {
      ...signedIn,
      schema: {
        tags: ['notifications'],
        summary: "Replace the caller's notification preferences",
        body: preferencesSchema,
        response: { 200: preferencesView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const personId = personOf(request);
      await notifier.preferences.set(personId, request.body, now());
      return {
        preferences: await notifier.preferences.get(personId),
        channels: notifier.channels.map((channel) => channel.name),
        kinds: [...notificationKinds],
        vapidPublicKey: push ? options.vapidPublicKey : null,
      };
    },
  );

  app.post(
    '/me/push-subscriptions',
    {
      ...signedIn,
      schema: {
        tags: ['notifications'],
        summary: "Add a browser's Web Push subscription (PushSubscription.toJSON())",
        body: pushSubscriptionSchema,
        response: { 204: z.undefined(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const personId = personOf(request);
      if (!push) throw new ServerError('NOT_FOUND', 'Web Push is not configured on this server', {});
      await push.subscribe(personId, request.body, now());
      return reply.code(204).send();
    },
  );

  app.delete(
    '/me/push-subscriptions',
    {
      ...signedIn,
      schema: {
        tags: ['notifications'],
        summary: "Remove one of the caller's Web Push subscriptions",
        body: z.strictObject({ endpoint: z.string().min(1).max(2000) }),
        response: { 204: z.undefined(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const personId = personOf(request);
      if (!push || !(await push.unsubscribe(personId, request.body.endpoint))) {
        throw new ServerError('NOT_FOUND', 'no such push subscription', {});
      }
      return reply.code(204).send();
    },
  );

  // GET only shows a confirmation (link scanners fetch links); POST unsubscribes (RFC 8058).
  app.get(
    '/notifications/unsubscribe',
    {
      schema: {
        tags: ['notifications'],
        summary: 'The unsubscribe page of a notification link (confirms with one click)',
        querystring: tokenQuery,
        response: { 200: z.string(), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const target = tokens.verify(request.query.token);
      if (!target)
        throw new ServerError('BAD_REQUEST', 'this unsubscribe link is not valid', { reason: 'token' });
      return reply
        .type('text/html; charset=utf-8')
        .send(unsubscribePage(target.kind, request.query.token, false));
    },
  );

  app.post(
    '/notifications/unsubscribe',
    {
      schema: {
        tags: ['notifications'],
        summary: 'One-click unsubscribe from one kind of notification (RFC 8058; no sign-in)',
        querystring: tokenQuery,
        response: { 200: z.string(), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const target = tokens.verify(request.query.token);
      if (!target)
        throw new ServerError('BAD_REQUEST', 'this unsubscribe link is not valid', { reason: 'token' });
      await notifier.preferences.optOut(target.personId, target.kind, now());
      return reply
        .type('text/html; charset=utf-8')
        .send(unsubscribePage(target.kind, request.query.token, true));
    },
  );

  app.get(
    '/notifications',
    {
      ...signedIn,
      schema: {
        tags: ['notifications'],
        summary: 'Notifications and how they went (administrators): failures and bounces with their error',
        querystring: adminQuery,
        response: {
          200: z.object({ items: z.array(notificationView), counts: z.record(z.string(), z.number().int()) }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      await requireAdmin(runtime, principalOf(request), options.adminPolicy);
      const [rows, counts] = await Promise.all([
        notifier.queue.list(request.query),
        notifier.queue.countByState(),
      ]);
      return { items: rows.map(view), counts };
    },
  );
};
