import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentIssuer } from '../../src/issued-documents/issuer.ts';
import { RenderPool } from '../../src/issued-documents/render-pool.ts';
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
  server = await openServer('issue_rollback', { clock });
});
afterAll(async () => server?.close());

describe('a document whose render fails', () => {
  it('rolls its signing step back and gives its number back: the next issue takes it, exactly once', async () => {
    const { http, runtime } = server;
    const { id } = await http.started('p-an', 'member-transfer', request);
    await http.sent('p-an', id, 'SUBMIT');
    await http.sent('p-binh', id, 'CONFIRM', confirm);
    const seen = (await http.get('p-hieu', id)).body;

    // A render process that never answers in time (a real process, killed when its time is up).
    const working = runtime.documents!;
    const hasty = new RenderPool({ processes: 1, timeoutMs: 1 });
    runtime.documents = new DocumentIssuer({
      renderer: hasty,
      store: runtime.attachments,
      cache: runtime.cache,
      policy: working.policy,
    });
    try {
      const failed = await http.send('p-hieu', id, {
        type: 'ISSUE_REFERRAL',
        payload: { issuedOn: '2026-03-02' },
        expectedRevision: seen.revision,
      });
      expect(failed.status).toBeGreaterThanOrEqual(500);
    } finally {
      runtime.documents = working;
      await hasty.close();
    }
    const after = (await http.get('p-hieu', id)).body;
    expect({ state: after.state, revision: after.revision }).toEqual({
      state: 'sourceBase',
      revision: seen.revision,
    });
    const documents = await runtime.db.query<{ count: string }>('select count(*) from issued_documents');
    expect(documents[0]?.count).toBe('0');

    await http.sent('p-hieu', id, 'ISSUE_REFERRAL', { issuedOn: '2026-03-02' });
    const listed = await http.call<{ number: string }[]>(
      'p-hieu',
      'GET',
      `/instances/${id}/issued-documents`,
    );
    expect(listed.body.map((document) => document.number)).toEqual(['1-GGT/TRADOC']);
  });
});
