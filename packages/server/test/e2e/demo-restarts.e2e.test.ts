import { Client } from 'pg';
import { unionWorkflows } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { createChaosDatabase, type ChaosDatabase } from '../chaos/database.ts';
import { freePort, scratchDir, ServerProcess } from '../chaos/processes.ts';
import { dropSchema, openRuntime } from '../runtime/support.ts';
import { REDIS_URL, uniqueName } from './support.ts';

/**
 * The demo server as `pnpm start` runs it, killed with SIGKILL in the middle of seeding, then
 * started twice more (stopped gracefully in between): one demo set, whatever happened.
 */
let database: ChaosDatabase;
let server: ServerProcess;
const scratch = scratchDir();
/** Instances per workflow of one complete set, seeded in-process on a schema of its own. */
const oneSet = new Map<string, number>();

beforeAll(async () => {
  database = await createChaosDatabase('demo');
  server = new ServerProcess(
    {
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      port: await freePort(),
      fromSource: true,
      // The demo seeds today's charts (v2): none held back, unlike the chaos servers' default.
      extra: { DOANFLOW_DEMO: '1', BULLMQ_PREFIX: uniqueName('dfdemo'), WORKFLOW_VERSIONS_UP_TO: '' },
    },
    `${scratch.path}/server.log`,
  );
  const schema = uniqueName('rt_demo_ref');
  const reference = await openRuntime({ schema, clock: { now: () => new Date() } });
  try {
    await seedDemo(reference);
    const rows = await reference.db.query<{ workflow_id: string; n: string }>(
      'select workflow_id, count(*) as n from instances group by workflow_id',
    );
    for (const row of rows) oneSet.set(row.workflow_id, Number(row.n));
  } finally {
    await reference.close();
    await dropSchema(schema);
  }
}, 60_000);
afterAll(async () => {
  await server?.kill();
  await database?.drop();
  scratch.dispose();
});

/** Resolves at the first instance change the server announces (NOTIFY after each committed command). */
async function firstCommit(): Promise<{ done: Promise<void>; close(): Promise<void> }> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  await client.query('listen doanflow_public');
  const done = new Promise<void>((resolve) =>
    client.on('notification', (message) => {
      if (message.payload && 'change' in JSON.parse(message.payload)) resolve();
    }),
  );
  return { done, close: () => client.end() };
}

async function counts() {
  const { db, close } = await database.verifier();
  try {
    const perWorkflow = await db.query<{ workflow_id: string; n: string }>(
      'select workflow_id, count(*) as n from instances group by workflow_id',
    );
    const [markers] = await db.query<{ n: string }>('select count(*) as n from demo_seeds');
    const [orphans] = await db.query<{ n: string }>(
      'select count(*) as n from history h where not exists (select 1 from instances i where i.id = h.instance_id)',
    );
    return {
      perWorkflow: new Map(perWorkflow.map((row) => [row.workflow_id, Number(row.n)])),
      markers: Number(markers!.n),
      orphans: Number(orphans!.n),
    };
  } finally {
    await close();
  }
}

/** One demo set per workflow, whatever number of its versions are registered. */
const workflowCount = new Set(unionWorkflows.map((definition) => definition.id)).size;

describe('demo seeding across restarts', () => {
  it('leaves exactly one demo set after a SIGKILL mid-seed and two more starts', async () => {
    expect(oneSet.size).toBe(workflowCount);
    const listening = await firstCommit();
    const starting = server.start().catch(() => {});
    await listening.done;
    await server.kill();
    await starting;
    await listening.close();
    const killed = await counts();
    // The kill came in the middle: some workflow has instances but not all sets are marked complete.
    expect(killed.markers).toBeLessThan(workflowCount);
    expect([...killed.perWorkflow.values()].reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);

    for (let start = 0; start < 2; start += 1) {
      await server.start();
      await server.stop();
      const after = await counts();
      expect({ start, ...after }).toEqual({
        start,
        perWorkflow: oneSet,
        markers: workflowCount,
        orphans: 0,
      });
    }
    expect(server.tail(200)).not.toMatch(/"level":50/);
  }, 120_000);
});
