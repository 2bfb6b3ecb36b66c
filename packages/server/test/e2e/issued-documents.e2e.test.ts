import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedDocumentView } from '../../src/issued-documents/issued-documents.ts';
import { docx, pdf as pdfFile, photo, xlsx } from '../support/files.ts';
import { pdfText } from '../support/pdf-text.ts';
import { auditInstance, bearer, fireTimer, openServer, TestClock, type E2eServer } from './support.ts';

const request = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
};
const confirm = { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' };

const clock = new TestClock('2026-03-02T02:00:00Z');
let server: E2eServer;

beforeAll(async () => {
  server = await openServer('issued_docs', {
    clock,
    documents: { publicUrl: 'https://doanflow.example.vn', unitSymbols: { tradoc: 'ĐTĐ-VP' } },
    app: { verifyPerMinute: 5 },
  });
});
afterAll(async () => server?.close());

async function issuedReferral() {
  const { http } = server;
  const { id } = await http.started('p-an', 'member-transfer', request);
  await http.sent('p-an', id, 'SUBMIT');
  await http.sent('p-binh', id, 'CONFIRM', confirm);
  await http.sent('p-khanh', id, 'ISSUE_REFERRAL', { issuedOn: '2026-03-02' }, { acting: 'KT' });
  return id;
}

const documentsOf = (personId: string, id: string) =>
  server.http.call<IssuedDocumentView[]>(personId, 'GET', `/instances/${id}/issued-documents`);

const pdfOf = async (personId: string, documentId: string) =>
  server.app.inject({
    method: 'GET',
    url: `/issued-documents/${documentId}/pdf`,
    headers: await bearer(personId),
  });

describe('documents out: a signing decision issues a numbered, verifiable PDF', () => {
  it('the v2 transfer’s referral form asks for its date only (the register gives the number); v1’s keeps the typed number', async () => {
    const formOf = async (version: number, type: string) => {
      const answer = await server.http.call<{
        events: { type: string; payload: { properties: object; required?: string[] } }[];
      }>('p-hieu', 'GET', `/definitions/member-transfer?version=${version}`);
      return answer.body.events.find((event) => event.type === type)!.payload;
    };
    for (const type of ['ISSUE_REFERRAL', 'REISSUE']) {
      const v2 = await formOf(2, type);
      expect(Object.keys(v2.properties)).toEqual(['issuedOn']);
      expect(v2.required).toEqual(['issuedOn']);
      expect((await formOf(1, type)).required).toEqual(['referralNumber', 'issuedOn']);
    }
  });

  it('numbers the referral from the register, stores its PDF under the hash chain, serves it to who may read', async () => {
    const id = await issuedReferral();
    const listed = await documentsOf('p-hieu', id);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      expect.objectContaining({
        kind: 'transfer-referral',
        number: '1-GGT/ĐTĐ-VP',
        issuedOn: '2026-03-02',
        validUntil: '2026-04-01',
        issuingUnit: 'Đoàn xã Trà Đốc',
        signerName: 'Bùi Ngọc Khánh',
        signerTitle: 'KT. BÍ THƯ – PHÓ BÍ THƯ',
        status: 'current',
      }),
    ]);
    const [document] = listed.body;

    // The history entry of the signing carries the PDF's digest, and the chain holds.
    const audit = await auditInstance(server.runtime, id);
    expect(audit.brokenAt).toBeNull();
    expect(audit.lastHashMatches).toBe(true);
    expect(audit.replayed).toEqual(audit.stored);
    const signing = audit.entries.find((entry) => entry.type === 'ISSUE_REFERRAL')!;
    expect(signing.issued).toEqual([
      {
        id: document!.id,
        kind: 'transfer-referral',
        number: '1-GGT/ĐTĐ-VP',
        sha256: document!.sha256,
        code: expect.any(String),
      },
    ]);

    const pdf = await pdfOf('p-hieu', document!.id);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(document!.sha256);
    const text = await pdfText(pdf.rawPayload);
    for (const words of [
      'GIẤY GIỚI THIỆU SINH HOẠT ĐOÀN',
      'Nguyễn Văn An',
      'KT. BÍ THƯ',
      'Số: 1-GGT/ĐTĐ-VP',
      'ngày 02 tháng 3 năm 2026',
    ]) {
      expect(text).toContain(words);
    }

    // An officer of another base cannot see the instance: neither its documents nor the PDF.
    expect((await documentsOf('p-minh', id)).status).toBe(404);
    expect((await pdfOf('p-minh', document!.id)).statusCode).toBe(404);
  });

  it('the public verify page shows the paper’s facts and status without sign-in; a reissue revokes', async () => {
    const id = await issuedReferral();
    const [first] = (await documentsOf('p-hieu', id)).body;
    const code = first!.verifyHref.split('/').at(-1)!;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);

    const page = await server.app.inject({ method: 'GET', url: `/verify/${first!.code}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    for (const shown of [
      first!.number,
      'Còn hiệu lực',
      'Đoàn xã Trà Đốc',
      'Bùi Ngọc Khánh',
      first!.sha256,
      '02/03/2026',
    ]) {
      expect(page.body).toContain(shown);
    }
    // Nothing the paper does not show: no member, no reason.
    expect(page.body).not.toContain('Nguyễn Văn An');
    expect(page.body).not.toContain('Chuyển nơi làm việc');

    await fireTimer(server, id, 'referralValidity');
    await server.http.sent('p-hieu', id, 'REISSUE', { issuedOn: '2026-04-01' });
    const after = (await documentsOf('p-hieu', id)).body;
    expect(after.map((each) => each.status)).toEqual(['revoked', 'current']);
    expect(after[1]!.number).toMatch(/^\d+-GGT\/ĐTĐ-VP$/);
    const revoked = await server.app.inject({ method: 'GET', url: `/verify/${code}` });
    expect(revoked.body).toContain('data-status="revoked"');

    // A code nobody was given: 404. Then the address is rate-limited (5 a minute here).
    expect((await server.app.inject({ method: 'GET', url: '/verify/0000-0000-0000' })).statusCode).toBe(404);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await server.app.inject({ method: 'GET', url: `/verify/${code}` })).statusCode);
    }
    expect(statuses).toContain(429);
  });

  it('a v2 round’s one Quyết định khen thưởng lists every awardee of its decision in the danh sách kèm theo', async () => {
    const { http, runtime } = server;
    clock.set('2026-02-12T02:00:00Z');
    const personForm = { id: 'can-bo-tieu-bieu', name: 'Cán bộ Đoàn tiêu biểu', nomineeKind: 'person' };
    const round = await http.started('p-yen', 'award-campaign', {
      awardingUnitId: 'dn',
      name: 'Đợt xét khen thưởng 26/3/2026',
      awardForms: [personForm],
      quotas: { tradoc: 2 },
      deadline: '2026-03-10T10:00:00.000Z',
    });
    expect(round.version).toBe(2);
    const files = {
      requestLetter: ['Tờ trình.pdf', pdfFile('Tờ trình đề nghị khen thưởng')],
      meetingRecord: ['Biên bản.png', photo(3)],
      nomineeList: ['Danh sách.xlsx', xlsx()],
      achievementReport: ['Báo cáo thành tích.docx', docx()],
    } as const;
    for (const personId of ['p-an', 'p-thao']) {
      const nomination = await http.started('p-hieu', 'award-nomination', {
        campaignId: round.id,
        nominatingUnitId: 'tradoc',
        awardFormId: personForm.id,
        nominee: { kind: 'person', personId },
      });
      for (const [kind, [name, bytes]] of Object.entries(files)) {
        const file = await http.uploaded('p-hieu', nomination.id, kind, name, bytes);
        await http.sent('p-hieu', nomination.id, 'ADD_DOCUMENT', {}, { attachments: [file] });
      }
      await http.sent('p-hieu', nomination.id, 'RECORD_RATING', {
        year: 2025,
        rating: 'excellent',
        disciplined: false,
      });
      await http.sent('p-hieu', nomination.id, 'SUBMIT');
      await http.sent('p-yen', nomination.id, 'ACCEPT_DOSSIER');
      for (const voter of ['p-ha', 'p-tuan', 'p-nga', 'p-long', 'p-oanh']) {
        await http.sent(voter, nomination.id, 'CAST_VOTE', { vote: 'yes' });
      }
      expect((await http.sent('p-ha', nomination.id, 'CLOSE_VOTE')).state).toBe('awaitingSignature');
    }
    await runtime.links.deliver();

    clock.set('2026-03-11T02:00:00Z');
    await runtime.runDueTimers();
    await http.sent('p-yen', round.id, 'SEND_TO_COUNCIL', { dossiersReceived: 2 });
    await http.sent('p-ha', round.id, 'DECIDE_AWARDS', {
      decisionNumber: '215-QĐ/TĐTN',
      signedOn: '2026-03-11',
    });

    // Issued in the decision's own transaction, before any nomination is marked awarded by link.
    const listed = (await documentsOf('p-ha', round.id)).body;
    expect(listed).toEqual([expect.objectContaining({ kind: 'award-decision', status: 'current' })]);
    const text = await pdfText((await pdfOf('p-ha', listed[0]!.id)).rawPayload);
    for (const words of [
      'QUYẾT ĐỊNH',
      'cho 2 tập thể, cá nhân',
      'DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG',
      'Nguyễn Văn An',
      'Lý Thị Thảo',
      'Cán bộ Đoàn tiêu biểu',
    ]) {
      expect(text).toContain(words);
    }
  });
});
