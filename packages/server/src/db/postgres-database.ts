import { Client, escapeIdentifier, type Pool, type PoolClient } from 'pg';
import { asUnavailable, type Database, type Query } from './database.ts';

/** A Database on a `pg` pool (the one MikroORM created, shared with the ORM). */
export function postgresDatabase(
  pool: Pool,
  options: { schema: string; connectionString: string; close: () => Promise<void> },
): Database {
  const run =
    (client: Pool | PoolClient): Query =>
    async <Row>(sql: string, params: unknown[] = []) => {
      try {
        return (await client.query(sql, params)).rows as Row[];
      } catch (error) {
        throw asUnavailable(error);
      }
    };
  return {
    kind: 'postgresql',
    schema: options.schema,
    query: run(pool),
    async transaction(work) {
      let client: PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw asUnavailable(error);
      }
      let broken = false;
      try {
        const query = run(client);
        await query('begin');
        const result = await work(query);
        await query('commit');
        return result;
      } catch (error) {
        try {
          await client.query('rollback');
        } catch {
          broken = true;
        }
        throw asUnavailable(error);
      } finally {
        client.release(broken);
      }
    },
    async listen(channel, onMessage) {
      const client = new Client({ connectionString: options.connectionString });
      client.on('error', () => {});
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel === channel && message.payload) onMessage(message.payload);
      });
      await client.query(`listen ${escapeIdentifier(channel)}`);
      return async () => {
        await client.end().catch(() => {});
      };
    },
    close: options.close,
  };
}
