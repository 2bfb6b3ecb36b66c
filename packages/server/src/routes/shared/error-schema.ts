import { errorSchema, type ErrorCode } from '@doanflow/client/contract';

export { errorSchema };

/** The error shape as the server builds it (the contract narrows `details` by code). */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 416 | 422 | 428 | 429 | 500 | 503;

/** Documents the error statuses a route may answer with, all in the one shape. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]): Record<S, typeof errorSchema> {
  // Any route may be rate limited or fail unexpectedly.
  const common: ErrorStatus[] = [429, 500];
  const all = new Set<ErrorStatus>([...statuses, ...common]);
  return Object.fromEntries([...all].map((status) => [status, errorSchema])) as Record<S, typeof errorSchema>;
}
