import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { decisionQueueOf } from '@doanflow/client';
import { memoryStore } from '@doanflow/client';
import { createDoanflowClient } from '@doanflow/client';
import { fakeServer } from '../testing/fake-server.ts';
import { transferDefinition, transferInstance } from '../testing/fixtures.ts';
import { BASE_URL, renderWidget } from '../testing/render.tsx';
import { Inbox } from '../Inbox/Inbox.tsx';
import { ApprovalPanel } from './ApprovalPanel.tsx';

/** An unsigned token for p-hieu: enough for the client to know whose decisions it keeps. */
const token = `e30.${btoa(JSON.stringify({ sub: 'p-hieu' })).replace(/=+$/, '')}.x`;
const decided = { ...transferInstance, state: 'sourceBranch', revision: 4, allowedEvents: [] };
const routes = () => ({
  'GET /instances/inst-1': { body: transferInstance },
  'GET /definitions/member-transfer': { body: transferDefinition },
  'POST /instances/inst-1/events': { body: decided },
});
const posts = (server: ReturnType<typeof fakeServer>) => server.requests.filter((r) => r.method === 'POST');

function setUp() {
  const server = fakeServer(routes());
  const client = createDoanflowClient({
    baseUrl: BASE_URL,
    token,
    fetch: server.fetch,
    decisionStore: memoryStore(),
    stream: { shareAcrossTabs: false },
    retry: { attempts: 0 },
  });
  return { server, client };
}

async function decideOffline(server: ReturnType<typeof fakeServer>) {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'Trả lại chi đoàn' }));
  await user.type(screen.getByLabelText('Reason *'), 'Thiếu nhận xét');
  server.goOffline();
  await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Trả lại chi đoàn' }));
}

describe('a decision taken offline', () => {
  it('is kept with its key and revision, shown as waiting, and sent when the connection returns', async () => {
    const { server, client } = setUp();
    renderWidget(<ApprovalPanel instanceId="inst-1" />, server, { client });
    await decideOffline(server);
    await waitFor(() =>
      expect(document.activeElement?.textContent).toContain(
        'Mất kết nối: quyết định “Trả lại chi đoàn” đã được lưu trên máy này',
      ),
    );
    expect(await screen.findByText('1 quyết định chờ gửi')).toBeTruthy();
    // No second decision on a case whose decision waits to be sent.
    expect(screen.queryByRole('group', { name: 'Quyết định' })).toBeNull();
    const kept = await decisionQueueOf(client).list();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ instanceId: 'inst-1', expectedRevision: 3, status: 'waiting' });
    expect(kept[0]!.command).toMatchObject({
      type: 'RETURN_TO_BRANCH',
      payload: { reason: 'Thiếu nhận xét' },
    });
    const attempted = posts(server).map((request) => request.headers['idempotency-key']);

    server.goOnline();
    window.dispatchEvent(new Event('online'));
    expect(
      await screen.findByText(/^Đã gửi quyết định “Trả lại chi đoàn” \(lưu khi mất kết nối\)/),
    ).toBeTruthy();
    const sent = posts(server).at(-1)!;
    expect(sent.body).toMatchObject({ type: 'RETURN_TO_BRANCH', expectedRevision: 3 });
    // The same key as the attempt that got no answer: the server records it once either way.
    expect(sent.headers['idempotency-key']).toBe(kept[0]!.key);
    expect(attempted.every((key) => key === kept[0]!.key)).toBe(true);
    expect(await decisionQueueOf(client).list()).toEqual([]);
    expect(screen.queryByText('1 quyết định chờ gửi')).toBeNull();
  });

  it('that someone overtook is explained with where the case stands, never dropped silently', async () => {
    const { server, client } = setUp();
    const moved = {
      ...transferInstance,
      state: 'inTransit',
      revision: 5,
      stateLabel: { vi: 'Đang chuyển', en: 'In transit' },
    };
    renderWidget(<ApprovalPanel instanceId="inst-1" />, server, { client });
    await decideOffline(server);
    await screen.findByText('1 quyết định chờ gửi');
    server.on('POST /instances/inst-1/events', {
      status: 409,
      body: { code: 'STALE_REVISION', message: 'the instance changed', details: { expected: 3, actual: 5 } },
    });
    server.on('GET /instances/inst-1', { body: moved });
    server.goOnline();
    await decisionQueueOf(client).flush();
    const explained = await screen.findByText(
      /chưa được ghi nhận: trong lúc bạn mất kết nối, hồ sơ đã được xử lý tiếp \(nay ở bước: Đang chuyển\)/,
    );
    expect(explained.closest('[role="status"]')).not.toBeNull();
    expect((await decisionQueueOf(client).list())[0]).toMatchObject({
      status: 'conflict',
      problem: { code: 'STALE_REVISION' },
    });
    // Kept until the officer has read it; the inbox shows it too.
    renderWidget(
      <Inbox />,
      fakeServer({
        'GET /inbox': {
          body: { items: [], nextCursor: null, counts: { total: 0, overdue: 0, byWorkflow: {} } },
        },
        'GET /definitions': { body: { items: [transferDefinition] } },
      }),
      { client },
    );
    await waitFor(() => expect(screen.getAllByText(/nay ở bước: Đang chuyển/)).toHaveLength(2));
    await userEvent.setup().click(
      within(explained.closest('.df-Queue-problem')!).getByRole('button', {
        name: 'Đã hiểu, bỏ quyết định này',
      }),
    );
    await waitFor(async () => expect(await decisionQueueOf(client).list()).toEqual([]));
  });
});
