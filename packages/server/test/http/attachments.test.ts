import { unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierView } from '../../src/attachments/dossiers.ts';
import { verifyChain } from '../../src/persistence/hash-chain.ts';
import { entryOf, type HistoryRow } from '../../src/runner/rows.ts';
import { bearer, openServer, TestClock, type E2eServer } from '../e2e/support.ts';
import {
  docm,
  docx,
  honestBomb,
  hostile,
  jpeg,
  largePhoto,
  lyingBomb,
  odt,
  overlappingZip,
  pdf,
  photo,
  webp,
  xlsx,
} from '../support/files.ts';

const clock = new TestClock('2026-02-11T02:00:00Z');
const tmpDir = mkdtempSync(join(tmpdir(), 'doanflow-test-uploads-'));
let server: E2eServer;
let id: string;

/** Đoàn xã Trà Đốc nominates Chi đoàn thôn 2 (p-hieu secretary, p-khanh deputy). */
const nomination = {
  campaignId: 'dot-26-3-2026',
  awardingUnitId: 'dn',
  nominatingUnitId: 'tradoc',
  deadline: '2026-03-10T10:00:00.000Z',
  quota: 2,
  alreadySubmitted: 0,
  councilSize: 6,
  awardForm: { id: 'cd-kdc-xuat-sac', name: 'Chi đoàn khu dân cư xuất sắc tiêu biểu', nomineeKind: 'branch' },
  nominee: { kind: 'branch', unitId: 'cd-thon2' },
};

beforeAll(async () => {
  // v1's nomination (its own deadline and quota), as nominations started before v2 still run.
  server = await openServer('attachments', {
    clock,
    registry: new WorkflowRegistry(
      unionWorkflows.filter((definition) => definition.id !== 'award-nomination' || definition.version === 1),
    ),
    redis: false,
    attachments: { tmpDir, chunkBytes: 64 * 1024 },
    // The deployment keeps meeting-record scans small.
    policy: { 'award-nomination': { documents: { maxBytes: { meetingRecord: 3_000 } } } },
  });
  id = (await server.http.started('p-hieu', 'award-nomination', nomination)).id;
});
afterAll(async () => {
  await server?.close();
  rmSync(tmpDir, { recursive: true, force: true });
});

const codeOf = (body: unknown) => (body as { code?: string }).code;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function stored() {
  const count = async (table: string) =>
    Number((await server.runtime.db.query<{ n: string }>(`select count(*) as n from ${table}`))[0]!.n);
  return {
    attachments: await count('attachments'),
    blobs: await count('attachment_blobs'),
    chunks: await count('attachment_chunks'),
    spooled: readdirSync(tmpDir).length,
  };
}

async function dossier(personId: string) {
  const response = await server.app.inject({
    method: 'GET',
    url: `/instances/${id}/dossier`,
    headers: await bearer(personId),
  });
  return { status: response.statusCode, body: response.json<DossierView>() };
}

async function download(personId: string, attachmentId: string, headers: Record<string, string> = {}) {
  return server.app.inject({
    method: 'GET',
    url: `/attachments/${attachmentId}/content`,
    headers: { ...(await bearer(personId)), ...headers },
  });
}

describe('uploads: the type is decided by the bytes', () => {
  it.each([
    ['achievementReport', 'Báo cáo thành tích.pdf', pdf(), 'application/pdf'],
    [
      'achievementReport',
      'Báo cáo thành tích.docx',
      docx(),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['requestLetter', 'Tờ trình.odt', odt(), 'application/vnd.oasis.opendocument.text'],
    [
      'nomineeList',
      'Danh sách.xlsx',
      xlsx(),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    ['meetingRecord', 'Biên bản.jpg', jpeg(), 'image/jpeg'],
    ['meetingRecord', 'Biên bản.png', photo(), 'image/png'],
    ['meetingRecord', 'Biên bản.webp', webp(), 'image/webp'],
    // No extension: the bytes alone decide.
    ['meetingRecord', 'scan', photo(2), 'image/png'],
  ])('accepts a %s named %s', async (kind, name, bytes, mediaType) => {
    // The browser's header says nothing useful; it is ignored.
    const answer = await server.http.upload('p-khanh', id, kind, name, bytes);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      kind,
      name,
      mediaType,
      size: bytes.length,
      sha256: sha256(bytes),
      seq: null,
      uploadedBy: { personId: 'p-khanh', name: 'Bùi Ngọc Khánh', role: 'baseSecretary', unitId: 'tradoc' },
    });
  });

  it('stores the same bytes once, keeps names in NFC, and leaves no temporary file', async () => {
    const before = await stored();
    const bytes = pdf('Tờ trình bổ sung');
    const decomposed = 'Tờ trình bổ sung.pdf'.normalize('NFD');
    const first = await server.http.upload('p-khanh', id, 'requestLetter', decomposed, bytes);
    const second = await server.http.upload('p-hieu', id, 'requestLetter', 'Bản sao.pdf', bytes);
    expect(first.body.name).toBe('Tờ trình bổ sung.pdf'.normalize('NFC'));
    expect(first.body.sha256).toBe(second.body.sha256);
    expect(await stored()).toEqual({
      attachments: before.attachments + 2,
      blobs: before.blobs + 1,
      chunks: before.chunks + Math.ceil(bytes.length / (64 * 1024)),
      spooled: 0,
    });
  });
});

