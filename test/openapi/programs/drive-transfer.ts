/**
 * A portal's program written against a client generated from GET /openapi.json (openapi-typescript
 * + openapi-fetch) and nothing hand-written: it drives a member transfer from request to the
 * member's first meeting at the new branch. Each event's `type` and payload are checked by tsc
 * against the workflow's own schemas (a misspelt event does not compile), and the answers' summary
 * is typed by the workflow's summary schema (a misread field does not compile).
 */
import createClient from 'openapi-fetch';
import type { paths } from '../generated/openapi.ts';

export type TokenFor = (personId: string) => Promise<string>;

export async function driveTransfer(baseUrl: string, tokenFor: TokenFor) {
  const client = createClient<paths>({ baseUrl });
  const as = async (personId: string) => ({ authorization: `Bearer ${await tokenFor(personId)}` });

  const started = await client.POST('/workflows/member-transfer/instances', {
    headers: { ...(await as('p-an')), 'idempotency-key': `transfer-${Date.now()}` },
    body: {
      input: {
        memberId: 'p-an',
        kind: 'permanent',
        sourceBranchId: 'cd-thon2',
        destinationBaseId: 'hoachau',
        reason: 'Chuyển nơi làm việc về Đà Nẵng',
      },
    },
  });
  if (!started.data) throw new Error(`start: ${JSON.stringify(started.error)}`);
  const id = started.data.id;
  const path = '/workflows/member-transfer/instances/{id}/events' as const;
  const today = new Date().toISOString().slice(0, 10);

  const steps = [
    ['p-an', { type: 'SUBMIT' }],
    ['p-binh', { type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } }],
    ['p-hieu', { type: 'ISSUE_REFERRAL', payload: { issuedOn: today } }],
    ['p-an', { type: 'PRESENT_REFERRAL' }],
    ['p-nga', { type: 'ACCEPT', comment: 'Đồng ý tiếp nhận' }],
    ['p-nga', { type: 'ASSIGN_BRANCH', payload: { branchId: 'cd-kdc-tayan' } }],
    ['p-vy', { type: 'ACKNOWLEDGE' }],
  ] as const satisfies readonly [string, SendBody][];

  let revision = started.data.revision;
  const states: string[] = [started.data.state];
  let summary = started.data.summary;
  for (const [personId, body] of steps) {
    const sent = await client.POST(path, {
      params: { path: { id } },
      headers: { ...(await as(personId)), 'if-match': `"${revision}"` },
      body,
    });
    if (!sent.data) throw new Error(`${body.type}: ${JSON.stringify(sent.error)}`);
    revision = sent.data.revision;
    states.push(sent.data.state);
    summary = sent.data.summary;
  }
  const kind: 'permanent' | 'temporary' | 'residence' = summary.kind;
  const destinationBranchId: string | null = summary.destinationBranchId;
  const history = await client.GET('/instances/{id}/history', {
    params: { path: { id } },
    headers: await as('p-an'),
  });
  return {
    id,
    states,
    events: history.data?.items.map((entry) => entry.type) ?? [],
    summary: { kind, destinationBranchId },
  };
}

type SendBody =
  paths['/workflows/member-transfer/instances/{id}/events']['post']['requestBody']['content']['application/json'];
