import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { PostgresWebhookStore } from '../../src/persistence/webhook-store.ts';
import { DATABASE_URL, dropSchema, uniqueName } from './support.ts';

const schema = uniqueName('rt_migrations');
afterAll(() => dropSchema(schema));

/** A database in `schemaName` with no migration applied, and its migrator (up to a name, or all). */
async function unmigrated(schemaName: string) {
  const { db, orm } = await openDatabase({ databaseUrl: DATABASE_URL, schema: schemaName, migrate: false });
  const migrator = orm.migrator as unknown as { up(options?: { to: string }): Promise<unknown> };
  return { db, migrator };
}

describe('migrations', () => {
  it('turns existing webhook topics from jsonb into text[] and keeps them', async () => {
    const { db, migrator } = await unmigrated(schema);
    try {
      await migrator.up({ to: 'Migration20261101000000_initial' });
      await db.query(
        `insert into webhooks (id, url, secret, topics, description, active, created_at)
         values ('w-1', 'https://portal.example.vn/hook', 'a-secret-of-sixteen+', '["instance.changed","notify"]', null, true, now()),
                ('w-2', 'https://portal.example.vn/all', 'a-secret-of-sixteen+', '[]', 'every topic', true, now())`,
      );
      await migrator.up();
      const store = new PostgresWebhookStore(db);
      const listed = await store.list();
      expect(listed.map((webhook) => [webhook.id, webhook.topics, webhook.description])).toEqual([
        ['w-1', ['instance.changed', 'notify'], null],
        ['w-2', [], 'every topic'],
      ]);
      const added = await store.add({
        url: 'https://portal.example.vn/new',
        secret: 's'.repeat(20),
        topics: [],
      });
      expect(added.topics).toEqual([]);
      expect(await store.remove(added.id)).toBe(true);
      expect(await store.remove(added.id)).toBe(false);
    } finally {
      await db.close();
    }
  });
});

describe('Migration20261203000000_instance_participants', () => {
  const participantsSchema = uniqueName('rt_participants');
  afterAll(() => dropSchema(participantsSchema));

  it('fills in the subject and every actor of the active instances from their history', async () => {
    const { db, migrator } = await unmigrated(participantsSchema);
    try {
      await migrator.up({ to: 'Migration20261125000100_tasks_autovacuum' });
      for (const [id, status] of [
        ['i-active', 'active'],
        ['i-done', 'done'],
      ]) {
        await db.query(
          `insert into instances (id, workflow_id, version, state, status, org_unit_id, unit_ids, subject_person_id,
             snapshot, revision, last_hash, created_at, updated_at)
           values ($1, 'member-transfer', 1, 's', $2, null, '[]', 'p-an', '{}', 3, 'h', now(), now())`,
          [id, status],
        );
        for (const [seq, actor] of [
          [0, 'p-an'],
          [1, 'p-binh'],
          [2, null],
        ] as const) {
          await db.query(
            `insert into history (instance_id, seq, type, actor_person_id, actor_role, acting, to_state, at, hash)
             values ($1, $2, 'E', $3, 'r', 'self', 's', now(), 'h')`,
            [id, seq, actor],
          );
        }
      }
      await migrator.up();
      const rows = await db.query<{ id: string; participant_ids: string[] }>(
        'select id, participant_ids from instances order by id',
      );
      expect(rows).toEqual([
        { id: 'i-active', participant_ids: ['p-an', 'p-binh'] },
        // A finished instance changes no more: nothing to follow.
        { id: 'i-done', participant_ids: [] },
      ]);
    } finally {
      await db.close();
    }
  });
});

describe('Migration20261219000000_instance_updates_in_place', () => {
  const inPlaceSchema = uniqueName('rt_in_place_migration');
  afterAll(() => dropSchema(inPlaceSchema));

  /** A row as a release that writes whole rows inserts it (jsonb_populate_recordset, no participants). */
  const insertRow = (
    db: { query: (sql: string, params: unknown[]) => Promise<unknown> },
    id: string,
    workflowId: string,
  ) =>
    db.query(`insert into instances select * from jsonb_populate_recordset(null::instances, $1::jsonb)`, [
      JSON.stringify([
        {
          id,
          workflow_id: workflowId,
          version: 2,
          state: 'draft',
          status: 'active',
          unit_ids: [],
          snapshot: { machine: { context: { campaignId: `round-of-${id}` } } },
          revision: 1,
          last_hash: 'h',
          created_at: '2026-03-02T02:00:00Z',
          updated_at: '2026-03-02T02:00:00Z',
        },
      ]),
    ]);

  it("gives existing and new nominations their round's column and lists rows without participants", async () => {
    const { db, migrator } = await unmigrated(inPlaceSchema);
    try {
      await migrator.up({ to: 'Migration20261218000000_drop_history_report_index' });
      await insertRow(db, 'n-before', 'award-nomination');
      await insertRow(db, 't-before', 'member-transfer');
      await migrator.up();
      await insertRow(db, 'n-after', 'award-nomination');
      await insertRow(db, 't-after', 'member-transfer');
      expect(await db.query('select id, campaign_id, participant_ids from instances order by id')).toEqual([
        { id: 'n-after', campaign_id: 'round-of-n-after', participant_ids: null },
        { id: 'n-before', campaign_id: 'round-of-n-before', participant_ids: null },
        // Only a nomination has a round, whatever its snapshot holds.
        { id: 't-after', campaign_id: null, participant_ids: null },
        { id: 't-before', campaign_id: null, participant_ids: null },
      ]);
      expect(await db.query('select instance_id from unset_participants order by 1')).toEqual(
        ['n-after', 'n-before', 't-after', 't-before'].map((instance_id) => ({ instance_id })),
      );
      const indexes = await db.query<{ indexname: string }>(
        `select indexname from pg_indexes where schemaname = $1 and tablename = 'instances' order by 1`,
        [inPlaceSchema],
      );
      // No index reads a column every step changes (snapshot, updated_at, participant_ids).
      expect(indexes.map((index) => index.indexname)).toEqual([
        'instances_campaign_index',
        'instances_pkey',
        'instances_status_workflow_id_index',
        'instances_unit_workflow_index',
      ]);
    } finally {
      await db.close();
    }
  });
});
