import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Api,
  launchChromium,
  openPage,
  openTab,
  portalUrl,
  serverUrl,
  signedToken,
  transferForNga,
  expectClean,
  rejectInPanel,
  type PageWatch,
} from './harness.ts';

/**
 * A portal page on another origin (strict CSP) with six widgets — two inboxes, a panel, a
 * timeline, a diagram and a start form — and the token in their `token` attribute: two tabs at
 * once, a token that expires mid-session, and signing out by removing the attribute.
 */
let browser: Browser;
let api: Api;
const pages: PageWatch[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  api = new Api(serverUrl());
});

afterAll(async () => {
  for (const watch of pages) await watch.close().catch(() => {});
  await browser?.close();
});

const sixWidgets = (token: string) =>
  `${portalUrl()}/pages/six.html?csp=strict&token=${encodeURIComponent(token)}`;

async function allLoaded(page: Page) {
  for (const inbox of await page.locator('doanflow-inbox').all()) {
    await inbox.locator('.df-Inbox[data-state="ready"], .df-Inbox[data-state="empty"]').waitFor();
  }
  await page.locator('doanflow-start-form .df-StartForm[data-state="ready"]').waitFor();
}

// Nga holds each task twice (as Bí thư and as a BTV member): the first row stands for the case.
const row = (page: Page, instanceId: string) =>
  page.locator(`doanflow-inbox:not(#second-inbox) .df-Inbox-item[data-instance-id="${instanceId}"]`).first();

async function decide(page: Page, instanceId: string) {
  await row(page, instanceId).getByRole('button', { name: /^Mở/ }).click();
  await page.locator('doanflow-approval .df-ApprovalPanel[data-state="ready"]').waitFor();
  await page.locator('doanflow-timeline .df-Timeline[data-state="ready"]').waitFor();
  await page.locator('doanflow-progress .df-ProgressDiagram [aria-current="step"]').waitFor();
  await rejectInPanel(page, 'Chưa đủ hồ sơ');
  await page
    .locator('doanflow-approval .df-ApprovalPanel')
    .getByText(/^Đã ghi nhận quyết định/)
    .waitFor();
}

const isStream = (request: Request) => request.url().startsWith(`${serverUrl()}/events`);

describe('six widgets, two tabs and a token’s life, on another origin', () => {
  it('loads six widgets in each of two tabs on one change stream, and decisions complete in both', async () => {
    const first = await transferForNga(api, 'Hai thẻ, việc thứ nhất');
    const token = await api.token('p-nga');
    const tabA = await openPage(browser);
    pages.push(tabA);
    const streams: string[] = [];
    tabA.page.context().on('request', (request) => {
      if (isStream(request) && request.method() === 'GET') streams.push(request.url());
    });
    await tabA.page.goto(sixWidgets(token));
    await allLoaded(tabA.page);
    const tabB = await openTab(tabA);
    pages.push(tabB);
    await tabB.page.goto(sixWidgets(token));
    await allLoaded(tabB.page);
    await row(tabB.page, first).waitFor();
    // Twelve widgets, two tabs: one stream.
    expect(streams).toHaveLength(1);

    await decide(tabA.page, first);
    expect((await api.get('p-vy', first)).state).toBe('rejected');
    // The other tab hears of it through the leading tab: its inboxes drop the task.
    await row(tabB.page, first).waitFor({ state: 'detached' });

    // The leading tab closes: the other one takes the stream over, resuming where it was.
    await tabA.page.close();
    const second = await transferForNga(api, 'Hai thẻ, việc thứ hai');
    await row(tabB.page, second).waitFor();
    expect(streams).toHaveLength(2);
    expect(new URL(streams[1]!).searchParams.get('last_event_id')).toMatch(/-\d+$/);
    await decide(tabB.page, second);
    expect((await api.get('p-vy', second)).state).toBe('rejected');
    await expectClean(tabB);
    expect(tabA.errors).toEqual([]);
  });

  it('survives a token that expires mid-session: tells the page, hides stale data, reloads with the new one', async () => {
    const watch = await openPage(browser);
    pages.push(watch);
    const { page } = watch;
    const expiresIn = 4;
    await page.goto(sixWidgets(signedToken('p-nga', expiresIn)));
    await allLoaded(page);
    const counter = page.locator('#expired');
    // The server ends the stream at the expiry; with no fresh token the page is told, once.
    await expect.poll(() => counter.getAttribute('data-count'), { timeout: 15_000 }).toBe('1');
    const notice = page.locator('doanflow-inbox').first().getByRole('alert');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Phiên đăng nhập đã hết hạn');
    expect(await page.locator('doanflow-inbox .df-Inbox').first().isVisible()).toBe(false);

    const instanceId = await transferForNga(api, 'Sau khi gia hạn phiên');
    const renewed = signedToken('p-nga', 600);
    await page.evaluate((token) => {
      for (const element of document.querySelectorAll('.df')) element.setAttribute('token', token);
    }, renewed);
    await notice.waitFor({ state: 'detached' });
    await row(page, instanceId).waitFor();
    await decide(page, instanceId);
    expect((await api.get('p-vy', instanceId)).state).toBe('rejected');
    expect(await counter.getAttribute('data-count')).toBe('1');
    await expectClean(watch);
  });

  it('signs out when the token attribute is removed: the screen clears and no request goes out', async () => {
    const watch = await openPage(browser);
    pages.push(watch);
    const { page } = watch;
    await page.goto(sixWidgets(await api.token('p-nga')));
    await allLoaded(page);
    const stream = page.waitForEvent('requestfailed', { predicate: isStream });
    await page.evaluate(() => {
      for (const element of document.querySelectorAll('.df')) element.removeAttribute('token');
    });
    await stream;
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(serverUrl())) sent.push(request.url());
    });
    expect(
      await page.evaluate(() =>
        [...document.querySelectorAll('.df')].map((element) => element.shadowRoot!.querySelector('.df-root')),
      ),
    ).toEqual([null, null, null, null, null, null]);
    // A change that would have refreshed the inboxes: nothing is asked for any more.
    await transferForNga(api, 'Sau khi đăng xuất');
    await page.waitForTimeout(1000);
    expect(sent).toEqual([]);
    await expectClean(watch);
  });
});