describe('hostile files are refused and nothing is stored', () => {
  it.each([
    [
      'an HTML page before a PDF',
      'bao-cao.pdf',
      hostile.htmlThenPdf(),
      415,
      'UNSUPPORTED_FILE_TYPE',
      { detected: 'text/html' },
    ],
    [
      'a PDF with a script in its header',
      'bao-cao.pdf',
      hostile.pdfWithHtml(),
      415,
      'POLYGLOT_FILE',
      { also: 'text/html' },
    ],
    [
      'a PDF that is also a ZIP',
      'bao-cao.pdf',
      hostile.pdfAndZip(),
      415,
      'POLYGLOT_FILE',
      { also: 'application/zip' },
    ],
    ['a JPEG carrying HTML', 'anh.jpg', hostile.jpegWithHtml(), 415, 'POLYGLOT_FILE', {}],
    ['a PNG with data after its end', 'anh.png', hostile.pngThenData(), 415, 'POLYGLOT_FILE', {}],
    [
      'an SVG with a script',
      'anh.pdf',
      hostile.svgWithScript(),
      415,
      'UNSUPPORTED_FILE_TYPE',
      { detected: 'image/svg+xml' },
    ],
    ['an HTML page', 'bao-cao.html', hostile.html(), 415, 'UNSUPPORTED_FILE_TYPE', { detected: 'text/html' }],
    [
      'a shell script',
      'bao-cao.pdf',
      hostile.script(),
      415,
      'UNSUPPORTED_FILE_TYPE',
      { detected: 'text/x-shellscript' },
    ],
    [
      'a Windows executable',
      'bao-cao.pdf',
      hostile.exe(),
      415,
      'UNSUPPORTED_FILE_TYPE',
      { detected: 'application/x-msdownload' },
    ],
    [
      'a Linux executable',
      'bao-cao.pdf',
      hostile.elf(),
      415,
      'UNSUPPORTED_FILE_TYPE',
      { detected: 'application/x-elf' },
    ],
    [
      'a ZIP archive',
      'ho-so.zip',
      hostile.archive(),
      415,
      'UNSUPPORTED_FILE_TYPE',
      { detected: 'application/zip' },
    ],
    ['a document with macros', 'bao-cao.docm', docm(), 415, 'UNSUPPORTED_FILE_TYPE', {}],
    ['a zip bomb with honest headers', 'bao-cao.docx', honestBomb(), 422, 'ARCHIVE_TOO_EXPANSIVE', {}],
    ['a zip bomb lying about its sizes', 'bao-cao.docx', lyingBomb(), 422, 'ARCHIVE_TOO_EXPANSIVE', {}],
    ['a ZIP whose entries overlap', 'bao-cao.docx', overlappingZip(), 422, 'MALFORMED_FILE', {}],
    ['an empty file', 'bao-cao.pdf', Buffer.alloc(0), 400, 'EMPTY_FILE', {}],
    ['a PNG named .pdf', 'bao-cao.pdf', photo(), 415, 'UNSUPPORTED_FILE_TYPE', { reason: 'extension' }],
    ['a name with path parts', '../../etc/bao-cao.pdf', pdf(), 400, 'INVALID_FILE_NAME', { reason: 'path' }],
    ['a Windows path', 'C:\\Users\\an\\bao-cao.pdf', pdf(), 400, 'INVALID_FILE_NAME', { reason: 'path' }],
    [
      'a name with a control character',
      'bao\u0007cao.pdf',
      pdf(),
      400,
      'INVALID_FILE_NAME',
      { reason: 'control' },
    ],
    [
      'a name reversed by a bidi override',
      'bao-cao\u202Efdp.exe',
      pdf(),
      400,
      'INVALID_FILE_NAME',
      { reason: 'control' },
    ],
  ])('refuses %s', async (_what, name, bytes, status, code, details) => {
    const before = await stored();
    const answer = await server.http.upload('p-khanh', id, 'achievementReport', name, bytes);
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
    expect((answer.body as unknown as { details: object }).details).toMatchObject(details);
    expect(await stored()).toEqual(before);
  });

  it('refuses a file over the kind’s limit (a deployment policy) and a type the kind does not take', async () => {
    const before = await stored();
    const big = await server.http.upload('p-khanh', id, 'meetingRecord', 'bien-ban.png', largePhoto());
    expect(largePhoto().length).toBeGreaterThan(3_000);
    expect({ status: big.status, code: big.body.code }).toEqual({ status: 413, code: 'FILE_TOO_LARGE' });
    const office = await server.http.upload('p-khanh', id, 'meetingRecord', 'bien-ban.docx', docx());
    expect({ status: office.status, code: office.body.code }).toEqual({
      status: 415,
      code: 'UNSUPPORTED_FILE_TYPE',
    });
    expect(await stored()).toEqual(before);
  });

  it('refuses uploads from officers outside the rules before reading the file', async () => {
    const before = await stored();
    const refusals = await Promise.all([
      server.http.upload('p-binh', id, 'achievementReport', 'a.pdf', pdf()),
      server.http.upload('p-cuong', id, 'achievementReport', 'a.pdf', pdf()),
      server.http.upload('p-hieu', id, 'birthCertificate', 'a.pdf', pdf()),
    ]);
    expect(refusals.map((answer) => [answer.status, answer.body.code])).toEqual([
      [403, 'EVENT_NOT_ALLOWED'], // the branch's own secretary: no role in the nomination
      [404, 'NOT_FOUND'], // another branch's secretary does not see it at all
      [400, 'INVALID_ATTACHMENTS'],
    ]);
    const noFile = await server.app.inject({
      method: 'POST',
      url: `/instances/${id}/attachments?kind=achievementReport`,
      headers: { ...(await bearer('p-hieu')), 'content-type': 'application/json' },
      payload: { file: 'x' },
    });
    expect(noFile.json()).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await stored()).toEqual(before);
  });
});

