import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type DoanflowApp } from '../../src/app.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, TestClock, uniqueName } from '../runtime/support.ts';
import { bearer, SECRET, TENANT } from '../support/test-app.ts';

/**
 * GET /records/units/{id} and /records/people/{id}: a record is read by its person and by the officers
 * whose scope covers it, page by page, newest first; anyone else gets the same 404 as for a unit or
 * person that does not exist. The facts are written here as the link delivery writes them (its own
 * tests cover the delivery: links.test.ts, award-round.test.ts, field-visit-rules.test.ts).
 */
const schema = uniqueName('http_records');
const clock = new TestClock('2026-12-20T02:00:00.000Z');
let runtime: HostedRuntime;
let app: DoanflowApp;

const fact = async (
  subject: ['unit' | 'person', string],
  kind: string,
  key: string,
  data: object,
  at: string,
) => {
  const [link] = await runtime.db.query<{ id: string }>(
    `insert into links (source_instance_id, source_workflow_id, source_seq, kind, key, target_kind, target_id,
       data, deliver, created_at, delivered_at)
     values ('src-' || $2, 'test', 1, $1, $2, $3, $4, $5::jsonb, '[]'::jsonb, $6, $6) returning id`,
    [kind, key, subject[0], subject[1], JSON.stringify(data), at],
  );
  await runtime.db.query(
    `insert into records (subject_kind, subject_id, kind, key, data, source_instance_id, source_workflow_id,
       source_seq, link_id, recorded_at) values ($1, $2, $3, $4, $5::jsonb, 'src-' || $4, 'test', 1, $6, $7)`,
    [subject[0], subject[1], kind, key, JSON.stringify(data), link!.id, at],
  );
};

const read = async (url: string, personId: string) => app.inject({ url, headers: await bearer(personId) });

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
  app = buildApp({ runtime, registry: runtime.registry, auth: { secret: SECRET, tenant: TENANT } });
  await app.ready();
  await fact(['unit', 'cd-thon2'], 'branchReview.result', '2026', { level: 'good' }, '2026-12-10T03:00:00Z');
  await fact(
    ['unit', 'tradoc'],
    'branchReview.branchResult',
    '2026:cd-thon2',
    { level: 'good' },
    '2026-12-10T03:00:00Z',
  );
  await fact(
    ['person', 'p-an'],
    'member.hostComment',
    '2026:yearEnd:t1',
    { comment: 'Tích cực' },
    '2026-12-05T03:00:00Z',
  );
  await fact(
    ['person', 'p-an'],
    'award',
    'c1:f1',
    { awardForm: 'Đoàn viên xuất sắc' },
    '2026-12-06T03:00:00Z',
  );
  await fact(
    ['person', 'p-an'],
    'member.hostComment',
    '2026:stayEnd:t2',
    { comment: 'Tốt' },
    '2026-12-07T03:00:00Z',
  );
  await fact(
    ['person', 'p-quy'],
    'fieldVisit.year',
    '2026',
    { creditedDays: 64, outcome: 'compliant' },
    '2026-12-15T03:00:00Z',
  );
});
afterAll(async () => {
  await app?.close();
  await dropSchema(schema);
});

