import type { WorkflowRegistry } from '@doanflow/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reportParamsSchema, reportQuerySchema, unitReportSchema } from '@doanflow/client/contract';
import { contentDisposition } from '../../attachments/file-name.ts';
import { ServerError } from '../../errors.ts';
import { principalOf } from '../../plugins/auth.ts';
import { reportCsv } from '../../reports/report-csv.ts';
import { reportFileName, reportSections } from '../../reports/report-sections.ts';
import { reportXlsx } from '../../reports/report-xlsx.ts';
import type { WorkflowRuntime } from '../../runner/contract.ts';
import type { ReportRequest } from '../../runner/reports.ts';
import { errorResponses } from '../shared/error-schema.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A unit's report for a period (issue 14), as JSON for the dashboard and as files officers forward. */
export const reportRoutes: FastifyPluginAsyncZod<{
  runtime: WorkflowRuntime;
  registry: WorkflowRegistry;
}> = async (app, { runtime, registry }) => {
  app.addHook('onRequest', app.authenticate);

  const load = (
    request: { params: { unitId: string }; query: z.output<typeof reportQuerySchema> },
    principal: Parameters<NonNullable<WorkflowRuntime['report']>>[1],
  ) => {
    if (!runtime.report) throw new ServerError('NOT_FOUND', 'this server keeps no reports', {});
    const wanted: ReportRequest = {
      unitId: request.params.unitId,
      subtree: request.query.subtree,
      from: request.query.from,
      to: request.query.to,
    };
    return runtime.report(wanted, principal);
  };
  const schema = {
    tags: ['reports'],
    params: reportParamsSchema,
    querystring: reportQuerySchema,
  };

  app.get(
    '/reports/units/:unitId',
    {
      schema: {
        ...schema,
        summary: 'A unit’s report: open work by step, lead times, ratings, awards, "1+2" days, transfers',
        response: { 200: unitReportSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => load(request, principalOf(request)),
  );

  app.get(
    '/reports/units/:unitId/xlsx',
    {
      schema: {
        ...schema,
        summary: 'The unit’s report as a spreadsheet, one sheet per section (Vietnamese headers)',
        response: {
          200: { description: 'The workbook', content: { [XLSX]: { schema: z.string() } } },
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const report = await load(request, principalOf(request));
      const body = await reportXlsx(reportSections(report, registry));
      return reply
        .type(XLSX)
        .headers({
          'content-disposition': contentDisposition('attachment', reportFileName(report, 'xlsx')),
          'cache-control': 'private, no-store',
        })
        .send(body as unknown as string);
    },
  );

  app.get(
    '/reports/units/:unitId/csv',
    {
      schema: {
        ...schema,
        summary: 'The unit’s report as CSV (UTF-8 with a byte order mark, RFC 4180)',
        response: {
          200: {
            description: 'The sections one after another',
            content: { 'text/csv': { schema: z.string() } },
          },
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const report = await load(request, principalOf(request));
      return reply
        .type('text/csv; charset=utf-8')
        .headers({
          'content-disposition': contentDisposition('attachment', reportFileName(report, 'csv')),
          'cache-control': 'private, no-store',
        })
        .send(reportCsv(reportSections(report, registry)));
    },
  );
};
