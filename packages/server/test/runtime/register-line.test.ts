import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person } from '@doanflow/engine';
import { DocumentIssuer } from '../../src/issued-documents/issuer.ts';
import { nextSerial } from '../../src/issued-documents/register.ts';
import { sharedRenderer, type PrintedDocument } from '../../src/issued-documents/render.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { pdfText } from '../support/pdf-text.ts';
import { auditInstance, dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

const schema = uniqueName('register_line');
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ clock: new TestClock('2026-03-02T02:00:00Z'), schema });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

/** A real renderer whose renders wait until the test opens the gate: a slow Typst, on demand. */
class GatedRenderer {
  waiting = 0;
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  async render(document: PrintedDocument): Promise<Buffer> {
    this.waiting += 1;
    await this.gate;
    return sharedRenderer().render(document);
  }
  release() {
    this.open();
  }
}

const until = async (ok: () => boolean) => {
  for (let tries = 0; tries < 500 && !ok(); tries += 1) await new Promise((r) => setTimeout(r, 10));
  expect(ok()).toBe(true);
};

/** Transfers waiting for Trà Đốc's secretary to sign their referral (one register: tradoc, 2026, GGT). */
async function atSourceBase(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const { id } = await runtime.start('member-transfer', transferInput, person('p-an'));
    await runtime.send(id, { type: 'SUBMIT' }, person('p-an'));
    await runtime.send(
      id,
      { type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } },
      person('p-binh'),
    );
    ids.push(id);
  }
  return ids;
}

const sign = (id: string) =>
  runtime.send(id, { type: 'ISSUE_REFERRAL', payload: { issuedOn: '2026-03-02' } }, person('p-hieu'));

/** With a gated renderer in place of the runtime's, for one test. */
async function withRenderer<T>(renderer: GatedRenderer, work: () => Promise<T>): Promise<T> {
  const working = runtime.documents!;
  const issuer = new DocumentIssuer({
    renderer,
    store: runtime.attachments,
    cache: runtime.cache,
    policy: working.policy,
  });
  runtime.documents = issuer;
  try {
    return await work();
  } finally {
    renderer.release();
    runtime.documents = working;
  }
}

/** Each issued document of these instances: its number, and the number its stored PDF prints. */
async function issuedOf(ids: string[]) {
  const rows = await runtime.db.query<{
    instance_id: string;
    serial: number;
    number: string;
    sha256: string;
  }>(
    'select instance_id, serial, number, sha256 from issued_documents where instance_id = any($1) order by serial',
    [ids],
  );
  return Promise.all(
    rows.map(async (row) => {
      const [chunk] = await runtime.db.query<{ data: Buffer }>(
        'select data from attachment_chunks where sha256 = $1 and n = 0',
        [row.sha256],
      );
      const text = await pdfText(chunk!.data);
      return {
        ...row,
        digestMatches: createHash('sha256').update(chunk!.data).digest('hex') === row.sha256,
        printsItsNumber: text.includes(`Số: ${row.number}`) || text.includes(row.number),
      };
    }),
  );
}

