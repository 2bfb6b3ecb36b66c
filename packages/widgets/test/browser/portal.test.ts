import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, launchChromium, openPage, screenshot, serverUrl, transferOfAn } from './harness.ts';

/** Today in Vietnam (a referral must be dated in the current year, not in the future). */
const todayInVietnam = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

let browser: Browser;
let api: Api;

beforeAll(async () => {
  browser = await launchChromium();
  api = new Api(serverUrl());
});

afterAll(async () => {
  await browser?.close();
});

/** A transfer filed and submitted by the branch secretary: waiting at the source branch. */
async function transferAtSourceBranch(reason?: string, comment?: string): Promise<string> {
  const started = await api.start('p-binh', 'member-transfer', transferOfAn(reason));
  await api.send('p-binh', started.id, { type: 'SUBMIT', ...(comment ? { comment } : {}) });
  return started.id;
}

async function signIn(page: Page, name: string) {
  await page.goto(`${serverUrl()}/`);
  await page.getByRole('button', { name: `Đăng nhập: ${name}` }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

const panel = (page: Page) => page.locator('.df-ApprovalPanel');
const readyPanel = (page: Page) => page.locator('.df-ApprovalPanel[data-state="ready"]');

describe('the demo portal against the real server', () => {
  it('lets an officer confirm a transfer from the inbox, and the next officer issue the referral', async () => {
    const instanceId = await transferAtSourceBranch();
    const binh = await openPage(browser);
    const { page } = binh;

    await page.goto(`${serverUrl()}/`);
    await page.locator('[data-person="p-binh"]').waitFor();
    await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeTruthy();
    await screenshot(page, 'sign-in');

    await page.getByRole('button', { name: 'Đăng nhập: Trần Thị Bình' }).click();
    const task = page.locator(`.df-Inbox-item[data-instance-id="${instanceId}"]`);
    await task.waitFor();
    await page.locator('.df-Inbox[data-state="ready"]').waitFor();
    expect(await task.textContent()).toContain('Chi đoàn nơi đi nhận xét, xác nhận đoàn phí');
    await screenshot(page, 'inbox');

    await task.getByRole('button', { name: /^Mở/ }).click();
    await readyPanel(page).waitFor();
    await page.locator('.df-ProgressDiagram [aria-current="step"]').waitFor();
    await page.locator('.df-Timeline[data-state="ready"]').waitFor();
    await panel(page).locator('[data-event="CONFIRM"]').click();
    const form = panel(page).locator('form.df-ApprovalPanel-form');
    await form.getByLabel(/duesPaidThrough|Đoàn phí|dues/i).fill(todayInVietnam().slice(0, 7));
    await form
      .getByLabel(/memberBookComment|Nhận xét|comment/i)
      .fill('Đoàn viên tích cực, hoàn thành tốt nhiệm vụ.');
    await panel(page)
      .getByLabel('Ý kiến', { exact: true })
      .fill('Chi đoàn đã thu đoàn phí và ghi nhận xét vào sổ đoàn viên.');
    await screenshot(page, 'approval-panel');

    await form.getByRole('button', { name: /^Gửi quyết định/ }).click();
    await panel(page).getByText('Đã ghi nhận quyết định').waitFor();
    await panel(page).getByText('Bạn không có quyết định nào cần đưa ra ở bước này.').waitFor();
    expect((await api.get('p-binh', instanceId)).state).toBe('sourceBase');
    const confirmed = page.locator('.df-Timeline-entry[data-type="CONFIRM"]');
    await confirmed.waitFor();
    expect(await confirmed.textContent()).toContain('Trần Thị Bình');
    await page.locator('.df-Timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'timeline');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập: Đặng Minh Hiếu' }).click();
    const next = page.locator(`.df-Inbox-item[data-instance-id="${instanceId}"]`).first();
    await next.waitFor();
    expect(await next.textContent()).toContain('Đoàn cơ sở nơi đi quyết định');
    await next.getByRole('button', { name: /^Mở/ }).click();
    await readyPanel(page).waitFor();
    await panel(page).locator('[data-event="ISSUE_REFERRAL"]').click();
    const referral = panel(page).locator('form.df-ApprovalPanel-form');
    // v2 asks for the date only: the number is the register's, printed on the issued document.
    expect(await referral.getByLabel(/Số giấy/i).count()).toBe(0);
    await referral.getByLabel(/issuedOn|Ngày/i).fill(todayInVietnam());
    await referral.getByRole('button', { name: /^Gửi quyết định/ }).click();
    // Issuing a referral cannot be undone: the panel asks first.
    await page.getByRole('alertdialog').getByRole('button', { name: 'Tôi chắc chắn' }).click();
    await panel(page).getByText('Đã ghi nhận quyết định').waitFor();
    expect((await api.get('p-hieu', instanceId)).state).toBe('inTransit');
    await page.locator('.df-Timeline-entry[data-type="ISSUE_REFERRAL"]').waitFor();
    expect(binh.dialogs).toEqual([]);
    expect(binh.errors).toEqual([]);
    await binh.close();
  });

  it('shows an officer of another unit the request but no decision to take', async () => {
    const instanceId = await transferAtSourceBranch();
    await api.send('p-binh', instanceId, {
      type: 'CONFIRM',
      payload: { duesPaidThrough: todayInVietnam().slice(0, 7), memberBookComment: 'Tốt' },
    });
    const nga = await openPage(browser);
    // Đỗ Thị Nga is secretary of the receiving base: she may see the transfer, but the referral
    // is for the source base (Trà Đốc) to issue.
    await signIn(nga.page, 'Đỗ Thị Nga');
    await nga.page.goto(`${serverUrl()}/#/ho-so/${instanceId}`);
    await readyPanel(nga.page).waitFor();
    await panel(nga.page).getByText('Bạn không có quyết định nào cần đưa ra ở bước này.').waitFor();
    expect(await panel(nga.page).locator('.df-ApprovalPanel-decision').count()).toBe(0);
    expect(await nga.page.locator(`.df-Inbox-item[data-instance-id="${instanceId}"]`).count()).toBe(0);
    await nga.close();
  });

  it('shows hostile text in data and comments as text, and runs none of it', async () => {
    const hostile =
      '<img src=x onerror="window.pwnedBy=1;alert(1)"><script>window.pwnedBy=2;alert(2)</script>';
    const instanceId = await transferAtSourceBranch(`Chuyển nơi ở ${hostile}`, `Ý kiến ${hostile}`);
    const binh = await openPage(browser);
    const { page } = binh;
    await signIn(page, 'Trần Thị Bình');
    await page.goto(`${serverUrl()}/#/ho-so/${instanceId}`);
    await readyPanel(page).waitFor();
    const comment = page.locator('.df-Timeline-entry[data-type="SUBMIT"] .df-Timeline-comment');
    await comment.waitFor();
    expect(await comment.textContent()).toBe(`Ý kiến ${hostile}`);
    expect(await panel(page).locator('.df-ApprovalPanel-summary').textContent()).toContain(hostile);
    // Let any planted handler have its chance (a broken image errors at once).
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as { pwnedBy?: unknown }).pwnedBy)).toBeUndefined();
    expect(await page.locator('img[src="x"], .df-root script').count()).toBe(0);
    expect(binh.dialogs).toEqual([]);
    expect(binh.errors).toEqual([]);
    await binh.close();
  });
});
