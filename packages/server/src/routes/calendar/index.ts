import { holidayNoticeInputSchema } from '@doanflow/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../../plugins/auth.ts';
import type { WorkflowRuntime } from '../../runner/contract.ts';
import { requireAdmin, type AdminPolicy } from '../shared/caller-scope.ts';
import { errorResponses } from '../shared/error-schema.ts';
import { calendarYearSchema, holidayNoticeSchema } from '@doanflow/client/contract';

const yearParams = z.object({
  year: z.coerce.number().int().min(2000).max(2100).describe('The solar year, e.g. 2027'),
});

const ADMIN_TASK =
  'A directory administrator loads each year’s notice once the government publishes it (usually in ' +
  'the autumn before): every day off (bridge and compensating days included) and every weekend day ' +
  'worked in exchange, grouped by holiday. A later correction or an approved swap is loaded the same ' +
  'way and becomes the next version. Holidays the notice does not list keep their statutory ' +
  'estimate (Labour Code 2019 art. 112, lunar dates at UTC+7) and stay provisional. Pending ' +
  'deadlines counted in working days under the previous version are counted again at once.';

/**
 * The working-day calendar: any signed-in caller reads a year (the widgets count working days with
 * it); directory administrators load the government's yearly notices.
 */
export const calendarRoutes: FastifyPluginAsyncZod<{
  runtime: WorkflowRuntime;
  adminPolicy: AdminPolicy;
}> = async (app, { runtime, adminPolicy }) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/calendar/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: 'A year’s days off and make-up working days',
        description:
          'The notice in force (or at `at`), with each holiday marked provisional when it is the ' +
          'statutory estimate rather than published. Years without a notice are fully provisional.',
        params: yearParams,
        querystring: z.object({
          at: z.iso.datetime({ offset: true }).optional().describe('The calendar as it stood then'),
        }),
        response: { 200: calendarYearSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) =>
      runtime.calendarYear(request.params.year, request.query.at ? new Date(request.query.at) : undefined),
  );

  app.get(
    '/calendar/:year/notices',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Every version of a year’s notice, oldest first',
        description:
          'The history: each version with when it took effect. A timer records the version it was counted under.',
        params: yearParams,
        response: { 200: z.object({ items: z.array(holidayNoticeSchema) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => ({ items: await runtime.holidayNotices(request.params.year) }),
  );

  app.put(
    '/calendar/:year',
    {
      // Checked before the body is parsed or validated: a refused caller learns nothing of the schema.
      onRequest: async (request) => requireAdmin(runtime, principalOf(request), adminPolicy),
      schema: {
        tags: ['calendar'],
        summary: 'Load the year’s holiday notice (directory administrators)',
        description:
          `${ADMIN_TASK} A notice that is not valid is refused with 400 INVALID_CALENDAR listing ` +
          'every issue (date outside the year, a day listed twice, a make-up day not on a weekend ' +
          'or not replacing a listed weekday off, a statutory holiday without its own day, an ' +
          'unnamed extra day); nothing is written.',
        params: yearParams,
        body: holidayNoticeInputSchema,
        response: {
          200: z.object({
            calendar: calendarYearSchema,
            timersRecounted: z.number().int().describe('Pending working-day timers counted again'),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => runtime.publishHolidayNotice(request.params.year, request.body, principalOf(request)),
  );
};
