import { randomBytes } from 'node:crypto';
import type { Client } from './http-load.ts';
import { benchUrl } from './env.ts';
import { withClient } from './setup.ts';
import { fmt, log } from './stats.ts';

/** Files per run and their size: distinct bytes each, so no upload is saved by deduplication. */
const FILES = Number(process.env['BENCH_UPLOAD_FILES'] ?? 24);
const FILE_MIB = Number(process.env['BENCH_UPLOAD_MIB'] ?? 4);
/** The server's default chunk (attachments/blob-stores/postgres-blob-store.ts). */
const CHUNK = 1024 * 1024;

export interface UploadFigures {
  files: number;
  fileMiB: number;
  /** POST /instances/:id/attachments, one file per request. */
  http: { clients: number; mibPerSecond: number; p50: number; max: number }[];
  /** The same bytes inserted as 1 MiB bytea rows over one connection, one transaction per file. */
  rawMiBPerSecond: number;
}

/** A valid PDF of `mib` MiB whose body is one stream of random bytes (no two alike). */
function pdfOf(mib: number): Buffer {
  const body = randomBytes(mib * 1024 * 1024);
  const head = Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Length ${body.length} >>\nstream\n`, 'latin1');
  const tail = Buffer.from(
    '\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\nstartxref\n0\n%%EOF\n',
    'latin1',
  );
  return Buffer.concat([head, body, tail]);
}

async function uploadAll(client: Client, instanceId: string, files: Buffer[], clients: number) {
  const url = `${client.base}/instances/${instanceId}/attachments?kind=achievementReport`;
  const headers = { authorization: `Bearer ${client.tokens['p-hieu']}` };
  const times: number[] = [];
  let next = 0;
  const began = performance.now();
  const worker = async () => {
    for (let index = next++; index < files.length; index = next++) {
      const form = new FormData();
      form.append('file', new Blob([files[index]!], { type: 'application/pdf' }), `bao-cao-${index}.pdf`);
      const start = performance.now();
      const response = await fetch(url, { method: 'POST', headers, body: form });
      const answer = await response.text();
      if (response.status !== 201) throw new Error(`upload ${index}: ${response.status} ${answer}`);
      times.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  const seconds = (performance.now() - began) / 1000;
  const bytes = files.reduce((sum, file) => sum + file.length, 0);
  times.sort((a, b) => a - b);
  return {
    clients,
    mibPerSecond: bytes / 1024 / 1024 / seconds,
    p50: times[Math.floor(times.length / 2)]!,
    max: times.at(-1)!,
  };
}

/** The database's own write speed for the same bytes, as the PostgreSQL store writes them. */
async function rawWrite(files: Buffer[]): Promise<number> {
  return withClient(benchUrl, async (db) => {
    await db.query(
      `create table bench_raw_chunks (sha256 text, n int, data bytea not null, primary key (sha256, n))`,
    );
    await db.query(`alter table bench_raw_chunks alter column data set storage external`);
    const began = performance.now();
    for (const [index, file] of files.entries()) {
      await db.query('begin');
      for (let n = 0; n * CHUNK < file.length; n += 1) {
        await db.query('insert into bench_raw_chunks (sha256, n, data) values ($1, $2, $3)', [
          `raw-${index}`,
          n,
          file.subarray(n * CHUNK, (n + 1) * CHUNK),
        ]);
      }
      await db.query('commit');
    }
    const seconds = (performance.now() - began) / 1000;
    await db.query('drop table bench_raw_chunks');
    return files.reduce((sum, file) => sum + file.length, 0) / 1024 / 1024 / seconds;
  });
}

/** Posts as a demo officer and returns the new instance's id, or fails with the server's answer. */
async function started(client: Client, person: string, workflowId: string, input: unknown): Promise<string> {
  const response = await fetch(`${client.base}/instances`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.tokens[person]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ workflowId, input }),
  });
  const body = (await response.json()) as { id?: string };
  if (!body.id) throw new Error(`could not start ${workflowId}: ${response.status} ${JSON.stringify(body)}`);
  return body.id;
}

/** The dossier the files go to: a nomination in an award round the province's standing secretary opens. */
async function nominationOf(client: Client): Promise<string> {
  const form = { id: 'cd-xs', name: 'Chi đoàn khu dân cư xuất sắc tiêu biểu', nomineeKind: 'branch' };
  const campaignId = await started(client, 'p-yen', 'award-campaign', {
    awardingUnitId: 'dn',
    name: 'Đợt xét khen thưởng (bench)',
    awardForms: [form],
    quotas: { tradoc: 5 },
    deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  return started(client, 'p-hieu', 'award-nomination', {
    campaignId,
    nominatingUnitId: 'tradoc',
    awardFormId: form.id,
    nominee: { kind: 'branch', unitId: 'cd-thon2' },
  });
}

/**
 * Upload MB/s through the whole path (HTTP multipart, spooled to a temporary file, SHA-256, type by
 * the bytes, chunked into PostgreSQL in one transaction) against the database writing the same
 * bytes itself.
 */
export async function measureUploads(client: Client): Promise<UploadFigures> {
  const id = await nominationOf(client);
  const make = () => Array.from({ length: FILES }, () => pdfOf(FILE_MIB));
  await uploadAll(client, id, [pdfOf(1), pdfOf(1)], 1); // warm-up
  const http = [];
  for (const clients of [1, 4]) {
    const level = await uploadAll(client, id, make(), clients);
    log(
      `uploads, ${clients} client(s): ${fmt(level.mibPerSecond)} MiB/s, p50 ${fmt(level.p50, 0)} ms per ${FILE_MIB} MiB file`,
    );
    http.push(level);
  }
  const rawMiBPerSecond = await rawWrite(make());
  log(`the database's raw write of the same bytes (1 MiB bytea rows): ${fmt(rawMiBPerSecond)} MiB/s`);
  return { files: FILES, fileMiB: FILE_MIB, http, rawMiBPerSecond };
}

export function uploadsSection(u: UploadFigures): string[] {
  const rows = u.http.map(
    (level) =>
      `| ${level.clients} | ${fmt(level.mibPerSecond)} | ${fmt((100 * level.mibPerSecond) / u.rawMiBPerSecond, 0)}% | ${fmt(level.p50, 0)} | ${fmt(level.max, 0)} |`,
  );
  return [
    '## Uploads (documents in)',
    '',
    `${u.files} distinct PDFs of ${u.fileMiB} MiB each per level, \`POST /instances/:id/attachments\` (multipart, streamed to a temporary file with its SHA-256, typed by its bytes, written as 1 MiB bytea chunks in one transaction). Against it: the same bytes inserted straight into PostgreSQL as 1 MiB bytea rows, one connection, one transaction per file: **${fmt(u.rawMiBPerSecond)} MiB/s**.`,
    '',
    '| clients | MiB/s | of the raw write | p50 ms per file | max ms |',
    '|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ];
}
