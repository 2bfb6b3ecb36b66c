import type { WorkflowRegistry } from '@doanflow/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../shared/error-schema.ts';
import { definitionViewSchema, diagramViewSchema } from '@doanflow/client/contract';
import { describeDefinition } from './definition-view.ts';
import { diagramOf } from './diagram-cache.ts';

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

  app.get(
    '/definitions/:id/diagram',
    {
      schema: {
        tags: ['definitions'],
        summary: "The workflow's statechart laid out for drawing, labelled in one language",
        description:
          'Positions of every state and transition (elkjs, layered, top to bottom), computed once per ' +
          'version and language. Draw it as SVG; mark the current state and the path from the instance.',
        params: z.object({ id: z.string().min(1).max(100) }),
        querystring: z.object({
          version: z.coerce.number().int().min(1).max(1_000_000).optional(),
          locale: z.enum(['vi', 'en']).default('vi'),
        }),
        response: { 200: diagramViewSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const definition = registry.get(request.params.id, request.query.version);
      // A version never changes; the latest one may, so only a pinned version is cached long.
      reply.header('cache-control', request.query.version ? 'private, max-age=86400' : 'private, no-cache');
      return diagramOf(definition, request.query.locale);
    },
  );
};
