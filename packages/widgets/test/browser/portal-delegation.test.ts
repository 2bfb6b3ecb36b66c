import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './a11y.ts';
import { browserSuite, serverUrl, transferForNga } from './harness.ts';

/**
 * Ủy quyền in the demo portal: Đỗ Thị Nga, Bí thư of Hòa Châu, delegates her role to her Phó Bí thư
 * Lê Thị Uyên on the "Ủy quyền" screen; Uyên finds Nga's task in her inbox marked as delegated and
 * may issue the referral; Nga revokes, and the task leaves Uyên's inbox at once.
 */
const suite = browserSuite();

async function signIn(page: Page, name: string) {
  await page.goto(`${serverUrl()}/`);
  await page.getByRole('button', { name: `Đăng nhập: ${name}` }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

async function openDelegations(page: Page) {
  await page.getByRole('link', { name: 'Ủy quyền' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ủy quyền' }).waitFor();
}

const status = (page: Page) => page.getByRole('status').filter({ hasText: /\S/ }).first();

describe('ủy quyền in the demo portal', () => {
  it('a secretary delegates to her deputy, who gets her task marked; revoked, it is gone', async () => {
    const instanceId = await transferForNga(suite.api, 'Chuyển về xã Trà Đốc (ủy quyền)');
    const watch = await suite.open();
    const { page } = watch;

    await signIn(page, 'Đỗ Thị Nga');
    await openDelegations(page);
    const form = page.locator('form.portal-delegation-form');
    await form.getByLabel('Vai trò ủy quyền').selectOption('baseSecretary|hoachau');
    await form.getByLabel('Người được ủy quyền').selectOption({ label: 'Lê Thị Uyên' });
    await form.getByLabel('Lý do (không bắt buộc)').fill('Nghỉ phép');
    await form.getByRole('button', { name: 'Ủy quyền' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Đã ủy quyền cho Lê Thị Uyên.');
    const item = page.locator('.portal-delegations li[data-status="active"]');
    expect(await item.textContent()).toContain('Đỗ Thị Nga → Lê Thị Uyên');
    expect(await axeViolations(page, 'delegations')).toEqual([]);
    // The same days again: refused by the server, said on the screen.
    await form.getByRole('button', { name: 'Ủy quyền' }).click();
    await expect.poll(() => status(page).textContent()).toMatch(/^Không thực hiện được:/);

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await signIn(page, 'Lê Thị Uyên');
    const task = page.locator(`.df-Inbox-item[data-instance-id="${instanceId}"]`).filter({
      hasText: 'Được ủy quyền thay Đỗ Thị Nga',
    });
    await task.waitFor();
    await task.getByRole('button', { name: /^Mở/ }).click();
    await page.locator('.df-ApprovalPanel[data-state="ready"] [data-event="ISSUE_REFERRAL"]').waitFor();
    // The delegate sees what she received, and may not revoke it.
    await openDelegations(page);
    expect(await page.locator('.portal-delegations li[data-status="active"]').textContent()).toContain(
      'Đang hiệu lực',
    );
    expect(await page.getByRole('button', { name: /^Thu hồi/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await signIn(page, 'Đỗ Thị Nga');
    await openDelegations(page);
    await page.getByRole('button', { name: /^Thu hồi: Lê Thị Uyên/ }).click();
    await expect.poll(() => status(page).textContent()).toBe('Đã thu hồi ủy quyền cho Lê Thị Uyên.');
    await page.locator('.portal-delegations li[data-status="revoked"]').waitFor();

    const inbox = await suite.api.call<{ items: { instanceId: string; role: string }[] }>(
      'p-uyen',
      'GET',
      '/inbox',
    );
    expect(inbox.items.filter((t) => t.instanceId === instanceId && t.role === 'baseSecretary')).toEqual([]);
    // The one failed request is the refused overlap, which the browser logs by itself.
    expect(watch.errors).toEqual([
      'console: Failed to load resource: the server responded with a status of 409 (Conflict)',
    ]);
    expect(await watch.violations()).toEqual([]);
    expect(watch.dialogs).toEqual([]);
  });
});
