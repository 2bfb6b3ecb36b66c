import { localDate, vietnamCalendar, type OrgDirectory, type WorkflowRegistry } from '@doanflow/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ServerError } from '../../errors.ts';
import type { WorkflowRuntime } from '../../runner/contract.ts';
import { loadDirectory } from '../shared/caller-scope.ts';
import { canonicalAddress } from '../../webhooks/target-guard.ts';
import { errorResponses } from '../shared/error-schema.ts';

const demoPerson = z.object({
  id: z.string(),
  name: z.string(),
  memberOf: z.object({ id: z.string(), name: z.string() }).nullable(),
  roles: z.array(
    z.object({ role: z.string(), unitId: z.string(), unitName: z.string(), deputy: z.boolean() }),
  ),
  /** Workflows whose start rules name a role this person holds (the unit is checked at start). */
  mayStart: z.array(z.string()),
});

type DemoPerson = z.infer<typeof demoPerson>;

function describePerson(
  directory: OrgDirectory,
  registry: WorkflowRegistry,
  personId: string,
  on: string,
): DemoPerson | null {
  const person = directory.person(personId);
  if (!person) return null;
  const unitName = (unitId: string) => directory.resolveUnit(unitId, on)?.name ?? unitId;
  const bindings = directory.bindingsOf(person.id, on);
  const held = new Set(bindings.map((binding) => binding.role));
  const mayStart = registry
    .latest()
    .filter((definition) =>
      definition.start.some((rule) => (rule.subjectOnly ? Boolean(person.memberOf) : held.has(rule.role))),
    )
    .map((definition) => definition.id);
  return {
    id: person.id,
    name: person.name,
    memberOf: person.memberOf ? { id: person.memberOf, name: unitName(person.memberOf) } : null,
    roles: bindings.map((binding) => ({
      role: binding.role,
      unitId: binding.unitId,
      unitName: unitName(binding.unitId),
      deputy: binding.deputy ?? false,
    })),
    mayStart,
  };
}

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'];

const isLoopback = (address: string | undefined) => {
  const canonical = address ? canonicalAddress(address) : null;
  return (
    canonical !== null &&
    (canonical.family === 'ipv4' ? canonical.address.startsWith('127.') : canonical.address === '::1')
  );
};

/**
 * Development mode only (registered when dev tokens are on, which configuration refuses in
 * production): mints a token for any person in the directory, so the demo portal can sign in, and
 * lists the people one may sign in as. Neither reveals more than minting already allows.
 */
export const devTokenRoutes: FastifyPluginAsyncZod<{
  runtime: WorkflowRuntime;
  registry: WorkflowRegistry;
}> = async (app, { runtime, registry }) => {
  const mint = app.tokens.mint;
  if (!mint) throw new Error('dev token routes need dev tokens enabled with a secret');

  // Only a browser on this machine: the peer is loopback and nothing forwarded the request. A proxy
  // on the same host connects from loopback too, but says so in its forwarding headers.
  app.addHook('onRequest', async (request) => {
    const forwarded = FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined);
    if (forwarded || !isLoopback(request.socket.remoteAddress) || !isLoopback(request.ip)) {
      throw new ServerError('FORBIDDEN', 'dev tokens are given only to a browser on the server itself', {
        reason: 'not_loopback',
      });
    }
  });

  app.post(
    '/auth/dev-token',
    {
      schema: {
        tags: ['auth'],
        security: [],
        summary: 'DEVELOPMENT ONLY: a token for a demo person',
        body: z.strictObject({ personId: z.string().min(1).max(200) }),
        response: {
          200: z.object({ token: z.string(), expiresAt: z.string(), personId: z.string(), name: z.string() }),
          ...errorResponses(400, 403, 404),
        },
      },
    },
    async (request) => {
      const person = (await loadDirectory(runtime)).person(request.body.personId);
      if (!person) throw new ServerError('NOT_FOUND', 'no such person in the directory', {});
      return { ...(await mint(person.id)), personId: person.id, name: person.name };
    },
  );

  app.get(
    '/auth/dev-people',
    {
      schema: {
        tags: ['auth'],
        security: [],
        summary: 'DEVELOPMENT ONLY: the people a demo visitor may sign in as, with their roles today',
        response: { 200: z.object({ items: z.array(demoPerson) }), ...errorResponses(403) },
      },
    },
    async () => {
      const directory = await loadDirectory(runtime);
      const on = localDate(new Date(), vietnamCalendar);
      const items = directory.data.people
        .map((person) => describePerson(directory, registry, person.id, on))
        .filter((person): person is DemoPerson => person !== null);
      return { items };
    },
  );
};
