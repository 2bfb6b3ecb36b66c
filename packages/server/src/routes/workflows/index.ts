import type { WorkflowRegistry } from '@doanflow/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { instanceViewSchema } from '@doanflow/client/contract';
import type { z } from 'zod';
import { ServerError } from '../../errors.ts';
import { principalOf } from '../../plugins/auth.ts';
import type { WorkflowRuntime } from '../../runner/contract.ts';
import { etag, locationOf, revisionRequired, toCommand } from '../instances/commands.ts';
import { expectedRevisionOf, instanceIdParams, sendHeaders, startHeaders } from '../instances/schemas.ts';
import { errorResponses } from '../shared/error-schema.ts';
import { pascalCase, sendEnvelope, startEnvelope, workflowSchemas } from './schemas.ts';

/** Validates the body with the generic envelope (the documented schema is for clients). */
const bodyCheckedBy =
  <S>(envelope: z.ZodType): FastifySchemaCompiler<S> =>
  (route) =>
    validatorCompiler({
      ...route,
      schema: route.httpPart === 'body' ? envelope : (route.schema as z.ZodType),
    });

/**
 * Serializes an instance as POST /instances does: the typed instance (its workflow's summary shape)
 * is what the document tells clients; the answer itself is never cut to it.
 */
const serializedAsInstance =
  <S>(typed: z.ZodType): FastifySerializerCompiler<S> =>
  (route) =>
    serializerCompiler({
      ...route,
      schema: route.schema === typed ? instanceViewSchema : (route.schema as z.ZodType),
    });

/**
 * One pair of routes per workflow this deployment runs (host-registered ones too), so that its
 * OpenAPI document types each workflow's start input and events: POST /workflows/<id>/instances
 * and POST /workflows/<id>/instances/{id}/events. They do what POST /instances and
 * POST /instances/{id}/events do; an instance of another workflow is not found here.
 */
export const workflowRoutes: FastifyPluginAsyncZod<{
  runtime: WorkflowRuntime;
  registry: WorkflowRegistry;
  /** As on POST /instances/{id}/events: a decision names the revision it was taken on (428 without). */
  requireExpectedRevision?: boolean;
}> = async (app, { runtime, registry, requireExpectedRevision = true }) => {
  app.addHook('onRequest', app.authenticate);

  for (const definition of registry.latest()) {
    const { start, send, instance } = workflowSchemas(definition);
    const name = pascalCase(definition.id);
    const tags = [`workflow: ${definition.id}`];
    const base = `/workflows/${definition.id}/instances`;

    app.post(
      base,
      {
        schema: {
          tags,
          operationId: `start${name}`,
          summary: `Start ${definition.title.en} (${definition.title.vi})`,
          description: `Starts an instance of ${definition.id} at its latest version, as POST /instances does.`,
          headers: startHeaders,
          body: start,
          response: { 201: instance, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
        // The engine checks the input (INVALID_INPUT with its issues), as on POST /instances.
        validatorCompiler: bodyCheckedBy(startEnvelope),
        serializerCompiler: serializedAsInstance(instance),
      },
      async (request, reply) => {
        const key = request.headers['idempotency-key'];
        const started = await runtime.start(
          definition.id,
          (request.body as z.output<typeof startEnvelope>).input,
          principalOf(request),
          key ? { idempotencyKey: key } : {},
        );
        return reply
          .code(201)
          .header('etag', etag(started))
          .header('location', locationOf(started))
          .send(started);
      },
    );

    if (!send) continue;
    app.post(
      `${base}/:id/events`,
      {
        schema: {
          tags,
          operationId: `send${name}Event`,
          summary: `Send an event to an instance of ${definition.title.en} (${definition.title.vi})`,
          description: `The events a person may send, each with its payload. As POST /instances/{id}/events.`,
          params: instanceIdParams,
          headers: sendHeaders,
          body: send,
          response: { 200: instance, ...errorResponses(400, 401, 403, 404, 409, 422, 428) },
        },
        validatorCompiler: bodyCheckedBy(sendEnvelope),
        serializerCompiler: serializedAsInstance(instance),
      },
      async (request, reply) => {
        const body = request.body as z.output<typeof sendEnvelope>;
        const expectedRevision = expectedRevisionOf(body.expectedRevision, request.headers['if-match']);
        if (expectedRevision === undefined && requireExpectedRevision) throw revisionRequired();
        const principal = principalOf(request);
        const current = await runtime.get(request.params.id, principal);
        if (current.workflowId !== definition.id) {
          throw new ServerError('NOT_FOUND', `no ${definition.id} instance ${request.params.id}`);
        }
        const key = request.headers['idempotency-key'];
        const sent = await runtime.send(request.params.id, toCommand(body), principal, {
          ...(expectedRevision !== undefined ? { expectedRevision } : {}),
          ...(key ? { idempotencyKey: key } : {}),
        });
        return reply.header('etag', etag(sent)).send(sent);
      },
    );
  }
};
