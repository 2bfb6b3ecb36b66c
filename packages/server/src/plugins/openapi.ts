import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { SERVER_VERSION } from '../version.ts';

/**
 * The OpenAPI 3.1 document, generated from the routes' zod schemas, at GET /openapi.json, and a UI at
 * /docs. Registered before the routes: @fastify/swagger collects them as they are added.
 */
export const openapiPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'doanflow',
          description:
            'Workflow engine for the Ho Chi Minh Communist Youth Union: start and drive approval ' +
            'processes, officers’ inboxes, live changes. Errors are always { code, message, details }.',
          version: SERVER_VERSION,
        },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
        security: [{ bearer: [] }],
        tags: [
          { name: 'definitions' },
          { name: 'instances' },
          { name: 'inbox' },
          { name: 'events' },
          { name: 'directory' },
          {
            name: 'calendar',
            description:
              'Working days: weekends, the government’s yearly holiday notices (loaded by directory ' +
              'administrators, versioned), and the Labour Code’s days as a provisional estimate',
          },
          { name: 'webhooks' },
          { name: 'health' },
          { name: 'auth', description: 'Development mode only' },
        ],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'doanflow-openapi', fastify: '5.x' },
);
