import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  controlsInReach,
  expectAnnouncedOnce,
  focusedElement,
  focusedNode,
  liveRegions,
  tabAndCheckRing,
  tabTo,
  type Focused,
} from './a11y.ts';
import { browserSuite, expectClean, serverUrl, transferOfAn } from './harness.ts';

/**
 * The demo portal with the keyboard alone, as a screen-reader user works it: focus is asserted
 * after every action (never the page's body), every focus ring is measured against what it sits
 * on, and what is read out is taken from Chromium's accessibility tree.
 */
const suite = browserSuite();

/** Filed and submitted by Trần Thị Bình, secretary of thôn 2: waiting at her branch (she comments next). */
async function transferAtSourceBranch(reason: string): Promise<string> {
  const started = await suite.api.start('p-binh', 'member-transfer', transferOfAn(reason));
  await suite.api.send('p-binh', started.id, { type: 'SUBMIT' });
  return started.id;
}

/**
 * Also confirmed by the branch (comment and dues): waiting at the source base, where Đặng Minh Hiếu,
 * Bí thư of Trà Đốc, decides — in member transfer v2 only the base may refuse.
 */
async function transferAtSourceBase(reason: string): Promise<string> {
  const id = await transferAtSourceBranch(reason);
  await suite.api.send('p-binh', id, {
    type: 'CONFIRM',
    payload: { duesPaidThrough: new Date().toISOString().slice(0, 7), memberBookComment: 'Tốt' },
  });
  return id;
}

/** Focus is on the new screen's heading, and the document's title names the screen. */
async function expectScreen(page: Page, heading: RegExp, title: RegExp) {
  await expect.poll(() => focusedElement(page)).toMatchObject({ host: '', tag: 'h1' });
  await expect.poll(async () => (await focusedElement(page)).label).toMatch(heading);
  await expect.poll(() => page.title()).toMatch(title);
}

const inRow = (instanceId: string) => (focused: Focused) =>
  focused.row === instanceId && focused.label.startsWith('Mở:');

/** From the sign-in page, by keyboard: the skip link comes first, then the cards; lands on the task list. */
async function signInByKeyboard(page: Page, name: string): Promise<void> {
  await page.goto(`${serverUrl()}/`);
  await page.locator('[data-person="p-binh"]').waitFor();
  expect(await page.title()).toBe('Đăng nhập — Thành đoàn Đà Nẵng');
  expect(await tabAndCheckRing(page)).toMatchObject({ tag: 'a', label: 'Bỏ qua, đến nội dung chính' });
  await tabTo(page, (focused) => focused.label === `Đăng nhập: ${name}`, 100);
  await page.keyboard.press('Enter');
  await expectScreen(page, /^Việc cần xử lý$/, /^Việc cần xử lý — Thành đoàn Đà Nẵng$/);
}