describe('the dossier, events and downloads', () => {
  let report: string;
  let letter: string;

  it('keeps uploads private to their uploader until an event brings them in; the event records their digests', async () => {
    report = await server.http.uploaded(
      'p-khanh',
      id,
      'achievementReport',
      'Báo cáo thành tích 2025.pdf',
      pdf(),
    );
    letter = await server.http.uploaded('p-khanh', id, 'requestLetter', 'Tờ trình.docx', docx('Tờ trình'));
    expect((await dossier('p-hieu')).body.items.map((item) => item.id)).not.toContain(report);
    expect((await download('p-hieu', report)).statusCode).toBe(404);
    // Another officer cannot send someone else's upload.
    const foreign = await server.http.send('p-hieu', id, { type: 'ADD_DOCUMENT', attachments: [report] });
    expect([foreign.status, codeOf(foreign.body)]).toEqual([400, 'UNKNOWN_ATTACHMENT']);

    const view = await server.http.sent('p-khanh', id, 'ADD_DOCUMENT', {}, { attachments: [report, letter] });
    expect(view.summary['missingDocuments']).toEqual(['meetingRecord', 'nomineeList']);
    const history = (await server.http.history('p-hieu', id)).body.items;
    expect(history.at(-1)).toMatchObject({
      type: 'ADD_DOCUMENT',
      attachments: [
        { id: report, kind: 'achievementReport', sha256: sha256(pdf()), mediaType: 'application/pdf' },
        { id: letter, kind: 'requestLetter', name: 'Tờ trình.docx' },
      ],
    });
    // Now part of the dossier, seen by whoever sees the instance; it cannot be sent again.
    const shown = await dossier('p-yen');
    expect(shown.body.items.find((item) => item.id === report)).toMatchObject({
      seq: 1,
      event: 'ADD_DOCUMENT',
    });
    const again = await server.http.send('p-khanh', id, { type: 'ADD_DOCUMENT', attachments: [report] });
    expect([again.status, codeOf(again.body)]).toEqual([400, 'UNKNOWN_ATTACHMENT']);
  });

  it('marks what is required and who may upload', async () => {
    const forDeputy = (await dossier('p-khanh')).body;
    expect(forDeputy.kinds.map((kind) => [kind.id, kind.canUpload, kind.required, kind.missing])).toEqual([
      ['requestLetter', true, false, false],
      ['meetingRecord', true, true, true],
      ['nomineeList', true, true, true],
      ['achievementReport', true, false, false],
    ]);
    expect(forDeputy.kinds.find((kind) => kind.id === 'meetingRecord')!.maxBytes).toBe(3_000);
    expect(forDeputy.events).toEqual([
      {
        type: 'ADD_DOCUMENT',
        accepts: ['requestLetter', 'meetingRecord', 'nomineeList', 'achievementReport'],
        requires: [],
        atLeastOne: true,
      },
    ]);
    const forSecretariat = (await dossier('p-yen')).body;
    expect(forSecretariat.kinds.every((kind) => !kind.canUpload)).toBe(true);
    expect((await dossier('p-cuong')).status).toBe(404);
  });

  it('serves the bytes with Range and ETag, sandboxed, and records every download', async () => {
    const bytes = pdf();
    const whole = await download('p-yen', report);
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(bytes)).toBe(true);
    expect(whole.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(bytes.length),
      'accept-ranges': 'bytes',
      etag: `"sha256-${sha256(bytes)}"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': expect.stringContaining('sandbox'),
      'content-disposition': `inline; filename="Bao cao thanh tich 2025.pdf"; filename*=UTF-8''${encodeURIComponent('Báo cáo thành tích 2025.pdf')}`,
    });
    const part = await download('p-yen', report, { range: 'bytes=100-199' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${bytes.length}`);
    expect(part.rawPayload.equals(bytes.subarray(100, 200))).toBe(true);
    const tail = await download('p-yen', report, { range: 'bytes=-10' });
    expect(tail.rawPayload.equals(bytes.subarray(-10))).toBe(true);
    const cached = await download('p-yen', report, { 'if-none-match': whole.headers.etag as string });
    expect([cached.statusCode, cached.rawPayload.length]).toEqual([304, 0]);
    const beyond = await download('p-yen', report, { range: `bytes=${bytes.length}-` });
    expect([beyond.statusCode, beyond.headers['content-range'], beyond.json().code]).toEqual([
      416,
      `bytes */${bytes.length}`,
      'RANGE_NOT_SATISFIABLE',
    ]);
    // An office document is never shown in the page.
    const word = await download('p-yen', letter);
    expect(word.headers['content-disposition']).toMatch(/^attachment; /);
    const forced = await server.app.inject({
      method: 'GET',
      url: `/attachments/${report}/content?download=true`,
      headers: await bearer('p-yen'),
    });
    expect(forced.headers['content-disposition']).toMatch(/^attachment; /);

    // An officer who cannot see the instance learns nothing, and no download is recorded for them.
    const outsider = await download('p-cuong', report);
    expect([outsider.statusCode, outsider.json().code]).toEqual([404, 'NOT_FOUND']);
    const log = await server.runtime.db.query<{ person_id: string; status: number; range: string | null }>(
      'select person_id, status, range from attachment_downloads where attachment_id = $1 order by id',
      [report],
    );
    expect(log.map((row) => [row.person_id, row.status, row.range])).toEqual([
      ['p-yen', 200, null],
      ['p-yen', 206, '100-199'],
      ['p-yen', 206, `${bytes.length - 10}-${bytes.length - 1}`],
      ['p-yen', 304, null],
      ['p-yen', 200, null],
    ]);
  });

  it('puts the bytes under the hash chain: changing a recorded digest breaks it', async () => {
    const rows = await server.runtime.db.query<HistoryRow>(
      'select * from history where instance_id = $1 order by seq',
      [id],
    );
    const chain = rows.map((row) => ({ entry: entryOf(row), prevHash: row.prev_hash, hash: row.hash }));
    expect(verifyChain(chain)).toBeNull();
    const tampered = chain.map((link) =>
      link.entry.attachments
        ? {
            ...link,
            entry: {
              ...link.entry,
              attachments: link.entry.attachments.map((file) => ({ ...file, sha256: '0'.repeat(64) })),
            },
          }
        : link,
    );
    expect(verifyChain(tampered)).toBe(1);
  });

  it('lets the uploader withdraw a waiting upload, never one in the dossier', async () => {
    const draft = await server.http.uploaded('p-khanh', id, 'nomineeList', 'Danh sách (nháp).xlsx', xlsx());
    const remove = async (attachmentId: string, personId = 'p-khanh') =>
      server.app.inject({
        method: 'DELETE',
        url: `/attachments/${attachmentId}`,
        headers: await bearer(personId),
      });
    expect((await remove(draft, 'p-hieu')).statusCode).toBe(404);
    expect((await remove(draft)).statusCode).toBe(204);
    expect((await remove(draft)).statusCode).toBe(404);
    expect((await remove(report)).json()).toMatchObject({ code: 'FORBIDDEN' });
  });
});
