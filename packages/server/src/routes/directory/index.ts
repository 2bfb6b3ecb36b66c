import { directoryDataSchema } from '@doanflow/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../../plugins/auth.ts';
import type { WorkflowRuntime } from '../../runner/contract.ts';
import { requireAdmin, type AdminPolicy } from '../shared/caller-scope.ts';
import { errorResponses } from '../shared/error-schema.ts';

// A province's directory (thousands of people and bindings) is larger than an ordinary request.
const DIRECTORY_BODY_LIMIT = 16 * 1024 * 1024;

const importResult = z.object({
  units: z.number().int(),
  people: z.number().int(),
  bindings: z.number().int(),
  tasksRerouted: z.number().int(),
});

/**
 * The org directory (units, people, role bindings, with effective dates). Reading and writing it is
 * for directory administrators only (see AdminPolicy): it names every officer.
 */
export const directoryRoutes: FastifyPluginAsyncZod<{
  runtime: WorkflowRuntime;
  adminPolicy: AdminPolicy;
}> = async (app, { runtime, adminPolicy }) => {
  app.addHook('onRequest', app.authenticate);
  // Checked before the body is parsed or validated: a refused caller learns nothing about the schema.
  app.addHook('onRequest', async (request) => requireAdmin(runtime, principalOf(request), adminPolicy));

  app.get(
    '/directory',
    {
      schema: {
        tags: ['directory'],
        summary: 'The whole directory',
        response: { 200: directoryDataSchema, ...errorResponses(401, 403) },
      },
    },
    async () => runtime.directory(),
  );

  app.put(
    '/directory',
    {
      bodyLimit: DIRECTORY_BODY_LIMIT,
      schema: {
        tags: ['directory'],
        summary: 'Replace the directory; open tasks are rerouted',
        body: directoryDataSchema,
        response: { 200: importResult, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => runtime.importDirectory(request.body, 'replace'),
  );

  app.post(
    '/directory/import',
    {
      bodyLimit: DIRECTORY_BODY_LIMIT,
      schema: {
        tags: ['directory'],
        summary: 'Merge records into the directory (effective-dated)',
        body: directoryDataSchema,
        response: { 200: importResult, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => runtime.importDirectory(request.body, 'merge'),
  );
};