describe('the portal with the keyboard alone', () => {
  it('the base signs in, opens a task, refuses with a reason through the dialog, and sees the timeline — focus never lost', async () => {
    const refused = await transferAtSourceBase('Đi làm ăn xa, chưa xác định nơi ở');
    // Another case waits too, so the notice can lead to a next task.
    await transferAtSourceBase('Chuyển về phường Hòa Châu sinh sống');
    const watch = await suite.open();
    const { page } = watch;
    await signInByKeyboard(page, 'Đặng Minh Hiếu');

    // Hiếu is Bí thư and on the standing committee, each with its own part in the case: a row for each.
    await page.locator(`.df-Inbox-item[data-instance-id="${refused}"]`).first().waitFor();

    // Open the task: another screen, its heading focused, its title the case.
    await tabTo(page, inRow(refused), 120);
    await page.keyboard.press('Enter');
    await expectScreen(
      page,
      /^Hồ sơ: Chuyển sinh hoạt đoàn — Nguyễn Văn An$/,
      /^Chuyển sinh hoạt đoàn — Nguyễn Văn An — /,
    );
    await page.locator('.df-ApprovalPanel[data-state="ready"]').waitFor();

    // Choose to refuse (it cannot be undone: the button says so to a screen reader too).
    const refuse = 'Không chấp thuận (nêu lý do)';
    const reject = await tabTo(page, (focused) => focused.label === refuse);
    expect(reject.host).toBe('');
    expect((await focusedNode(page)).description).toBe('Không thể hoàn tác');
    await page.keyboard.press('Enter');
    expect(await focusedElement(page)).toMatchObject({ label: refuse });

    // Send without the reason: focus goes to the error summary, which says what is wrong.
    await tabTo(page, (focused) => focused.label.startsWith('Gửi quyết định'));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => focusedNode(page))
      .toEqual({
        role: 'group',
        name: 'Có 1 lỗi cần sửa',
        description: 'Lý do không chấp thuận: Vui lòng nhập thông tin này.',
      });
    // Its link leads to the field.
    expect(await tabAndCheckRing(page)).toMatchObject({ tag: 'a' });
    await page.keyboard.press('Enter');
    expect(await focusedElement(page)).toMatchObject({ tag: 'textarea' });
    await page.keyboard.type('Chưa xác định nơi sinh hoạt mới');

    // The reason, then send: the dialog is modal (everything else inert), focus on Cancel.
    await tabTo(page, (focused) => focused.label.startsWith('Gửi quyết định'));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'Xác nhận quyết định' });
    await dialog.waitFor();
    expect(await focusedElement(page)).toMatchObject({ label: 'Hủy' });
    // Only the dialog's two buttons are left in the accessibility tree, and in reach of Tab.
    expect(await controlsInReach(page)).toEqual(['button Hủy', 'button Tôi chắc chắn']);
    expect(await tabAndCheckRing(page)).toMatchObject({ label: 'Tôi chắc chắn' });
    expect(await tabAndCheckRing(page)).toMatchObject({ label: 'Hủy' });
    // Escape: back to the Send button, which still exists.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedElement(page)).toMatchObject({ label: expect.stringMatching(/^Gửi quyết định/) });

    // Again, and confirm: focus goes to the outcome, read out once (no live region repeats it).
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabAndCheckRing(page);
    await page.keyboard.press('Enter');
    const outcome = `Đã ghi nhận quyết định “${refuse}”. Hồ sơ chuyển sang bước: Đoàn cơ sở không chấp thuận.`;
    await expect
      .poll(() => focusedNode(page), { timeout: 15_000 })
      .toMatchObject({ role: 'group', name: outcome });
    expect((await suite.api.get('p-hieu', refused)).state).toBe('rejected');
    // The timeline shows it; nothing says it a second time.
    await page.locator('.df-Timeline-entry[data-type="REJECT"]').waitFor();
    await page.waitForTimeout(1200);
    expect((await liveRegions(page)).filter((region) => region.text.includes('Không chấp thuận'))).toEqual(
      [],
    );

    // The notice leads on: the next task, or back to the list.
    const next = await tabTo(page, (focused) => /^(Việc tiếp theo|Về danh sách việc)/.test(focused.label), 3);
    if (next.label.startsWith('Việc tiếp theo')) await tabAndCheckRing(page);
    expect(await focusedElement(page)).toMatchObject({ label: 'Về danh sách việc' });
    await page.keyboard.press('Enter');
    await expectScreen(page, /^Việc cần xử lý$/, /^Việc cần xử lý — /);
    await expectClean(watch);
  });

  it('the branch signs in, hears a task arrive, and confirms with the dues month typed as an officer writes it', async () => {
    const confirmed = await transferAtSourceBranch('Chuyển về phường Hòa Châu sinh sống');
    const watch = await suite.open();
    const { page } = watch;
    await signInByKeyboard(page, 'Trần Thị Bình');

    // A task arrives while the list is open: it is said, with what it is.
    await page.locator(`.df-Inbox-item[data-instance-id="${confirmed}"]`).waitFor();
    const arriving = await transferAtSourceBranch('Việc mới đến khi đang xem danh sách');
    await page.locator(`.df-Inbox-item[data-instance-id="${arriving}"]`).waitFor();
    expect(await expectAnnouncedOnce(page, 'việc mới')).toMatch(
      /^Có 1 việc mới: Chuyển sinh hoạt đoàn — Nguyễn Văn An\.$/,
    );

    // Open the task: a month typed as an officer writes it.
    await tabTo(page, inRow(confirmed), 120);
    await page.keyboard.press('Enter');
    await expectScreen(page, /^Hồ sơ: /, /Nguyễn Văn An/);
    await page.locator('.df-ApprovalPanel[data-state="ready"]').waitFor();
    // The branch comments and confirms; refusing is the base's to do.
    expect(await page.locator('.df-ApprovalPanel [data-event="REJECT"]').count()).toBe(0);
    await tabTo(page, (focused) => focused.label === 'Xác nhận, nhận xét');
    await page.keyboard.press('Enter');
    await tabTo(page, (focused) => focused.tag === 'input');
    expect(await focusedNode(page)).toMatchObject({
      name: 'Đã đóng đoàn phí đến tháng *',
      description: 'Tháng/năm, ví dụ 10/2026',
    });
    await page.keyboard.type('13/2026');
    await tabAndCheckRing(page);
    await page.keyboard.type('Đoàn viên tích cực.');
    await tabTo(page, (focused) => focused.label.startsWith('Gửi quyết định'));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => focusedNode(page))
      .toMatchObject({
        name: 'Có 1 lỗi cần sửa',
        description: 'Đã đóng đoàn phí đến tháng: Nhập tháng và năm, ví dụ 10/2026.',
      });
    await tabAndCheckRing(page);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('10/2026');
    await tabTo(page, (focused) => focused.label.startsWith('Gửi quyết định'));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => focusedNode(page), { timeout: 15_000 })
      .toMatchObject({
        name: 'Đã ghi nhận quyết định “Xác nhận, nhận xét”. Hồ sơ chuyển sang bước: Đoàn cơ sở nơi đi quyết định.',
      });
    const history = await suite.api.call<{ items: { type: string; payload: unknown }[] }>(
      'p-binh',
      'GET',
      `/instances/${confirmed}/history`,
    );
    expect(history.items.at(-1)).toMatchObject({ type: 'CONFIRM', payload: { duesPaidThrough: '2026-10' } });
    await expectClean(watch);
  });
});
