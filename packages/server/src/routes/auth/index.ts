import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ServerError } from '../../errors.ts';
import type { WorkflowRuntime } from '../../runner/contract.ts';
import { loadDirectory } from '../shared/caller-scope.ts';
import { errorResponses } from '../shared/error-schema.ts';

/**
 * Development mode only (registered when dev tokens are on, which configuration refuses in
 * production): mints a token for any person in the directory, so the demo portal can sign in.
 */
export const devTokenRoutes: FastifyPluginAsyncZod<{ runtime: WorkflowRuntime }> = async (
  app,
  { runtime },
) => {
  const mint = app.tokens.mint;
  if (!mint) throw new Error('dev token routes need dev tokens enabled with a secret');

  app.post(
    '/auth/dev-token',
    {
      schema: {
        tags: ['auth'],
        security: [],
        summary: 'DEVELOPMENT ONLY: a token for a demo person',
        body: z.strictObject({ personId: z.string().min(1).max(200) }),
        response: {
          200: z.object({ token: z.string(), expiresAt: z.string(), personId: z.string(), name: z.string() }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => {
      const person = (await loadDirectory(runtime)).person(request.body.personId);
      if (!person) throw new ServerError('NOT_FOUND', 'no such person in the directory', {});
      return { ...(await mint(person.id)), personId: person.id, name: person.name };
    },
  );
};