describe('a register’s line: signing steps render before locking the register', () => {
  it('signings queued on one register hold no pool connections: a documentless decision goes through meanwhile', async () => {
    // More signings than the pool has connections (10), all stuck rendering.
    const ids = await atSourceBase(14);
    const other = await runtime.start('member-transfer', transferInput, person('p-an'));
    const renderer = new GatedRenderer();
    await withRenderer(renderer, async () => {
      const signings = ids.map(sign);
      // Every one renders ahead with its guessed serial (before, one held the lock and rendered
      // while thirteen waited on the row lock, each on a connection of its own).
      await until(() => renderer.waiting === ids.length);
      const started = Date.now();
      const submitted = await runtime.send(other.id, { type: 'SUBMIT' }, person('p-an'));
      expect(submitted.state).toBe('sourceBranch');
      // Well inside the pool's 5 s wait for a connection (rendering under the lock, this decision
      // found none: "the database is not reachable").
      expect(Date.now() - started).toBeLessThan(2_000);
      renderer.release();
      await Promise.all(signings);
      expect(runtime.documents!.stats).toEqual({ prepared: ids.length, renderedAgain: 0 });
    });
    const issued = await issuedOf(ids);
    expect(issued.map((row) => row.serial)).toEqual(Array.from({ length: ids.length }, (_, n) => n + 1));
    expect(new Set(issued.map((row) => row.instance_id)).size).toBe(ids.length);
    expect(issued.every((row) => row.digestMatches && row.printsItsNumber)).toBe(true);
    const audit = await auditInstance(runtime, ids[0]!);
    expect(audit.brokenAt).toBeNull();
  });

  it('a wrong guess (another process numbered meanwhile) is rendered again under the lock: no gap, each PDF prints its number', async () => {
    const ids = await atSourceBase(3);
    const [register] = await runtime.db.query<{ last: number }>(
      `select last_serial as last from document_registers where issuing_unit_id = 'tradoc' and year = 2026 and type = 'GGT'`,
    );
    const last = register!.last;
    const renderer = new GatedRenderer();
    await withRenderer(renderer, async () => {
      const signings = ids.map(sign);
      await until(() => renderer.waiting === ids.length);
      // Another server process issues from the same register while these three render their guesses.
      const taken = await runtime.db.transaction((query) =>
        nextSerial(query, { issuingUnitId: 'tradoc', year: 2026, type: 'GGT' }),
      );
      expect(taken).toBe(last + 1);
      renderer.release();
      const views = await Promise.all(signings);
      expect(views.map((view) => view.state)).toEqual(['inTransit', 'inTransit', 'inTransit']);
      expect(runtime.documents!.stats).toEqual({ prepared: 3, renderedAgain: 3 });
    });
    const issued = await issuedOf(ids);
    expect(issued.map((row) => row.serial)).toEqual([last + 2, last + 3, last + 4]);
    expect(issued.map((row) => row.number)).toEqual(
      [last + 2, last + 3, last + 4].map((n) => `${n}-GGT/TRADOC`),
    );
    expect(issued.every((row) => row.digestMatches && row.printsItsNumber)).toBe(true);
    for (const id of ids) {
      const audit = await auditInstance(runtime, id);
      expect(audit.brokenAt).toBeNull();
      // The history entry carries the digest of the PDF as rendered again, not the guess's.
      const referral = audit.entries.find((entry) => entry.type === 'ISSUE_REFERRAL')!;
      const row = issued.find((each) => each.instance_id === id)!;
      expect(referral.issued?.map((ref) => [ref.number, ref.sha256])).toEqual([[row.number, row.sha256]]);
    }
  });

  it('the next signing writes its step while the one ahead takes the register: only the serial waits', async () => {
    const [first, ahead, next] = await atSourceBase(3);
    await sign(first!); // the register's row exists from here on
    const before = { ...runtime.documents!.stats };
    let signings: Promise<{ state: string }[]> | undefined;
    // Another process holds the register's row: the step ahead waits for it in its numbering statement.
    await runtime.db.transaction(async (query) => {
      const [me] = await query<{ pid: number }>('select pg_backend_pid() as pid');
      await query(`select last_serial from document_registers
        where issuing_unit_id = 'tradoc' and year = 2026 and type = 'GGT' for update`);
      signings = Promise.all([sign(ahead!), sign(next!)]);
      await waitUntilBlocking(me!.pid);
      // Meanwhile the one behind has begun its transaction and written its step: its instance's row
      // is locked by it (formerly it began only once the one ahead held the register).
      expect((await lockedByATransaction(ahead!)) && (await lockedByATransaction(next!))).toBe(true);
    });
    const views = await signings!;
    expect(views.map((view) => view.state)).toEqual(['inTransit', 'inTransit']);
    expect(runtime.documents!.stats.renderedAgain).toBe(before.renderedAgain);
    const issued = await issuedOf([first!, ahead!, next!]);
    const serials = issued.map((row) => row.serial);
    expect(serials).toEqual(serials.map((_, index) => serials[0]! + index));
    // In whichever order they joined the line.
    expect(new Set(issued.map((row) => row.instance_id).slice(-2))).toEqual(new Set([ahead, next]));
    expect(issued.every((row) => row.digestMatches && row.printsItsNumber)).toBe(true);
    for (const id of [ahead!, next!]) expect((await auditInstance(runtime, id)).brokenAt).toBeNull();
  });

  it('a signing that PostgreSQL aborts to break a deadlock is computed again and goes through (not a 500)', async () => {
    const [first, second] = await atSourceBase(2);
    await sign(first!); // the register's row exists from here on
    let signing: Promise<{ state: string }> | undefined;
    // Another transaction (another signing path or process) takes the register, then the instance:
    // the opposite order to this signing, which writes its step first and takes the register last.
    await runtime.db.transaction(async (query) => {
      // Its own deadlock check comes much later, so PostgreSQL's victim is the signing.
      await query(`set local deadlock_timeout = '30s'`);
      const [me] = await query<{ pid: number }>('select pg_backend_pid() as pid');
      await query(`select last_serial from document_registers
        where issuing_unit_id = 'tradoc' and year = 2026 and type = 'GGT' for update`);
      signing = sign(second!);
      await waitUntilBlocking(me!.pid);
      // Waits for the signing's lock on the instance until PostgreSQL breaks the cycle (1 s).
      await query('select id from instances where id = $1 for update', [second]);
    });
    await expect(signing).resolves.toMatchObject({ state: 'inTransit' });
    const issued = await issuedOf([first!, second!]);
    expect(issued.map((row) => row.serial)).toEqual([issued[0]!.serial, issued[0]!.serial + 1]);
    expect(issued.every((row) => row.digestMatches && row.printsItsNumber)).toBe(true);
    expect((await auditInstance(runtime, second!)).brokenAt).toBeNull();
  });
});

