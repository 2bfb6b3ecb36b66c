/**
 * What the routes' schemas cannot say, added to the generated document: response descriptions,
 * response headers (ETag, Location, Retry-After, rate limits), the 415 of every body, servers.
 */

type Json = Record<string, any>;

const errorRef = { $ref: '#/components/schemas/Error' };

const statusDescriptions: Record<string, string> = {
  '200': 'Success',
  '201': 'Created; Location names the new resource',
  '204': 'Done; no content',
  '206': 'Part of the content (Range)',
  '400':
    'The request is not valid: BAD_REQUEST (schema; details.issues), INVALID_INPUT, INVALID_PAYLOAD, UNKNOWN_EVENT, …',
  '401': 'No valid bearer token (UNAUTHENTICATED)',
  '403': 'Not allowed for the caller: FORBIDDEN, or EVENT_NOT_ALLOWED with its reason',
  '404': 'Not found, or outside the caller’s scope (NOT_FOUND, UNKNOWN_WORKFLOW, UNKNOWN_VERSION)',
  '409': 'Conflict: STALE_REVISION (details.currentRevision), or EVENT_NOT_ALLOWED in this state',
  '413': 'The body or file is too large',
  '415': 'The body is not of a type this operation takes (UNSUPPORTED_MEDIA_TYPE)',
  '416': 'The range cannot be satisfied (RANGE_NOT_SATISFIABLE)',
  '422':
    'Understood but refused: a guard, missing documents, or an Idempotency-Key reused for another request',
  '429': 'Too many requests (RATE_LIMITED): wait Retry-After seconds',
  '500': 'Unexpected failure (INTERNAL); nothing more is told',
  '503': 'Temporarily unavailable (UNAVAILABLE): retry after Retry-After with the same Idempotency-Key',
};

const headers: Json = {
  ETag: {
    description: 'The instance’s revision as an entity tag ("7"): send it back in If-Match',
    schema: { type: 'string' },
  },
  Location: { description: 'The URL of the created resource', schema: { type: 'string' } },
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } },
  'X-RateLimit-Limit': { description: 'Requests allowed per window', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in this window', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
};

const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });
const rateLimit = {
  'X-RateLimit-Limit': ref('X-RateLimit-Limit'),
  'X-RateLimit-Remaining': ref('X-RateLimit-Remaining'),
  'X-RateLimit-Reset': ref('X-RateLimit-Reset'),
};

const returnsInstance = (response: Json) => {
  const schema = response['content']?.['application/json']?.['schema'];
  if (!schema) return false;
  if (schema['$ref'] === '#/components/schemas/Instance') return true;
  // A workflow's own routes: the instance with its workflow id as a constant.
  const properties = schema['properties'] ?? {};
  return 'allowedEvents' in properties && 'revision' in properties;
};

export interface FinishOptions {
  servers?: { url: string; description?: string }[];
}

/** Names of the schema components a value refers to. */
function referenced(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) referenced(item, into);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith('#/components/schemas/')) {
        into.add(child.slice('#/components/schemas/'.length));
      } else referenced(child, into);
    }
  }
  return into;
}

/**
 * Drops the schema components nothing refers to (the zod registry holds every schema with an id,
 * in both its input and output forms; most are used in one form only).
 */
function pruneSchemas(document: Json) {
  const schemas: Json = document['components']?.['schemas'] ?? {};
  const keep = referenced(document['paths'], new Set());
  for (let grown = true; grown;) {
    const before = keep.size;
    for (const name of Array.from(keep)) referenced(schemas[name], keep);
    grown = keep.size > before;
  }
  for (const name of Object.keys(schemas)) if (!keep.has(name)) delete schemas[name];
}

export function finishDocument(document: Json, options: FinishOptions = {}): Json {
  document['servers'] = options.servers ?? [{ url: '/', description: 'This server' }];
  // The live stream's messages carry ChangeEvents: said where the stream is documented.
  const stream =
    document['paths']?.['/events']?.['get']?.['responses']?.['200']?.['content']?.['text/event-stream'];
  if (stream) {
    stream['schema'] = {
      type: 'string',
      description: 'Server-Sent Events; the data of each `change` message is a ChangeEvent (JSON)',
      contentMediaType: 'text/event-stream',
      contentSchema: { $ref: '#/components/schemas/ChangeEvent' },
    };
  }
  pruneSchemas(document);
  document['components'] = { ...document['components'], headers };
  for (const methods of Object.values<Json>(document['paths'] ?? {})) {
    for (const operation of Object.values<Json>(methods)) {
      const responses: Json = operation['responses'] ?? {};
      if (operation['requestBody'] && !responses['415']) {
        responses['415'] = { description: '', content: { 'application/json': { schema: errorRef } } };
      }
      for (const [status, response] of Object.entries<Json>(responses)) {
        if (!response['description'] || response['description'] === 'Default Response') {
          response['description'] = statusDescriptions[status] ?? 'Answer';
        }
        const added: Json = { ...rateLimit };
        if (status === '429' || status === '503') added['Retry-After'] = ref('Retry-After');
        if (status.startsWith('2') && returnsInstance(response)) added['ETag'] = ref('ETag');
        if (status === '201') added['Location'] = ref('Location');
        response['headers'] = { ...response['headers'], ...added };
      }
      operation['responses'] = responses;
    }
  }
  return document;
}
