import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  delegationListQuerySchema,
  delegationListSchema,
  delegationRequestSchema,
  delegationViewSchema,
} from '@doanflow/client/contract';
import type { DelegationStore } from '../../delegations/delegation-store.ts';
import { ServerError } from '../../errors.ts';
import { principalOf } from '../../plugins/auth.ts';
import type { WorkflowRuntime } from '../../runner/contract.ts';
import { requireAdmin, type AdminPolicy } from '../shared/caller-scope.ts';
import { errorResponses } from '../shared/error-schema.ts';

const idParams = z.object({ id: z.string().min(1).max(200) });

/**
 * Ủy quyền: a role holder delegates it for dated days to a person the policy allows, lists and
 * revokes; a unit's officers (and those above it) and administrators list a unit's delegations.
 */
export const delegationRoutes: FastifyPluginAsyncZod<{
  runtime: WorkflowRuntime;
  adminPolicy: AdminPolicy;
}> = async (app, { runtime, adminPolicy }) => {
  app.addHook('onRequest', app.authenticate);
  // A runtime without storage (an engine-only test double) documents the routes and answers 404.
  const stored = (): DelegationStore => {
    if (!runtime.delegations) throw new ServerError('NOT_FOUND', 'this server stores no delegations', {});
    return runtime.delegations;
  };
  const isAdmin = (request: Parameters<typeof principalOf>[0]) => async () => {
    try {
      await requireAdmin(runtime, principalOf(request), adminPolicy);
      return true;
    } catch {
      return false;
    }
  };

  app.post(
    '/delegations',
    {
      schema: {
        tags: ['delegations'],
        summary: 'Delegate a role you hold, for dated days, to a person the policy allows',
        description:
          'By default a Bí thư delegates to a Phó Bí thư of the same unit. While in force the delegate ' +
          'sees the role’s tasks in their inbox and decides on your behalf; history records both, and a ' +
          'signing step is signed "KT." in the delegate’s office. Refused with SELF_DELEGATION, ' +
          'DELEGATE_NOT_IN_DIRECTORY, DELEGATION_PERIOD_INVALID (400), NOT_ROLE_HOLDER, ' +
          'DELEGATION_NOT_ALLOWED (403) or DELEGATION_OVERLAPS (409); nothing is written then.',
        body: delegationRequestSchema,
        response: { 201: delegationViewSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await stored().create(principalOf(request), request.body)),
  );

  app.get(
    '/delegations',
    {
      schema: {
        tags: ['delegations'],
        summary: 'Your delegations (given and received), or a unit’s',
        querystring: delegationListQuerySchema,
        response: { 200: delegationListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      items: await stored().list(principalOf(request), request.query.unitId, isAdmin(request)),
    }),
  );

  app.post(
    '/delegations/:id/revoke',
    {
      schema: {
        tags: ['delegations'],
        summary: 'Revoke a delegation at once (its holder or an administrator)',
        params: idParams,
        response: { 200: delegationViewSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => stored().revoke(request.params.id, principalOf(request), isAdmin(request)),
  );
};