/** Until some backend waits on a lock that backend `pid` holds. */
async function waitUntilBlocking(pid: number) {
  for (let tries = 0; tries < 500; tries += 1) {
    const [row] = await runtime.db.query<{ n: number }>(
      'select count(*)::int as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid))',
      [pid],
    );
    if (row!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`nothing waited on backend ${pid}`);
}

/** True once a transaction holds the instance's row (within 3 s), false if none does by then. */
async function lockedByATransaction(instanceId: string): Promise<boolean> {
  for (let tries = 0; tries < 300; tries += 1) {
    const locked = await runtime.db
      .query('select id from instances where id = $1 for update nowait', [instanceId])
      .then(
        () => false,
        (error: { code?: string }) => error.code === '55P03',
      );
    if (locked) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

describe('a signing’s PDF', () => {
  it('is stored from memory: no temporary file is written or left', async () => {
    const [id] = await atSourceBase(1);
    // os.tmpdir() reads TMPDIR at each call: any spool file of this signing lands in this folder.
    const folder = mkdtempSync(join(tmpdir(), 'doanflow-test-spool-'));
    const created: string[] = [];
    const watcher = watch(folder, (_event, name) => void (name && created.push(String(name))));
    const previous = process.env['TMPDIR'];
    process.env['TMPDIR'] = folder;
    try {
      await sign(id!);
      await new Promise((resolve) => setTimeout(resolve, 100)); // inotify's events arrive after the fact
    } finally {
      if (previous === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = previous;
      watcher.close();
      rmSync(folder, { recursive: true, force: true });
    }
    expect(created).toEqual([]);
    const [issued] = await issuedOf([id!]);
    expect(issued).toMatchObject({ digestMatches: true, printsItsNumber: true });
  });
});
