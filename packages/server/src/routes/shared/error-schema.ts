import { z } from 'zod';

/** The one JSON shape every refusal and failure leaves in. */
export const errorSchema = z
  .object({
    code: z.string().describe('Stable error code (BAD_REQUEST, EVENT_NOT_ALLOWED, …)'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof errorSchema>;

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 416 | 422 | 428 | 429 | 500 | 503;

/** Documents the error statuses a route may answer with, all in the one shape. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]): Record<S, typeof errorSchema> {
  // Any route may be rate limited or fail unexpectedly.
  const common: ErrorStatus[] = [429, 500];
  const all = new Set<ErrorStatus>([...statuses, ...common]);
  return Object.fromEntries([...all].map((status) => [status, errorSchema])) as Record<S, typeof errorSchema>;
}
