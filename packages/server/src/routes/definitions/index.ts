import type { WorkflowRegistry } from '@doanflow/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../shared/error-schema.ts';
import { definitionViewSchema, describeDefinition } from './definition-view.ts';

/** The workflows this server runs: labels, JSON Schemas and statecharts for portals and diagrams. */
export const definitionRoutes: FastifyPluginAsyncZod<{ registry: WorkflowRegistry }> = async (
  app,
  { registry },
) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/definitions',
    {
      schema: {
        tags: ['definitions'],
        summary: 'The latest version of every workflow',
        response: { 200: z.object({ items: z.array(definitionViewSchema) }), ...errorResponses(401) },
      },
    },
    async () => ({ items: registry.latest().map((definition) => describeDefinition(definition, registry)) }),
  );

  app.get(
    '/definitions/:id',
    {
      schema: {
        tags: ['definitions'],
        summary: 'One workflow, at its latest or a given version',
        params: z.object({ id: z.string().min(1).max(100) }),
        querystring: z.object({ version: z.coerce.number().int().min(1).max(1_000_000).optional() }),
        response: { 200: definitionViewSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => describeDefinition(registry.get(request.params.id, request.query.version), registry),
  );
};
