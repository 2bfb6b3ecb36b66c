import { describe, expect, it } from 'vitest';
import { axeViolations } from './a11y.ts';
import { browserSuite, todayInVietnam } from './harness.ts';

const suite = browserSuite();

interface IssuedDocument {
  number: string;
  sha256: string;
  verifyHref: string;
}

/** A transfer whose referral Đoàn xã Trà Đốc has just issued: its issued document. */
async function issuedReferral(): Promise<IssuedDocument> {
  const { api } = suite;
  const { id } = await api.start('p-an', 'member-transfer', {
    memberId: 'p-an',
    kind: 'permanent',
    sourceBranchId: 'cd-thon2',
    destinationBaseId: 'hoachau',
    reason: 'Chuyển nơi làm việc về Đà Nẵng',
  });
  await api.send('p-an', id, { type: 'SUBMIT' });
  await api.send('p-binh', id, {
    type: 'CONFIRM',
    payload: { duesPaidThrough: '2026-02', memberBookComment: 'Hoàn thành tốt nhiệm vụ' },
  });
  await api.send('p-hieu', id, {
    type: 'ISSUE_REFERRAL',
    payload: { issuedOn: todayInVietnam() },
  });
  const [document] = await api.call<IssuedDocument[]>('p-hieu', 'GET', `/instances/${id}/issued-documents`);
  return document!;
}

describe('the public verify page in Chromium', () => {
  it('shows a printed document’s number, issuer, signer, digest and status to someone not signed in', async () => {
    const document = await issuedReferral();
    const watch = await suite.open();
    const { page } = watch;
    const response = await page.goto(`${suite.api.baseUrl}${document.verifyHref}`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('#status').getAttribute('data-status')).toBe('current');
    expect(await page.locator('#status').innerText()).toContain('Còn hiệu lực');
    expect(await page.locator('#number').innerText()).toBe(document.number);
    expect(await page.locator('#sha256').innerText()).toBe(document.sha256);
    const text = await page.locator('body').innerText();
    for (const shown of ['Đoàn xã Trà Đốc', 'Đặng Minh Hiếu', 'Người ký']) expect(text).toContain(shown);
    expect(text).not.toContain('Nguyễn Văn An');
    expect(await axeViolations(page, 'verify page')).toEqual([]);
    expect(watch.errors).toEqual([]);

    const unknown = await page.goto(`${suite.api.baseUrl}/verify/0000-0000-0000`);
    expect(unknown?.status()).toBe(404);
    expect(await page.locator('#status').getAttribute('data-status')).toBe('unknown');
  });
});
