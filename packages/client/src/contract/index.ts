/**
 * `@doanflow/client/contract`: the wire contract as zod schemas, the one source of the server's
 * route schemas, its OpenAPI document and this client's types.
 */
export { boundedJson, jsonDepth, MAX_JSON_DEPTH } from './bounded-json.ts';
export * from './calendar.ts';
export * from './common.ts';
export * from './definitions.ts';
export * from './delegations.ts';
export * from './dossier.ts';
export * from './errors.ts';
export * from './records.ts';
export * from './requests.ts';
export * from './views.ts';
export * from './reports.ts';
