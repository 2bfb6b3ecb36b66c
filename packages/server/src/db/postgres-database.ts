import { Client, escapeIdentifier, type Pool, type PoolClient } from 'pg';
import { asUnavailable, type Database, type Query } from './database.ts';

/** Backoff for re-establishing a lost LISTEN connection. */
const RELISTEN_FIRST_MS = 250;
const RELISTEN_MAX_MS = 5_000;

/** A Database on a `pg` pool (the one MikroORM created, shared with the ORM). */
export function postgresDatabase(
  pool: Pool,
  options: { schema: string; connectionString: string; close: () => Promise<void> },
): Database {
  const run =
    (client: Pool | PoolClient): Query =>
    async <Row>(sql: string, params: unknown[] = [], name?: string) => {
      try {
        return (await client.query({ text: sql, values: params, name })).rows as Row[];
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
    async listen(channel, onMessage, onRestored) {
      let client: Client | null = null;
      let stopped = false;
      let retry: NodeJS.Timeout | null = null;
      const open = async (): Promise<Client> => {
        const next = new Client({ connectionString: options.connectionString });
        next.on('error', () => {});
        next.on('notification', (message) => {
          if (message.channel === channel && message.payload) onMessage(message.payload);
        });
        try {
          await next.connect();
          await next.query(`listen ${escapeIdentifier(channel)}`);
        } catch (error) {
          await next.end().catch(() => {});
          throw error;
        }
        // A LISTEN dies with its connection (PostgreSQL restarted, network cut) and nothing else
        // would notice: other processes' changes would stop arriving for good. Listen again.
        next.once('end', () => {
          if (!stopped) reconnect(RELISTEN_FIRST_MS);
        });
        return next;
      };
      const reconnect = (delayMs: number) => {
        retry = setTimeout(() => {
          open().then(
            (next) => {
              if (stopped) return void next.end().catch(() => {});
              client = next;
              // Notifications sent while we were away are lost: let the caller catch up.
              onRestored?.();
            },
            () => {
              if (!stopped) reconnect(Math.min(delayMs * 2, RELISTEN_MAX_MS));
            },
          );
        }, delayMs);
        retry.unref();
      };
      client = await open();
      return async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        await client?.end().catch(() => {});
      };
    },
    close: options.close,
  };
}
