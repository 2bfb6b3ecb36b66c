import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { WorkflowRegistry } from '@doanflow/engine';
import fp from 'fastify-plugin';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { finishDocument, type FinishOptions } from '../openapi/finish-document.ts';
import { fallbackSummaries, operationIds, tags } from '../openapi/operations.ts';
import { SERVER_VERSION } from '../version.ts';

export interface OpenapiOptions {
  /** The workflows whose tags the document lists (their routes are routes/workflows). */
  registry: WorkflowRegistry;
  servers?: FinishOptions['servers'];
}

// A workflow's schemas may hold what JSON Schema cannot say (a transform): documented as "any".
const zodToJsonConfig = { unrepresentable: 'any' } as const;

/**
 * The OpenAPI 3.1 document of this deployment, generated from the routes' zod schemas (the wire
 * contract, and each registered workflow's input and payloads), at GET /openapi.json, and a UI at
 * /docs. Registered before the routes: @fastify/swagger collects them as they are added.
 */
export const openapiPlugin = fp<OpenapiOptions>(
  async (app, options) => {
    const workflowTags = options.registry.latest().map((definition) => ({
      name: `workflow: ${definition.id}`,
      description: `${definition.title.vi} / ${definition.title.en}: typed start and events`,
    }));
    // Operation ids and missing summaries, before @fastify/swagger reads the route.
    app.addHook('onRoute', (route) => {
      const schema = route.schema as Record<string, unknown> | undefined;
      if (!schema || schema['hide']) return;
      const method = [route.method].flat()[0];
      schema['operationId'] ??= operationIds[`${method} ${route.url}`];
      const id = schema['operationId'];
      if (typeof id === 'string') schema['summary'] ??= fallbackSummaries[id];
    });
    let finished: Record<string, unknown> | undefined;
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'doanflow',
          description:
            'Workflow engine for the Ho Chi Minh Communist Youth Union: start and drive approval ' +
            'processes, officers’ inboxes, live changes. Errors are always { code, message, details }, ' +
            'details by code (see Error). Each workflow this deployment runs has typed routes under ' +
            '/workflows/{workflowId}/.',
          version: SERVER_VERSION,
          license: { name: 'MIT', identifier: 'MIT' },
        },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
        security: [{ bearer: [] }],
        tags: [...tags, ...workflowTags],
      },
      transform: createJsonSchemaTransform({ zodToJsonConfig }),
      transformObject: createJsonSchemaTransformObject({ zodToJsonConfig }),
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => {
      finished ??= finishDocument(structuredClone(app.swagger()) as Record<string, any>, {
        servers: options.servers,
      });
      return finished;
    });
  },
  { name: 'doanflow-openapi', fastify: '5.x' },
);
