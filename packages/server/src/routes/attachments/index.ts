import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../../attachments/file-name.ts';
import type { Dossiers } from '../../attachments/dossiers.ts';
import { etagOf, FILE_CSP, matchesEtag, parseRange, showsInline } from '../../attachments/download.ts';
import { ServerError } from '../../errors.ts';
import { principalOf } from '../../plugins/auth.ts';
import { errorResponses } from '../shared/error-schema.ts';
import { instanceIdParams } from '../instances/schemas.ts';
import { attachmentViewSchema, dossierViewSchema } from '@doanflow/client/contract';
import { attachmentIdParams } from './schemas.ts';

export interface AttachmentRoutesOptions {
  dossiers: Dossiers;
}

/**
 * Documents in: an instance's dossier, uploads (one file per request, streamed, checked by its
 * bytes before it is stored) and downloads (Range, ETag, sandboxed, every one recorded).
 */
export const attachmentRoutes: FastifyPluginAsyncZod<AttachmentRoutesOptions> = async (app, { dossiers }) => {
  app.addHook('onRequest', app.authenticate);
  // Limits per request; the file's own limit (its kind's policy) is applied when it is read.
  // preservePath: the name as sent, so a name with path parts is refused rather than cut silently.
  await app.register(multipart, {
    preservePath: true,
    limits: { files: 1, fields: 0, parts: 2, headerPairs: 50 },
  });

  app.get(
    '/instances/:id/dossier',
    {
      schema: {
        tags: ['attachments'],
        summary: "An instance's documents: the files, the kinds, what the caller may add and must add now",
        params: instanceIdParams,
        response: { 200: dossierViewSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => dossiers.view(request.params.id, principalOf(request)),
  );

  app.post(
    '/instances/:id/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary:
          'Upload one file (multipart/form-data, field "file") of a document kind; an event then brings it into the dossier',
        consumes: ['multipart/form-data'],
        params: instanceIdParams,
        querystring: z.object({ kind: z.string().min(1).max(100) }),
        response: {
          201: attachmentViewSchema,
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const permit = await dossiers.permit(request.params.id, principalOf(request), request.query.kind);
      if (!request.isMultipart()) {
        throw new ServerError('BAD_REQUEST', 'send the file as multipart/form-data', {});
      }
      // One byte over the limit reaches the spooler, which refuses it (busboy would truncate silently).
      const part = await request.file({
        throwFileSizeLimit: false,
        limits: { fileSize: permit.maxBytes + 1 },
      });
      if (!part) throw new ServerError('BAD_REQUEST', 'the request holds no file', {});
      const stored = await dossiers.upload(permit, { stream: part.file, filename: part.filename });
      return reply
        .code(201)
        .header('location', `/attachments/${encodeURIComponent(stored.id)}`)
        .send(stored);
    },
  );

  app.delete(
    '/attachments/:id',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Withdraw one of your uploads that no event has brought into the dossier',
        params: attachmentIdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await dossiers.withdraw(request.params.id, principalOf(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/attachments/:id/content',
    {
      schema: {
        tags: ['attachments'],
        summary:
          'The bytes of an attachment (Range, If-None-Match); PDFs and images inline, the rest as a download',
        params: attachmentIdParams,
        querystring: z.object({ download: z.stringbool().optional() }),
        response: {
          200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string() } } },
          206: {
            description: 'Part of the file',
            content: { 'application/octet-stream': { schema: z.string() } },
          },
          304: z.null().describe('Not modified (If-None-Match)'),
          ...errorResponses(400, 401, 404, 416),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const personId = principal.kind === 'person' ? principal.personId : null;
      const file = await dossiers.readable(request.params.id, principal);
      const etag = etagOf(file.sha256);
      const inline = showsInline(file.media_type) && request.query.download !== true;
      const headers = {
        etag,
        'accept-ranges': 'bytes',
        'cache-control': 'private, no-cache',
        'x-content-type-options': 'nosniff',
        'content-security-policy': FILE_CSP,
        'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', file.name),
      };
      if (matchesEtag(request.headers['if-none-match'], etag)) {
        await dossiers.store.recordDownload(file, personId, 304, null);
        return reply.code(304).headers(headers).send(null);
      }
      const ifRange = request.headers['if-range'];
      const asked = ifRange && ifRange !== etag ? null : parseRange(request.headers.range, file.size);
      if (asked === 'unsatisfiable') {
        reply.header('content-range', `bytes */${file.size}`);
        throw new ServerError('RANGE_NOT_SATISFIABLE', `the file has ${file.size} bytes`, {
          size: file.size,
        });
      }
      const range = asked ?? { start: 0, end: file.size - 1 };
      const status = asked ? 206 : 200;
      await dossiers.store.recordDownload(
        file,
        personId,
        status,
        asked ? `${range.start}-${range.end}` : null,
      );
      const body = await dossiers.store.read(file, range);
      if (asked) reply.header('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
      return (
        reply
          .code(status)
          .headers(headers)
          .type(file.media_type)
          .header('content-length', String(range.end - range.start + 1))
          // A stream is sent as it is, never serialized against the documented schema.
          .send(body as unknown as string)
      );
    },
  );
};
