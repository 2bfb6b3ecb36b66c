import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../../plugins/auth.ts';
import type { WorkflowRuntime } from '../../runner/contract.ts';
import { errorResponses } from '../shared/error-schema.ts';
import { bulkResultSchema, historyViewSchema, instanceViewSchema } from '@doanflow/client/contract';
import { etag, locationOf, revisionRequired, toCommand } from './commands.ts';
import {
  bulkBody,
  expectedRevisionOf,
  instanceIdParams,
  sendBody,
  sendHeaders,
  startBody,
  startHeaders,
} from './schemas.ts';

export interface InstanceRouteOptions {
  runtime: WorkflowRuntime;
  /**
   * Decisions must name the revision the caller saw (default true): without it a decision taken on a
   * page that still shows an older state would be applied to whatever the state is now.
   */
  requireExpectedRevision?: boolean;
}

/** Start instances, read them and their history, and send events, one at a time or in bulk. */
export const instanceRoutes: FastifyPluginAsyncZod<InstanceRouteOptions> = async (
  app,
  { runtime, requireExpectedRevision = true },
) => {
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/instances',
    {
      schema: {
        tags: ['instances'],
        summary: 'Start an instance of a workflow',
        headers: startHeaders,
        body: startBody,
        response: { 201: instanceViewSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { workflowId, input } = request.body;
      const key = request.headers['idempotency-key'];
      const options = key ? { idempotencyKey: key } : {};
      const instance = await runtime.start(workflowId, input, principalOf(request), options);
      return reply
        .code(201)
        .header('etag', etag(instance))
        .header('location', locationOf(instance))
        .send(instance);
    },
  );

  app.get(
    '/instances/:id',
    {
      schema: {
        tags: ['instances'],
        summary: 'An instance: state, data, tasks, timers and the events the caller may send now',
        params: instanceIdParams,
        response: { 200: instanceViewSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const instance = await runtime.get(request.params.id, principalOf(request));
      return reply.header('etag', etag(instance)).send(instance);
    },
  );

  app.post(
    '/instances/:id/events',
    {
      schema: {
        tags: ['instances'],
        summary: 'Send an event (a decision) to an instance',
        description:
          'Name the revision you saw (expectedRevision or If-Match): without it the decision is refused (428 REVISION_REQUIRED) unless the deployment relaxed the rule; a stale one gives 409 STALE_REVISION with the changes made since.',
        params: instanceIdParams,
        headers: sendHeaders,
        body: sendBody,
        response: { 200: instanceViewSchema, ...errorResponses(400, 401, 403, 404, 409, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedRevision = expectedRevisionOf(request.body.expectedRevision, request.headers['if-match']);
      if (expectedRevision === undefined && requireExpectedRevision) throw revisionRequired();
      const key = request.headers['idempotency-key'];
      const instance = await runtime.send(request.params.id, toCommand(request.body), principalOf(request), {
        ...(expectedRevision !== undefined ? { expectedRevision } : {}),
        ...(key ? { idempotencyKey: key } : {}),
      });
      return reply.header('etag', etag(instance)).send(instance);
    },
  );

  app.get(
    '/instances/:id/history',
    {
      schema: {
        tags: ['instances'],
        summary: 'Who did what, when, in which role and form; hash-chained',
        params: instanceIdParams,
        response: { 200: z.object({ items: z.array(historyViewSchema) }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ({ items: await runtime.history(request.params.id, principalOf(request)) }),
  );

  app.post(
    '/instances/bulk-events',
    {
      schema: {
        tags: ['instances'],
        summary: 'Send events to many instances: each item succeeds or fails on its own',
        body: bulkBody,
        response: {
          200: z.object({ results: z.array(bulkResultSchema) }),
          ...errorResponses(400, 401, 428),
        },
      },
    },
    async (request) => {
      const missing = request.body.items.flatMap((item, index) =>
        item.expectedRevision === undefined ? [index] : [],
      );
      if (requireExpectedRevision && missing.length > 0) throw revisionRequired({ items: missing });
      const items = request.body.items.map((item) => ({
        instanceId: item.instanceId,
        command: toCommand(item),
        ...(item.expectedRevision !== undefined ? { expectedRevision: item.expectedRevision } : {}),
      }));
      return { results: await runtime.bulk(items, principalOf(request)) };
    },
  );
};
