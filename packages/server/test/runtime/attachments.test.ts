import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import S3rver from '@20minutes/s3rver';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3BlobStore } from '../../src/attachments/blob-stores/s3-blob-store.ts';
import { Housekeeping } from '../../src/runner/housekeeping.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { pdf, photo } from '../support/files.ts';
import {
  auditInstance,
  dropSchema,
  openRuntime,
  registryWithV1Of,
  TestClock,
  uniqueName,
} from './support.ts';

/**
 * One dossier's life against each store: uploads (same bytes stored once), an event that brings
 * one in, reads by range, and housekeeping a day later that deletes what no event referenced,
 * bytes included, and nothing else.
 */

const nomination = {
  campaignId: 'dot-26-3-2026',
  awardingUnitId: 'dn',
  nominatingUnitId: 'tradoc',
  deadline: '2026-03-10T10:00:00.000Z',
  quota: 2,
  alreadySubmitted: 0,
  awardForm: { id: 'cd-kdc-xuat-sac', name: 'Chi đoàn khu dân cư xuất sắc tiêu biểu', nomineeKind: 'branch' },
  nominee: { kind: 'branch', unitId: 'cd-thon2' },
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function upload(
  runtime: HostedRuntime,
  id: string,
  personId: string,
  kind: string,
  name: string,
  bytes: Buffer,
) {
  const permit = await runtime.dossiers.permit(id, person(personId), kind);
  return runtime.dossiers.upload(permit, { stream: Readable.from([bytes]), filename: name });
}

const count = async (runtime: HostedRuntime, table: string) =>
  Number((await runtime.db.query<{ n: string }>(`select count(*) as n from ${table}`))[0]!.n);

async function dossierLife(runtime: HostedRuntime, clock: TestClock) {
  clock.set('2026-02-11T02:00:00Z');
  const { id } = await runtime.start('award-nomination', nomination, person('p-hieu'));
  const report = pdf('Báo cáo thành tích năm 2025');
  const scan = photo(5);
  const kept = await upload(runtime, id, 'p-khanh', 'achievementReport', 'Báo cáo thành tích.pdf', report);
  const dropped = await upload(runtime, id, 'p-khanh', 'meetingRecord', 'Biên bản (chụp lại).png', scan);
  const copy = await upload(runtime, id, 'p-hieu', 'achievementReport', 'Bản sao.pdf', report);
  expect(await count(runtime, 'attachment_blobs')).toBe(2);
  expect(copy.sha256).toBe(kept.sha256);

  await runtime.send(id, { type: 'ADD_DOCUMENT', attachments: [kept.id] }, person('p-khanh'));
  const audit = await auditInstance(runtime, id);
  expect(audit.brokenAt).toBeNull();
  expect(audit.replayed).toEqual(audit.stored);
  expect(audit.entries.at(-1)!.attachments).toEqual([
    expect.objectContaining({ id: kept.id, sha256: sha256(report), size: report.length }),
  ]);

  const row = (await runtime.attachments.byId(kept.id))!;
  const whole = await buffer(await runtime.attachments.read(row, { start: 0, end: report.length - 1 }));
  expect(whole.equals(report)).toBe(true);
  const middle = await buffer(await runtime.attachments.read(row, { start: 300, end: 700 }));
  expect(middle.equals(report.subarray(300, 701))).toBe(true);

  // A day later: the two uploads no event took are deleted, and the scan's bytes with them; the
  // report stays (an attachment points at it), though its copy was never referenced.
  clock.advanceDays(1.05);
  const housekeeping = new Housekeeping({ db: runtime.db, attachments: runtime.attachments, clock });
  expect(await housekeeping.pruneOnce()).toMatchObject({ uploads: 2, blobs: 1 });
  expect(await runtime.attachments.byId(dropped.id)).toBeNull();
  expect(await runtime.attachments.byId(copy.id)).toBeNull();
  expect(await count(runtime, 'attachment_blobs')).toBe(1);
  expect(await runtime.attachments.store.has(runtime.db.query, sha256(scan))).toBe(false);
  expect(await runtime.attachments.store.has(runtime.db.query, sha256(report))).toBe(true);
  const again = await buffer(await runtime.attachments.read(row, { start: 0, end: report.length - 1 }));
  expect(again.equals(report)).toBe(true);
  // Referenced attachments are never deleted, however old.
  clock.advanceDays(400);
  expect(await housekeeping.pruneOnce()).toMatchObject({ uploads: 0, blobs: 0 });
  expect(await runtime.attachments.byId(kept.id)).not.toBeNull();

  // The same scan uploaded again is stored again.
  const back = await upload(runtime, id, 'p-khanh', 'meetingRecord', 'Biên bản.png', scan);
  const backRow = (await runtime.attachments.byId(back.id))!;
  expect(
    (await buffer(await runtime.attachments.read(backRow, { start: 0, end: scan.length - 1 }))).equals(scan),
  ).toBe(true);
  return { scanDigest: sha256(scan) };
}

/** Bytes the server made itself (an issued PDF) go to the store from memory, cut as a file's would be. */
async function bytesFromMemory(runtime: HostedRuntime, length: number) {
  const bytes = Buffer.from(Array.from({ length }, (_, index) => (index * 7 + 3) % 256));
  const blob = { sha256: sha256(bytes), size: bytes.length, mediaType: 'application/pdf', bytes };
  await runtime.db.transaction((query) => runtime.attachments.putBlob(query, blob, '2026-02-11T02:00:00Z'));
  const read = (start: number, end: number) => runtime.attachments.readBlob(blob.sha256, { start, end });
  expect((await buffer(await read(0, length - 1))).equals(bytes)).toBe(true);
  expect((await buffer(await read(250, 520))).equals(bytes.subarray(250, 521))).toBe(true);
  return blob.sha256;
}

describe('attachments on PostgreSQL (chunked bytea)', () => {
  const schema = uniqueName('rt_attachments');
  const clock = new TestClock('2026-02-11T02:00:00Z');
  let runtime: HostedRuntime;
  beforeAll(async () => {
    runtime = await openRuntime({
      registry: registryWithV1Of('award-nomination'),
      schema,
      clock,
      attachments: { chunkBytes: 256 },
    });
  });
  afterAll(async () => {
    await runtime?.close();
    await dropSchema(schema);
  });

  it('stores once, reads by range across chunks, and cleans up only what no event took', async () => {
    await dossierLife(runtime, clock);
    // The bytes of the deleted scan went with its blob row; only the live blobs' chunks remain.
    const [orphans] = await runtime.db.query<{ n: string }>(
      'select count(*) as n from attachment_chunks c where not exists (select 1 from attachment_blobs b where b.sha256 = c.sha256)',
    );
    expect(Number(orphans!.n)).toBe(0);
  });

  it('stores bytes held in memory in the same chunks as a spooled file (3 of 256 bytes for 700)', async () => {
    const digest = await bytesFromMemory(runtime, 700);
    const chunks = await runtime.db.query<{ n: number; size: number }>(
      'select n, length(data) as size from attachment_chunks where sha256 = $1 order by n',
      [digest],
    );
    expect(chunks).toEqual([
      { n: 0, size: 256 },
      { n: 1, size: 256 },
      { n: 2, size: 188 },
    ]);
  });
});

describe('attachments on the embedded PGlite', () => {
  const clock = new TestClock('2026-02-11T02:00:00Z');
  let runtime: HostedRuntime;
  beforeAll(async () => {
    runtime = await openRuntime({
      registry: registryWithV1Of('award-nomination'),
      schema: 'public',
      clock,
      databaseUrl: undefined,
      attachments: { chunkBytes: 1024 },
    });
  });
  afterAll(async () => runtime?.close());

  it('runs the same dossier on the database in the process', async () => {
    expect(runtime.db.kind).toBe('pglite');
    await dossierLife(runtime, clock);
  });
});

describe('attachments in an S3-compatible store (s3rver on loopback)', () => {
  const schema = uniqueName('rt_attachments_s3');
  const clock = new TestClock('2026-02-11T02:00:00Z');
  const folder = mkdtempSync(join(tmpdir(), 'doanflow-s3rver-'));
  let s3: S3rver;
  let runtime: HostedRuntime;
  beforeAll(async () => {
    s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: folder,
      configureBuckets: [{ name: 'doanflow' }],
    });
    const { port } = await s3.run();
    runtime = await openRuntime({
      registry: registryWithV1Of('award-nomination'),
      schema,
      clock,
      attachments: {
        s3: {
          bucket: 'doanflow',
          prefix: 'test/',
          endpoint: `http://127.0.0.1:${port}`,
          forcePathStyle: true,
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        },
      },
    });
  });
  afterAll(async () => {
    await runtime?.close();
    await dropSchema(schema);
    await s3?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps the bytes in the bucket, none in the database, and deletes objects no attachment needs', async () => {
    const store = runtime.attachments.store as S3BlobStore;
    expect(store.name).toBe('s3');
    const { scanDigest } = await dossierLife(runtime, clock);
    expect(await count(runtime, 'attachment_chunks')).toBe(0);
    const head = await store.client.send(
      new HeadObjectCommand({ Bucket: 'doanflow', Key: `test/sha256/${scanDigest}` }),
    );
    expect(head.ContentType).toBe('image/png');
  });

  it('puts bytes held in memory in the bucket as one object', async () => {
    const digest = await bytesFromMemory(runtime, 700);
    const store = runtime.attachments.store as S3BlobStore;
    const head = await store.client.send(
      new HeadObjectCommand({ Bucket: 'doanflow', Key: `test/sha256/${digest}` }),
    );
    expect(head).toMatchObject({ ContentLength: 700, ContentType: 'application/pdf' });
  });

  it('writes an object again when its row survived but the object did not', async () => {
    const { id } = await runtime.start('award-nomination', nomination, person('p-hieu'));
    const bytes = pdf('Tờ trình đề nghị');
    const first = await upload(runtime, id, 'p-khanh', 'requestLetter', 'Tờ trình.pdf', bytes);
    await runtime.attachments.store.remove(runtime.db.query, [first.sha256]);
    const second = await upload(runtime, id, 'p-khanh', 'requestLetter', 'Tờ trình (2).pdf', bytes);
    const row = (await runtime.attachments.byId(second.id))!;
    expect(
      (await buffer(await runtime.attachments.read(row, { start: 0, end: bytes.length - 1 }))).equals(bytes),
    ).toBe(true);
  });
});
