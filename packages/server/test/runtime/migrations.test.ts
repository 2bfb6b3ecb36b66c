import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { PostgresWebhookStore } from '../../src/persistence/webhook-store.ts';
import { DATABASE_URL, dropSchema, uniqueName } from './support.ts';

const schema = uniqueName('rt_migrations');
afterAll(() => dropSchema(schema));

describe('migrations', () => {
  it('turns existing webhook topics from jsonb into text[] and keeps them', async () => {
    const { db, orm } = await openDatabase({ databaseUrl: DATABASE_URL, schema, migrate: false });
    try {
      const migrator = orm.migrator as unknown as {
        up(options?: { to: string }): Promise<unknown>;
      };
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