describe('hồ sơ (records) over HTTP', () => {
  it('đoàn viên xem hồ sơ của mình: mới nhất trước, từng loại có tên bằng lời', async () => {
    const own = await read('/records/people/p-an', 'p-an');
    expect(own.statusCode).toBe(200);
    const page = own.json();
    expect(page.subject).toEqual({ kind: 'person', id: 'p-an', name: 'Nguyễn Văn An' });
    expect(page.items.map((item: { key: string }) => item.key)).toEqual([
      '2026:stayEnd:t2',
      'c1:f1',
      '2026:yearEnd:t1',
    ]);
    expect(page.items[0]).toMatchObject({
      kind: 'member.hostComment',
      label: { vi: 'Nhận xét của nơi sinh hoạt tạm thời / nơi cư trú', en: 'Comment from the host branch' },
      data: { comment: 'Tốt' },
      source: { instanceId: 'src-2026:stayEnd:t2', workflowId: 'test', seq: 1 },
      recordedAt: '2026-12-07T03:00:00.000Z',
    });
    expect(page.nextCursor).toBeNull();
  });

  it('phân trang bằng con trỏ, lọc theo loại', async () => {
    const first = (await read('/records/people/p-an?limit=2', 'p-binh')).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await read(`/records/people/p-an?limit=2&cursor=${first.nextCursor}`, 'p-binh')).json();
    expect(second.items.map((item: { key: string }) => item.key)).toEqual(['2026:yearEnd:t1']);
    expect(second.nextCursor).toBeNull();
    const comments = (await read('/records/people/p-an?kind=member.hostComment', 'p-binh')).json();
    expect(comments.items.map((item: { kind: string }) => item.kind)).toEqual([
      'member.hostComment',
      'member.hostComment',
    ]);
    const bad = await read('/records/people/p-an?cursor=bm90LWEtY3Vyc29y', 'p-binh');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('cán bộ cấp trên đọc hồ sơ của đơn vị và người thuộc phạm vi mình', async () => {
    // The base's secretary reads its branch and its members; the city's standing committee reads all.
    expect((await read('/records/units/cd-thon2', 'p-hieu')).json().items).toHaveLength(1);
    expect((await read('/records/units/tradoc', 'p-hieu')).json().items[0]).toMatchObject({
      kind: 'branchReview.branchResult',
      label: { vi: 'Kết quả xếp loại chi đoàn trực thuộc' },
    });
    expect((await read('/records/people/p-an', 'p-hieu')).statusCode).toBe(200);
    expect((await read('/records/people/p-quy', 'p-ha')).json().items[0]).toMatchObject({
      kind: 'fieldVisit.year',
      data: { creditedDays: 64 },
    });
    expect((await read('/records/units/cd-thon2', 'p-ha')).statusCode).toBe(200);
    // A deputy branch secretary is an officer of the branch: its record and its members'.
    expect((await read('/records/units/cd-thon2', 'p-an')).statusCode).toBe(200);
    expect((await read('/records/people/p-binh', 'p-an')).statusCode).toBe(200);
  });

  it('ngoài phạm vi: 404 như khi không có, không lộ sự tồn tại', async () => {
    const refusals = await Promise.all([
      read('/records/people/p-an', 'p-cuong'), // secretary of another branch
      read('/records/people/p-an', 'p-lan'), // a plain member elsewhere
      read('/records/people/p-giang', 'p-dung'), // a plain member reads only their own
      read('/records/units/cd-kdc-tayan', 'p-lan'), // … and not their branch's
      read('/records/units/tradoc', 'p-binh'), // a branch secretary does not read the base above
      read('/records/people/p-quy', 'p-hieu'), // a base secretary does not read a city cadre
      read('/records/people/p-quy', 'p-nga'), // a council member of the city is not an officer over him
      read('/records/units/hoachau', 'p-hieu'), // another base
    ]);
    const missing = await Promise.all([
      read('/records/people/p-nobody-at-all', 'p-ha'),
      read('/records/units/no-such-unit', 'p-ha'),
    ]);
    for (const answer of [...refusals, ...missing]) {
      expect(answer.statusCode).toBe(404);
      expect(answer.json()).toMatchObject({ code: 'NOT_FOUND', details: {} });
    }
    // The same words for a record that exists and one that does not.
    expect(refusals[0]!.json().message).toBe('no record of person p-an');
    expect(missing[0]!.json().message).toBe('no record of person p-nobody-at-all');
  });

  it('không đăng nhập: 401', async () => {
    expect((await app.inject({ url: '/records/people/p-an' })).statusCode).toBe(401);
  });
});
