import { act, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeEventStream } from '../testing/fake-event-stream.ts';
import { fakeServer, type FakeServer } from '../testing/fake-server.ts';
import { calendar2026, inboxPage, task, transferDefinition, transferInstance } from '../testing/fixtures.ts';
import { defineDoanflowElements } from './elements.tsx';

const decided = { ...transferInstance, state: 'sourceBranch', revision: 4, allowedEvents: [] };
let server: FakeServer;
const originalFetch = globalThis.fetch;

/** A JWT-shaped token (the server verifies signatures; the elements only read who it is for). */
const jwt = (sub: string, n = 1) =>
  `${btoa('{"alg":"HS256"}')}.${btoa(JSON.stringify({ sub, n })).replace(/=+$/, '')}.signature${n}`;

beforeEach(() => {
  FakeEventStream.connections = [];
  server = fakeServer({
    'GET /instances/inst-1': { body: transferInstance },
    'GET /definitions/member-transfer': { body: transferDefinition },
    'GET /calendar/2026': { body: calendar2026() },
    'POST /instances/inst-1/events': { body: decided },
    'POST /instances': { status: 201, body: transferInstance },
    'GET /definitions': { body: { items: [transferDefinition] } },
    'GET /inbox': { body: inboxPage([task()]) },
    'GET /events': FakeEventStream.route,
  });
  // Elements take no fetch attribute: they use the page's fetch, like a real embed.
  globalThis.fetch = server.fetch;
  defineDoanflowElements();
});

afterEach(async () => {
  await act(async () => {
    document.body.innerHTML = '';
  });
  globalThis.fetch = originalFetch;
});

async function mount(html: string) {
  await act(async () => {
    document.body.insertAdjacentHTML('beforeend', html);
  });
  const element = document.body.lastElementChild as HTMLElement & { token: string | null };
  const shadow = element.shadowRoot!;
  return { element, shadow, view: within(shadow as unknown as HTMLElement) };
}

const requestsTo = (path: string) => server.requests.filter((request) => request.path === path);

