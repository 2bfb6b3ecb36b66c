import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../../attachments/file-name.ts';
import { etagOf, FILE_CSP, matchesEtag } from '../../attachments/download.ts';
import { ServerError } from '../../errors.ts';
import type { IssuedDocuments } from '../../issued-documents/issued-documents.ts';
import { WindowCounter, type HitCounter } from '../../issued-documents/window-counter.ts';
import { notFoundPage, verifyPage } from '../../issued-documents/verify-page.ts';
import { principalOf } from '../../plugins/auth.ts';
import { errorResponses } from '../shared/error-schema.ts';
import { instanceIdParams } from '../instances/schemas.ts';

export interface IssuedDocumentRoutesOptions {
  documents: IssuedDocuments;
  /** Verify-page requests per address and minute (default 30): codes cannot be tried in bulk. */
  verifyPerMinute?: number;
  /** Where the hits are counted (default: in this process). */
  verifyLimiter?: HitCounter;
}

export const DEFAULT_VERIFY_PER_MINUTE = 30;

const documentView = z.object({
  id: z.string(),
  instanceId: z.string(),
  seq: z.number().int(),
  kind: z.string(),
  number: z.string(),
  code: z.string(),
  issuedOn: z.string(),
  issuingUnit: z.string(),
  signerName: z.string(),
  signerTitle: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  status: z.enum(['current', 'expired', 'revoked']),
  validUntil: z.string().nullable(),
  href: z.string(),
  verifyHref: z.string(),
});

/** Officers' routes: an instance's issued documents and their PDFs, for who may read the instance. */
export const issuedDocumentRoutes: FastifyPluginAsyncZod<IssuedDocumentRoutesOptions> = async (
  app,
  { documents },
) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/instances/:id/issued-documents',
    {
      schema: {
        tags: ['issued documents'],
        summary: 'The official documents an instance issued (number, signer, digest, status)',
        params: instanceIdParams,
        response: { 200: z.array(documentView), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => documents.ofInstance(request.params.id, principalOf(request)),
  );

  app.get(
    '/issued-documents/:id/pdf',
    {
      schema: {
        tags: ['issued documents'],
        summary: 'The issued PDF, exactly as its digest in the history says',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: {
          200: { description: 'The PDF', content: { 'application/pdf': { schema: z.string() } } },
          304: z.null().describe('Not modified (If-None-Match)'),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const { view, body } = await documents.readable(request.params.id, principalOf(request));
      const etag = etagOf(view.sha256);
      reply.headers({
        etag,
        'cache-control': 'private, no-cache',
        'x-content-type-options': 'nosniff',
        'content-security-policy': FILE_CSP,
        'content-disposition': contentDisposition('inline', `${view.number.replaceAll('/', '_')}.pdf`),
      });
      if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
      return reply
        .type('application/pdf')
        .header('content-length', String(view.size))
        .send((await body()) as unknown as string);
    },
  );
};

/** The public page a printed QR code leads to: no sign-in, rate-limited per address. */
export const verifyRoutes: FastifyPluginAsyncZod<IssuedDocumentRoutesOptions> = async (
  app,
  { documents, verifyPerMinute = DEFAULT_VERIFY_PER_MINUTE, verifyLimiter },
) => {
  // Its own window per address, on top of the server-wide limit (whose hook has already run for
  // this request, so a second @fastify/rate-limit hook would be skipped).
  const perAddress = verifyLimiter ?? new WindowCounter(verifyPerMinute, 60_000);
  const limit = async (request: FastifyRequest) => {
    const retryAfter = await perAddress.hit(request.ip, Date.now());
    if (retryAfter > 0) {
      throw new ServerError('RATE_LIMITED', `too many verifications: retry in ${retryAfter} s`, {
        limit: verifyPerMinute,
        retryAfter: `${retryAfter} s`,
      });
    }
  };
  app.get(
    '/verify/:code',
    {
      onRequest: limit,
      schema: {
        tags: ['issued documents'],
        summary: 'Public check of a printed document: number, date, issuer, signer, SHA-256, status',
        params: z.object({ code: z.string().min(1).max(40) }),
        response: {
          200: { description: 'The verification page', content: { 'text/html': { schema: z.string() } } },
          404: { description: 'No document has this code', content: { 'text/html': { schema: z.string() } } },
        },
      },
    },
    async (request, reply) => {
      const found = await documents.verify(request.params.code);
      reply.headers({
        'cache-control': 'no-store',
        'x-robots-tag': 'noindex',
        'referrer-policy': 'no-referrer',
      });
      if (!found) return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage());
      return reply.type('text/html; charset=utf-8').send(verifyPage(found));
    },
  );
};
