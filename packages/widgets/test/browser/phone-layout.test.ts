import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, horizontalOverflow } from './a11y.ts';
import {
  browserSuite,
  expectClean,
  PHONE,
  screenshot,
  serverUrl,
  todayInVietnam,
  transferOfAn,
} from './harness.ts';
import { networkOf, smallTargets, tapSignIn } from './phone.ts';

/**
 * The portal on a 390 px touch phone, as a commune secretary approves on the way: tasks before
 * filters, every value in words under its Vietnamese label, buttons coloured by what they do and
 * big enough for a thumb, nothing scrolling sideways, and the portal installable.
 */
const suite = browserSuite();

/** A transfer that reached the receiving base with its referral presented: Đỗ Thị Nga decides. */
async function transferAtDestination(reason: string): Promise<string> {
  const { api } = suite;
  const started = await api.start('p-binh', 'member-transfer', transferOfAn(reason));
  await api.send('p-binh', started.id, { type: 'SUBMIT' });
  await api.send('p-binh', started.id, {
    type: 'CONFIRM',
    payload: { duesPaidThrough: todayInVietnam().slice(0, 7), memberBookComment: 'Tốt' },
  });
  await api.send('p-hieu', started.id, {
    type: 'ISSUE_REFERRAL',
    payload: { issuedOn: todayInVietnam() },
  });
  await api.send('p-an', started.id, { type: 'PRESENT_REFERRAL' });
  return started.id;
}

/** A transfer confirmed by its branch: Đặng Minh Hiếu (secretary of the commune union) issues the referral. */
async function transferAtSourceBase(reason: string): Promise<string> {
  const started = await suite.api.start('p-binh', 'member-transfer', transferOfAn(reason));
  await suite.api.send('p-binh', started.id, { type: 'SUBMIT' });
  await suite.api.send('p-binh', started.id, {
    type: 'CONFIRM',
    payload: { duesPaidThrough: todayInVietnam().slice(0, 7), memberBookComment: 'Tốt' },
  });
  return started.id;
}

/** Every visible text of the page, shadow roots included. */
const visibleText = (page: Page) => page.evaluate(() => document.body.innerText);

describe('the portal on a phone', () => {
  it('shows a commune secretary the tasks first, the filters behind one button', async () => {
    await transferAtSourceBase('Việc trên điện thoại của bí thư xã');
    const watch = await suite.openPhone();
    const { page } = watch;
    await tapSignIn(page, 'Đặng Minh Hiếu');
    const firstTask = page.locator('.df-Inbox-item').first();
    await firstTask.waitFor({ timeout: 10_000 }).catch(async (error) => {
      await screenshot(page, 'debug-phone-inbox');
      throw error;
    });
    await page.locator('.df-Inbox[data-state="ready"]').waitFor();
    // Above the fold, with room: the first task's open button is within the first screen.
    const open = firstTask.getByRole('button', { name: /^Mở/ });
    const box = (await open.boundingBox())!;
    expect(box.y + box.height).toBeLessThan(PHONE.height);
    expect(await page.locator('.df-Inbox-filters').isVisible()).toBe(false);
    const toggle = page.getByRole('button', { name: 'Lọc danh sách' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await smallTargets(page, 'main', 24)).toEqual([]);
    await screenshot(page, 'inbox-phone');

    await toggle.tap();
    await page.locator('.df-Inbox-filters').waitFor();
    await page.getByLabel('Thời hạn').selectOption('overdue');
    await page.getByRole('button', { name: 'Lọc danh sách (1 đang dùng)' }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await axeViolations(page, 'phone inbox')).toEqual([]);
    await expectClean(watch);
  });

  it('shows the request in words and colours each decision by its meaning', async () => {
    const instanceId = await transferAtDestination('Xem hồ sơ trên điện thoại');
    const watch = await suite.openPhone();
    const { page } = watch;
    await tapSignIn(page, 'Đỗ Thị Nga');
    await page.goto(`${serverUrl()}/#/ho-so/${instanceId}`);
    const panel = page.locator('.df-ApprovalPanel[data-state="ready"]');
    await panel.waitFor();
    const summary = (await panel.locator('.df-ApprovalPanel-summary').first().innerText()).trim();
    // The referral in words under Vietnamese labels: no JSON, no field name, no English label.
    expect(summary).toContain('Giấy giới thiệu sinh hoạt đoàn');
    expect(summary).not.toMatch(/[{}"]|\b[a-z]+[A-Z]\w*\b|Referral|Dues paid|Member id/);
    const everything = await visibleText(page);
    expect(everything).not.toMatch(/"\w+":/);
    // Accept moves the request on (primary), returning it is neutral; red only for ending it.
    const measured = await panel.locator('.df-ApprovalPanel-decision').evaluateAll((buttons) =>
      buttons.map((button) => ({
        event: button.getAttribute('data-event'),
        tone: button.getAttribute('data-tone'),
        background: getComputedStyle(button).backgroundColor,
      })),
    );
    // The portal's own blue for the primary button (its theme), white for the neutral one.
    const rgb = (css: string) => css.match(/\d+/g)!.map(Number);
    const colours = measured.map(({ background, ...rest }) => {
      const [r, g, b] = rgb(background);
      return { ...rest, look: r! > 240 && g! > 240 && b! > 240 ? 'plain' : b! > r! + 60 ? 'blue' : 'red' };
    });
    expect(colours).toEqual([
      { event: 'ACCEPT', tone: 'positive', look: 'blue' },
      { event: 'RETURN_TO_SOURCE', tone: 'neutral', look: 'plain' },
    ]);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await smallTargets(page, 'main', 24)).toEqual([]);
    await page.locator('.df-Dossier[data-state="ready"], .df-Dossier[data-state="empty"]').first().waitFor();
    await panel.locator('.df-ApprovalPanel-decisions').scrollIntoViewIfNeeded();
    await screenshot(page, 'approval-phone');
    expect(await axeViolations(page, 'phone panel')).toEqual([]);
    await expectClean(watch);
  });

  it('is installable and opens without a connection', async () => {
    const watch = await suite.openPhone();
    const { page } = watch;
    await tapSignIn(page, 'Đặng Minh Hiếu');
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    // A test browser's fresh profile counts as incognito, where nothing installs; that alone remains.
    expect(installabilityErrors.map((error) => error.errorId)).toEqual(['in-incognito']);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
    expect(manifest.errors).toEqual([]);
    const network = await networkOf(page);
    await network.offline();
    await page.reload();
    // The shell comes from the service worker; the signed-in officer stays, the inbox says it is offline.
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await page.locator('.df-Inbox[data-state="offline"]').waitFor();
    await network.online();
    await page.locator('.df-Inbox[data-state="ready"], .df-Inbox[data-state="empty"]').first().waitFor();
    expect(watch.errors.filter((error) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(error))).toEqual(
      [],
    );
  });
});
