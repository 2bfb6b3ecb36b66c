import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../../plugins/auth.ts';
import type { WorkflowRuntime } from '../../runner/contract.ts';
import { errorResponses } from '../shared/error-schema.ts';
import { recordPageSchema, recordQuerySchema } from '@doanflow/client/contract';

type RecordReader = Required<Pick<WorkflowRuntime, 'readRecord'>>;

const SCOPE =
  'A person reads their own record; an officer (a secretary, a standing committee, an office; not a plain member, host contact, staff cadre or council member) reads the records of ' +
  'their unit and the units below it, and of the people who belong to them. Anything else answers ' +
  '404, as a unit or person that does not exist does.';

// Drops absent filters so the runtime sees only what the caller asked for.
const filterOf = <T extends object>(query: T): T =>
  Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== '')) as T;

/**
 * Records: the facts that other processes delivered to a unit or a person through links (review
 * results, award decisions, host comments, credited field-visit days), as they were delivered.
 */
export const recordRoutes: FastifyPluginAsyncZod<{ runtime: RecordReader }> = async (app, { runtime }) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/records/units/:unitId',
    {
      schema: {
        tags: ['records'],
        summary: 'A unit’s record: review results, award decisions, its branches’ results',
        description: SCOPE,
        params: z.object({ unitId: z.string().min(1).max(200) }),
        querystring: recordQuerySchema,
        response: { 200: recordPageSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) =>
      runtime.readRecord(
        { kind: 'unit', id: request.params.unitId },
        principalOf(request),
        filterOf(request.query),
      ),
  );

  app.get(
    '/records/people/:personId',
    {
      schema: {
        tags: ['records'],
        summary: 'A person’s record: host comments, awards, credited field-visit days, the year’s result',
        description: SCOPE,
        params: z.object({ personId: z.string().min(1).max(200) }),
        querystring: recordQuerySchema,
        response: { 200: recordPageSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) =>
      runtime.readRecord(
        { kind: 'person', id: request.params.personId },
        principalOf(request),
        filterOf(request.query),
      ),
  );
};
