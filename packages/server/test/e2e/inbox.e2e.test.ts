import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServer, TestClock, type E2eServer } from './support.ts';

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
  server = await openServer('inbox', { clock });
});
afterAll(async () => server?.close());

const ids = (page: { items: { instanceId: string }[] }) => page.items.map((item) => item.instanceId);

describe('the inbox over HTTP', () => {
  it('hands a transfer approved by the branch to the base’s officers, and off the branch’s list', async () => {
    const { http } = server;
    const { id } = await http.started('p-an', 'member-transfer', request);
    await http.sent('p-an', id, 'SUBMIT');
    expect(ids((await http.inbox('p-binh')).body)).toContain(id);
    expect(ids((await http.inbox('p-hieu')).body)).not.toContain(id);

    await http.sent('p-binh', id, 'CONFIRM', confirm);
    for (const officer of ['p-hieu', 'p-khanh']) {
      const inbox = (await http.inbox(officer)).body;
      expect(inbox.items).toContainEqual(
        expect.objectContaining({
          instanceId: id,
          workflowId: 'member-transfer',
          state: 'sourceBase',
          unitId: 'tradoc',
          unitName: 'Đoàn xã Trà Đốc',
          subject: 'Nguyễn Văn An',
          events: expect.arrayContaining(['ISSUE_REFERRAL']),
        }),
      );
    }
    expect(ids((await http.inbox('p-binh')).body)).not.toContain(id);
    // The next step hands it on again: after the referral only the member has something to do.
    await http.sent('p-hieu', id, 'ISSUE_REFERRAL', { issuedOn: '2026-03-02' });
    expect(ids((await http.inbox('p-hieu')).body)).not.toContain(id);
    expect((await http.inbox('p-an', { state: 'inTransit' })).body.items).toEqual([
      expect.objectContaining({ instanceId: id, personId: 'p-an', events: ['PRESENT_REFERRAL'] }),
    ]);
  });

  it('searches without diacritics or case: "bi thu", "nguyen van an"', async () => {
    const { http } = server;
    const { id: binhs } = await http.started('p-binh', 'member-transfer', { ...request, memberId: 'p-binh' });
    await http.sent('p-binh', binhs, 'SUBMIT');
    const { id: ans } = await http.started('p-an', 'member-transfer', request);
    await http.sent('p-an', ans, 'SUBMIT');

    // p-an is the branch's deputy secretary: his tasks as "Bí thư chi đoàn" and as the member.
    const secretary = (await http.inbox('p-an', { search: 'bi thu' })).body;
    expect(secretary.items.length).toBeGreaterThan(0);
    expect(secretary.items.every((item) => item.role === 'branchSecretary')).toBe(true);
    // Each task names its role in words, as the server resolves them (a host's roles too).
    expect(secretary.items.map((item) => item.roleLabel)).toContainEqual({
      vi: 'Bí thư chi đoàn',
      en: 'Branch secretary',
    });
    expect(ids(secretary)).toEqual(expect.arrayContaining([binhs, ans]));
    expect((await http.inbox('p-an', { search: 'BÍ THƯ chi đoàn' })).body.counts).toEqual(secretary.counts);

    const an = (await http.inbox('p-binh', { search: 'nguyen van an' })).body;
    expect(an.items.length).toBeGreaterThan(0);
    expect(an.items.every((item) => item.subject === 'Nguyễn Văn An')).toBe(true);
    expect(ids(an)).toContain(ans);
    expect(ids(an)).not.toContain(binhs);
    expect((await http.inbox('p-binh', { search: 'Nguyễn Văn An' })).body.counts).toEqual(an.counts);
    expect((await http.inbox('p-binh', { search: 'tran thi binh' })).body.items).toEqual([
      expect.objectContaining({ instanceId: binhs, subject: 'Trần Thị Bình' }),
    ]);
    expect((await http.inbox('p-binh', { search: 'chi doan thon 2 nguyen' })).body.counts.total).toBe(
      an.counts.total,
    );
    expect((await http.inbox('p-binh', { search: 'khong co gi' })).body).toMatchObject({
      items: [],
      nextCursor: null,
      counts: { total: 0 },
    });
  });

  it('pages by cursor, each task once, with counts over the whole filtered set', async () => {
    const { http } = server;
    const mine: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const { id } = await http.started('p-an', 'member-transfer', request);
      await http.sent('p-an', id, 'SUBMIT');
      mine.push(id);
    }
    const filter = { workflowId: 'member-transfer', state: 'sourceBranch' };
    const all = (await http.inbox('p-cuong', filter)).body;
    expect(all.counts.total).toBe(0); // another branch's secretary
    const first = (await http.inbox('p-binh', { ...filter, limit: 3 })).body;
    const total = first.counts.total;
    expect(total).toBeGreaterThanOrEqual(mine.length);
    expect(first.counts.byWorkflow).toEqual({ 'member-transfer': total });

    const seen = [...first.items];
    let cursor = first.nextCursor;
    let pages = 1;
    while (cursor) {
      const page = (await http.inbox('p-binh', { ...filter, limit: 3, cursor })).body;
      expect(page.counts.total).toBe(total);
      expect(page.items.length).toBeGreaterThan(0);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(total / 3));
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((item) => `${item.instanceId}|${item.role}|${item.unitId}`)).size).toBe(total);
    expect(ids({ items: seen })).toEqual(expect.arrayContaining(mine));

    const bad = await http.inbox('p-binh', { cursor: 'not-a-cursor' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('filters by org subtree and due date', async () => {
    const { http } = server;
    // A transfer waiting at Hòa Châu, with the destination's response due in five working days.
    const { id } = await http.started('p-an', 'member-transfer', request);
    await http.sent('p-an', id, 'SUBMIT');
    await http.sent('p-binh', id, 'CONFIRM', confirm);
    await http.sent('p-hieu', id, 'ISSUE_REFERRAL', { issuedOn: '2026-03-02' });
    const presented = await http.sent('p-an', id, 'PRESENT_REFERRAL');
    const due = presented.tasks[0]!.due!;
    const nga = (await http.inbox('p-nga', { unitId: 'hoachau' })).body;
    expect(nga.items).toContainEqual(
      expect.objectContaining({
        instanceId: id,
        unitId: 'hoachau',
        due,
        events: ['ACCEPT', 'RETURN_TO_SOURCE'],
      }),
    );
    expect(nga.items.every((item) => item.unitId === 'hoachau')).toBe(true);
    expect((await http.inbox('p-nga', { unitId: 'tradoc' })).body.counts.total).toBe(0);
    expect((await http.inbox('p-nga', { dueBefore: due })).body.counts.total).toBe(0);
    const later = new Date(Date.parse(due) + 1000).toISOString();
    expect(ids((await http.inbox('p-nga', { dueBefore: later })).body)).toEqual([id]);
  });
});
