import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot, serverUrl, todayInVietnam, transferOfAn } from './harness.ts';
import { networkOf, tapSignIn } from './phone.ts';

/**
 * A branch secretary confirms two transfers on a phone with no signal. Each is kept on the phone
 * ("1 quyết định chờ gửi"). The first is recorded, once, when the signal returns; the second was
 * confirmed from her desk meanwhile, so the server refuses the phone's (409, stale revision) and
 * the inbox explains it — where the case stands now — until she has read it: never lost, never
 * recorded twice.
 */
const suite = browserSuite();

async function transferAtSourceBranch(reason: string): Promise<string> {
  const started = await suite.api.start('p-binh', 'member-transfer', transferOfAn(reason));
  await suite.api.send('p-binh', started.id, { type: 'SUBMIT' });
  return started.id;
}

/** Confirms the open case in the panel: the dues month and the member-book remark, then send. */
async function confirmInPanel(page: Page, instanceId: string) {
  await page.goto(`${serverUrl()}/#/ho-so/${instanceId}`);
  const panel = page.locator('.df-ApprovalPanel[data-state="ready"]');
  await panel.waitFor();
  await panel.locator('[data-event="CONFIRM"]').tap();
  const form = panel.locator('form.df-ApprovalPanel-form');
  await form.getByLabel(/Đoàn phí/i).fill(todayInVietnam().slice(0, 7));
  await form.getByLabel(/Nhận xét/i).fill('Đoàn viên tích cực.');
  return { panel, form };
}

const history = (instanceId: string) =>
  suite.api.call<{ items: { type: string }[] }>('p-binh', 'GET', `/instances/${instanceId}/history`);

describe('decisions taken offline on a phone', () => {
  it('are kept, sent when the signal returns, and a conflict is explained', async () => {
    const sent = await transferAtSourceBranch('Quyết định khi mất sóng, gửi sau');
    const overtaken = await transferAtSourceBranch('Quyết định khi mất sóng, bị vượt trước');
    const watch = await suite.openPhone();
    const { page } = watch;
    await tapSignIn(page, 'Trần Thị Bình');
    // Open the first case while online (the portal's pages are cached by then), then lose signal.
    await page.goto(`${serverUrl()}/#/ho-so/${overtaken}`);
    await page.locator('.df-ApprovalPanel[data-state="ready"]').waitFor();
    const network = await networkOf(page);

    for (const instanceId of [sent, overtaken]) {
      const { panel, form } = await confirmInPanel(page, instanceId);
      await network.offline();
      await form.getByRole('button', { name: /^Gửi quyết định/ }).tap();
      await panel
        .getByText('Mất kết nối: quyết định “Xác nhận, nhận xét” đã được lưu trên máy này')
        .waitFor();
      await panel.getByText('1 quyết định chờ gửi').waitFor();
      // No second decision on the case while one waits.
      expect(await panel.locator('.df-ApprovalPanel-decision').count()).toBe(0);
      if (instanceId === sent) {
        await screenshot(page, 'offline-decision-phone');
        await network.online();
        // Online again for a moment: the kept one goes at once; lose the signal once more.
        await panel.getByText(/^Đã gửi quyết định “Xác nhận, nhận xét” \(lưu khi mất kết nối\)/).waitFor();
        await network.offline();
        // Back to the first, still-undecided case; the page is already loaded.
        await network.online();
      }
    }
    // The first went through exactly once, with the revision it was decided on.
    expect((await suite.api.get('p-binh', sent)).state).toBe('sourceBase');
    expect((await history(sent)).items.filter((entry) => entry.type === 'CONFIRM')).toHaveLength(1);

    // Meanwhile the second was confirmed from the desk.
    await suite.api.send('p-binh', overtaken, {
      type: 'CONFIRM',
      payload: { duesPaidThrough: todayInVietnam().slice(0, 7), memberBookComment: 'Tốt' },
    });
    await page.goto(`${serverUrl()}/#/`);
    await page.locator('.df-Inbox').getByText('1 quyết định chờ gửi').waitFor();
    await network.online();
    // Where the case stands now: v2's step at the source base, which decides.
    const explained = page
      .locator('.df-Inbox .df-Queue-problem')
      .filter({ hasText: 'nay ở bước: Đoàn cơ sở nơi đi quyết định' });
    await explained.waitFor();
    expect(await explained.textContent()).toContain(
      'chưa được ghi nhận: trong lúc bạn mất kết nối, hồ sơ đã được xử lý tiếp',
    );
    // Recorded once (the desk's), never twice; the phone's stays on screen until read.
    expect((await history(overtaken)).items.filter((entry) => entry.type === 'CONFIRM')).toHaveLength(1);
    expect(await page.locator('.df-Inbox').getByText('quyết định chờ gửi').count()).toBe(0);
    await screenshot(page, 'offline-conflict-phone');
    await explained.getByRole('button', { name: 'Đã hiểu, bỏ quyết định này' }).tap();
    await explained.waitFor({ state: 'detached' });
    expect(watch.dialogs).toEqual([]);
  });
});
