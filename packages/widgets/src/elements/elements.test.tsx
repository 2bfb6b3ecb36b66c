import { act, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeServer, type FakeServer } from '../testing/fake-server.ts';
import { calendar2026, inboxPage, task, transferDefinition, transferInstance } from '../testing/fixtures.ts';
import { defineDoanflowElements } from './elements.tsx';

const decided = { ...transferInstance, state: 'sourceBranch', revision: 4, allowedEvents: [] };
let server: FakeServer;
const originalFetch = globalThis.fetch;

beforeEach(() => {
  server = fakeServer({
    'GET /instances/inst-1': { body: transferInstance },
    'GET /definitions/member-transfer': { body: transferDefinition },
    'GET /calendar/2026': { body: calendar2026() },
    'POST /instances/inst-1/events': { body: decided },
    'POST /instances': { status: 201, body: transferInstance },
    'GET /definitions': { body: { items: [transferDefinition] } },
    'GET /inbox': { body: inboxPage([task()]) },
  });
  // Elements take no fetch attribute: they use the page's fetch, like a real embed.
  globalThis.fetch = server.fetch;
  defineDoanflowElements();
});

afterEach(() => {
  globalThis.fetch = originalFetch;
  document.body.innerHTML = '';
});

async function mount(html: string) {
  await act(async () => {
    document.body.innerHTML = html;
  });
  const element = document.body.firstElementChild as HTMLElement;
  const shadow = element.shadowRoot!;
  return { element, shadow, view: within(shadow as unknown as HTMLElement) };
}

describe('web components', () => {
  it('renders <doanflow-approval> in a shadow root with its own stylesheet and sends the token', async () => {
    const { shadow, view } = await mount(
      '<doanflow-approval base-url="http://doanflow.test" token="abc" instance-id="inst-1" locale="en"></doanflow-approval>',
    );
    expect(await view.findByRole('button', { name: 'Return to branch' })).toBeTruthy();
    expect(shadow.querySelector('style')?.textContent).toContain('.df-root');
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

  it('waits for a token, then uses it, and a new token without remounting', async () => {
    const { element, view } = await mount(
      '<doanflow-approval base-url="http://doanflow.test" instance-id="inst-1"></doanflow-approval>',
    );
    expect(server.requests).toHaveLength(0);
    await act(async () => element.setAttribute('token', 'first'));
    expect(await view.findByRole('button', { name: 'Trả lại chi đoàn' })).toBeTruthy();
    expect(server.requests[0]?.headers['authorization']).toBe('Bearer first');
    const comment = view.getByLabelText('Ý kiến');
    await userEvent.setup().type(comment, 'giữ nguyên');
    await act(async () => element.setAttribute('token', 'second'));
    expect((view.getByLabelText('Ý kiến') as HTMLTextAreaElement).value).toBe('giữ nguyên');
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
