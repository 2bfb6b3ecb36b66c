import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { DATABASE_URL, dropSchema, uniqueName } from './support.ts';

// What an operator writes in DATABASE_URL reaches every connection the server opens, the pool's
// included: MikroORM alone would read only host, port, user, password and database from it.
const schema = uniqueName('rt_database_url');
afterAll(() => dropSchema(schema));

/** The URL of the test database with these query parameters. */
function urlWith(parameters: Record<string, string>): string {
  const url = new URL(DATABASE_URL);
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url.toString();
}

let socketDirectory: string;
beforeAll(async () => {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  const { rows } = await client.query<{ dirs: string }>(
    "select current_setting('unix_socket_directories') as dirs",
  );
  await client.end();
  socketDirectory = rows[0]!.dirs.split(',')[0]!.trim();
});

interface Backend {
  address: string | null;
  application: string;
  searchPath: string;
  workMem: string;
}

/** What several pooled connections at once say about themselves. */
async function backendsOf(url: string): Promise<Backend[]> {
  const { db } = await openDatabase({ databaseUrl: url, schema, poolSize: 4 });
  try {
    return await Promise.all(
      Array.from({ length: 4 }, async () => {
        const [row] = await db.query<Backend>(
          `select inet_client_addr()::text as address, current_setting('application_name') as application,
                  current_setting('search_path') as "searchPath", current_setting('work_mem') as "workMem",
                  pg_sleep(0.05)::text`,
        );
        return row!;
      }),
    );
  } finally {
    await db.close();
  }
}

describe('DATABASE_URL', () => {
  it('connects every pooled connection through the socket directory the URL names', async () => {
    // As libpq writes it: no host name, the socket's directory and the user as parameters.
    const { username, pathname } = new URL(DATABASE_URL);
    const url = `postgres://${pathname}?${new URLSearchParams({ host: socketDirectory, user: username, application_name: 'doanflow-socket' })}`;
    // The configuration takes it as it is.
    const config = loadConfig({ DATABASE_URL: url, JWT_SECRET: 'x'.repeat(32), NODE_ENV: 'test' });
    expect(config.databaseUrl).toBe(url);
    const backends = await backendsOf(url);
    expect(backends).toHaveLength(4);
    for (const backend of backends) {
      // A Unix-domain socket has no client address; TCP would say 127.0.0.1.
      expect(backend.address).toBeNull();
      expect(backend.application).toBe('doanflow-socket');
      expect(backend.searchPath).toBe(`${schema},public`);
    }
  });

  it("keeps the URL's own server options beside the schema's search path", async () => {
    const backends = await backendsOf(urlWith({ options: '-c work_mem=8MB' }));
    for (const backend of backends) {
      expect(backend.workMem).toBe('8MB');
      expect(backend.searchPath).toBe(`${schema},public`);
    }
  });

  it('refuses to start in plain text when the URL requires TLS and the server offers none', async () => {
    // This PostgreSQL runs with ssl = off: sslmode=verify-full must fail, not fall back to plain text.
    await expect(openDatabase({ databaseUrl: urlWith({ sslmode: 'verify-full' }), schema })).rejects.toThrow(
      /SSL/i,
    );
  });
});