describe('web components', () => {
  it('renders <doanflow-approval> in a shadow root with an adopted stylesheet and sends the token', async () => {
    const { shadow, view } = await mount(
      '<doanflow-approval base-url="http://doanflow.test" token="abc" instance-id="inst-1" locale="en"></doanflow-approval>',
    );
    expect(await view.findByRole('button', { name: 'Return to branch' })).toBeTruthy();
    // No <style> element anywhere (a strict style-src would refuse it): one constructed sheet.
    expect(shadow.adoptedStyleSheets).toHaveLength(1);
    expect(shadow.querySelector('style')).toBeNull();
    expect(document.head.querySelector('style')).toBeNull();
    expect(server.requests[0]?.headers['authorization']).toBe('Bearer abc');
  });

  it('dispatches doanflow:decision that bubbles out of the shadow root', async () => {
    const { view } = await mount(
      '<doanflow-approval base-url="http://doanflow.test" token="abc" instance-id="inst-1"></doanflow-approval>',
    );
    const received: unknown[] = [];
    document.addEventListener('doanflow:decision', (event) => received.push((event as CustomEvent).detail));
    const user = userEvent.setup();
    await user.click(await view.findByRole('button', { name: 'Trả lại chi đoàn' }));
    await user.type(view.getByLabelText('Reason *'), 'x');
    await user.click(view.getByRole('button', { name: 'Gửi quyết định: Trả lại chi đoàn' }));
    await waitFor(() =>
      expect(received).toEqual([{ instanceId: 'inst-1', type: 'RETURN_TO_BRANCH', state: 'sourceBranch' }]),
    );
  });

  it('offers the next task and the way back with the navigation attribute, through doanflow:navigate', async () => {
    const { view } = await mount(
      '<doanflow-approval base-url="http://doanflow.test" token="abc" instance-id="inst-1" navigation></doanflow-approval>',
    );
    const received: unknown[] = [];
    document.addEventListener('doanflow:navigate', (event) => received.push((event as CustomEvent).detail));
    const user = userEvent.setup();
    await user.click(await view.findByRole('button', { name: 'Trả lại chi đoàn' }));
    await user.type(view.getByLabelText('Reason *'), 'x');
    await user.click(view.getByRole('button', { name: 'Gửi quyết định: Trả lại chi đoàn' }));
    await user.click(await view.findByRole('button', { name: 'Về danh sách việc' }));
    expect(received).toEqual([{ to: 'inbox' }]);
  });

  it('waits for a token, takes it as a property, and keeps what was typed across a renewal', async () => {
    const { element, view } = await mount(
      '<doanflow-approval base-url="http://doanflow.test" instance-id="inst-1"></doanflow-approval>',
    );
    expect(server.requests).toHaveLength(0);
    await act(async () => void (element.token = jwt('p-binh', 1)));
    expect(await view.findByRole('button', { name: 'Trả lại chi đoàn' })).toBeTruthy();
    expect(element.getAttribute('token')).toBeNull();
    expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${jwt('p-binh', 1)}`);
    await userEvent.setup().type(view.getByLabelText('Ý kiến'), 'giữ nguyên');
    await act(async () => void (element.token = jwt('p-binh', 2)));
    expect((view.getByLabelText('Ý kiến') as HTMLTextAreaElement).value).toBe('giữ nguyên');
    // Another person's token: nothing of the first one stays on screen.
    await act(async () => void (element.token = jwt('p-hieu')));
    await view.findByRole('button', { name: 'Trả lại chi đoàn' });
    expect((view.getByLabelText('Ý kiến') as HTMLTextAreaElement).value).toBe('');
  });

  it('clears the screen and sends nothing more when the token is removed (sign-out)', async () => {
    const { element, shadow, view } = await mount(
      '<doanflow-inbox base-url="http://doanflow.test" token="abc"></doanflow-inbox>',
    );
    await view.findByText('Nguyễn Văn An — chuyển sinh hoạt');
    await waitFor(() => expect(FakeEventStream.connections).toHaveLength(1));
    const sent = server.requests.length;
    await act(async () => element.removeAttribute('token'));
    expect(shadow.querySelector('.df-root')).toBeNull();
    await waitFor(() => expect(FakeEventStream.latest()!.closed).toBe(true));
    await act(async () => element.setAttribute('locale', 'en'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(sent);
  });

  it('reacts to every attribute, empty values included', async () => {
    server.on('GET /instances/inst-2', {
      body: { ...transferInstance, id: 'inst-2', summary: { reason: 'Khác' } },
    });
    const { element, shadow, view } = await mount(
      '<doanflow-approval base-url="http://doanflow.test" token="abc" instance-id="inst-1"></doanflow-approval>',
    );
    await view.findByText('Chuyển nơi cư trú');
    await act(async () => element.setAttribute('instance-id', 'inst-2'));
    await view.findByText('Khác');
    await act(async () => element.setAttribute('instance-id', ''));
    expect(shadow.querySelector('.df-root')).toBeNull();
    await act(async () => element.setAttribute('instance-id', 'inst-1'));
    await act(async () => element.setAttribute('locale', 'en'));
    expect(await view.findByRole('button', { name: 'Return to branch' })).toBeTruthy();
    await act(async () => element.setAttribute('locale', ''));
    expect(await view.findByRole('button', { name: 'Trả lại chi đoàn' })).toBeTruthy();
  });

  it('shares one client and one change stream among the elements of a page', async () => {
    await mount('<doanflow-inbox base-url="http://doanflow.test" token="abc"></doanflow-inbox>');
    await mount('<doanflow-inbox base-url="http://doanflow.test" token="abc"></doanflow-inbox>');
    const { view } = await mount(
      '<doanflow-approval base-url="http://doanflow.test" token="abc" instance-id="inst-1"></doanflow-approval>',
    );
    await view.findByRole('button', { name: 'Trả lại chi đoàn' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(FakeEventStream.connections).toHaveLength(1);
    // The definitions are fetched once for the page, not once per element.
    expect(requestsTo('/definitions')).toHaveLength(1);
  });

  it('tells the page once when the token expired, hides stale data, and reloads with the new token', async () => {
    const expired = { status: 401, body: { code: 'UNAUTHENTICATED', message: 'expired', details: {} } };
    const { element, view } = await mount(
      '<doanflow-inbox base-url="http://doanflow.test" token="old"></doanflow-inbox>',
    );
    await mount(
      '<doanflow-approval base-url="http://doanflow.test" token="old" instance-id="inst-1"></doanflow-approval>',
    );
    await view.findByText('Nguyễn Văn An — chuyển sinh hoạt');
    const events: unknown[] = [];
    document.addEventListener('doanflow:token-expired', (event) =>
      events.push((event as CustomEvent).detail),
    );
    server.on('GET /inbox', (request) =>
      request.headers['authorization'] === 'Bearer new'
        ? { body: inboxPage([task({ subject: 'Sau khi gia hạn' })]) }
        : expired,
    );
    FakeEventStream.latest()!.send('change', { ...decided, unitIds: [], personIds: [] }, 'e-1');
    expect(await view.findByRole('alert')).toBeTruthy();
    expect(view.getByRole('alert').textContent).toContain('Phiên đăng nhập đã hết hạn');
    expect(events).toEqual([{ baseUrl: 'http://doanflow.test' }]);
    expect(view.getByText('Nguyễn Văn An — chuyển sinh hoạt').closest('[hidden]')).not.toBeNull();
    for (const each of document.querySelectorAll('doanflow-inbox, doanflow-approval'))
      each.setAttribute('token', 'new');
    expect(await view.findByText('Sau khi gia hạn')).toBeTruthy();
    expect(view.getByText('Sau khi gia hạn').closest('[hidden]')).toBeNull();
    expect(view.queryByRole('alert')).toBeNull();
    expect(events).toHaveLength(1);
    void element;
  });

  it('asks getToken before requests and again after a 401, without bothering the page', async () => {
    let issued = 0;
    server.on('GET /inbox', (request) =>
      request.headers['authorization'] === 'Bearer t1'
        ? { status: 401, body: { code: 'UNAUTHENTICATED', message: 'expired', details: {} } }
        : { body: inboxPage([task()]) },
    );
    const events: unknown[] = [];
    document.addEventListener('doanflow:token-expired', (event) => events.push(event));
    const { element, view } = await mount(
      '<doanflow-inbox base-url="http://doanflow.test"></doanflow-inbox>',
    );
    await act(async () => {
      (element as unknown as { getToken: () => string }).getToken = () => `t${++issued}`;
    });
    await view.findByText('Nguyễn Văn An — chuyển sinh hoạt');
    expect(events).toEqual([]);
    expect(issued).toBeGreaterThanOrEqual(2);
  });

  it('renders the inbox, timeline and start form elements', async () => {
    const inbox = await mount(
      '<doanflow-inbox base-url="http://doanflow.test" token="abc"></doanflow-inbox>',
    );
    expect(await inbox.view.findByText('Nguyễn Văn An — chuyển sinh hoạt')).toBeTruthy();
    server.on('GET /instances/inst-1/history', { body: { items: [] } });
    const timeline = await mount(
      '<doanflow-timeline base-url="http://doanflow.test" token="abc" instance-id="inst-1"></doanflow-timeline>',
    );
    expect(await timeline.view.findByText('Chưa có hoạt động nào.')).toBeTruthy();
    const form = await mount(
      '<doanflow-start-form base-url="http://doanflow.test" token="abc" workflow-id="member-transfer"></doanflow-start-form>',
    );
    expect(await form.view.findByRole('heading', { name: 'Tạo hồ sơ: Chuyển sinh hoạt đoàn' })).toBeTruthy();
  });
});
