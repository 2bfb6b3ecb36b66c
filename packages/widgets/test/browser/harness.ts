import { createHmac } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { CHROMIUM_PATH } from './chromium.ts';

/** The server global-setup.ts started (real PostgreSQL and Redis, dev tokens, demo directory). */
export const serverUrl = (): string => inject('doanflowUrl');
/** The portal on another origin (portal-origin.ts), allowed by the server's CORS list. */
export const portalUrl = (): string => inject('portalUrl');

/** An HS256 token for a person, expiring in `seconds`, as a portal's identity provider would issue it. */
export function signedToken(personId: string, seconds: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: personId, iat: now, exp: now + seconds })}`;
  const signature = createHmac('sha256', inject('tokenSecret')).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

/** Debian Chromium, headless (never a downloaded browser); each launch gets a fresh profile. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A test file's Chromium and API client, launched before its tests; the pages it opens through
 * `open` are closed after them.
 */
export function browserSuite() {
  const suite = {
    browser: undefined as unknown as Browser,
    api: undefined as unknown as Api,
    pages: [] as PageWatch[],
    /** A page in a fresh context, closed with the suite. */
    async open(locale?: string): Promise<PageWatch> {
      const watch = await openPage(suite.browser, locale);
      suite.pages.push(watch);
      return watch;
    },
    /** A page on a phone (390×844, touch), closed with the suite. */
    async openPhone(): Promise<PageWatch> {
      const watch = await openPhonePage(suite.browser);
      suite.pages.push(watch);
      return watch;
    },
  };
  beforeAll(async () => {
    suite.browser = await launchChromium();
    suite.api = new Api(serverUrl());
  });
  afterAll(async () => {
    for (const watch of suite.pages) await watch.close().catch(() => {});
    await suite.browser?.close();
  });
  return suite;
}

/** Today in Vietnam (a referral must be dated in the current year, not in the future). */
export const todayInVietnam = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

/** What a page did that it must not: dialogs opened, scripts failed, errors logged, CSP violated. */
export interface PageWatch {
  page: Page;
  dialogs: string[];
  errors: string[];
  /** Every `securitypolicyviolation` event the page saw (directive and what was blocked). */
  violations(): Promise<string[]>;
  close(): Promise<void>;
}

/** A page in a fresh browser context (its own storage) at 1280×800, watched for dialogs and errors. */
export async function openPage(browser: Browser, locale = 'vi-VN'): Promise<PageWatch> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale,
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  return watched(context, () => context.close());
}

/** A 390×844 phone (an iPhone 12–15's CSS size) with touch, as most commune officers approve. */
export const PHONE = { width: 390, height: 844 } as const;

/** A page in a fresh mobile context: touch, `isMobile` (the meta viewport honoured), Vietnamese. */
export async function openPhonePage(browser: Browser): Promise<PageWatch> {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  return watched(context, () => context.close());
}

/** Another tab beside `tab`: same browser context, so same origin storage, locks and channels. */
export function openTab(tab: PageWatch): Promise<PageWatch> {
  return watched(tab.page.context(), async () => {});
}

async function watched(context: BrowserContext, closeContext: () => Promise<void>): Promise<PageWatch> {
  const page = await context.newPage();
  await watchPolicy(page);
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return {
    page,
    dialogs,
    errors,
    violations: () => violationsOf(page),
    close: async () => {
      await page.close();
      await closeContext();
    },
  };
}

/** Records the page's Content-Security-Policy violations from its first script on. */
export async function watchPolicy(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as { cspViolations?: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(
        `${event.effectiveDirective}: ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      ),
    );
  });
}

export const violationsOf = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as { cspViolations?: string[] }).cspViolations ?? ['(not watched)']);

const screenshots = fileURLToPath(new URL('../../../../examples/portal/screenshots/', import.meta.url));

/** Saves the viewport (1280×800) as examples/portal/screenshots/<name>.png, replacing the last run's. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshots, { recursive: true });
  // Wait for web fonts and the caret to settle so that reruns give the same picture.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${screenshots}${name}.png`, caret: 'hide', animations: 'disabled' });
}

/** The HTTP API as another officer's portal would call it: used to set the scene for a test. */
export class Api {
  private readonly tokens = new Map<string, Promise<string>>();
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  token(personId: string): Promise<string> {
    let token = this.tokens.get(personId);
    if (!token) {
      token = this.call<{ token: string }>(null, 'POST', '/auth/dev-token', { personId }).then(
        (minted) => minted.token,
      );
      this.tokens.set(personId, token);
    }
    return token;
  }

  async call<T>(personId: string | null, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (personId) headers['authorization'] = `Bearer ${await this.token(personId)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const answer = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  }

  start(personId: string, workflowId: string, input: unknown) {
    return this.call<{ id: string; state: string }>(personId, 'POST', '/instances', { workflowId, input });
  }

  /** Sends at the revision the officer sees now: a decision needs it (REVISION_REQUIRED otherwise). */
  async send(
    personId: string,
    instanceId: string,
    event: { type: string; payload?: unknown; comment?: string },
  ) {
    const { revision } = await this.get(personId, instanceId);
    return this.call<{ id: string; state: string }>(personId, 'POST', `/instances/${instanceId}/events`, {
      ...event,
      expectedRevision: revision,
    });
  }

  get(personId: string, instanceId: string) {
    return this.call<{ id: string; state: string; revision: number }>(
      personId,
      'GET',
      `/instances/${instanceId}`,
    );
  }
}

/** A permanent transfer of Nguyễn Văn An (thôn 2, Trà Đốc) to Hòa Châu, as his branch secretary files it. */
export const transferOfAn = (reason = 'Chuyển nơi làm việc về phường Hòa Châu') => ({
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason,
  memberIsCadre: false,
});

/** A member transfer Mai Tường Vy filed and submitted: waiting at her branch (she decides next). */
export async function transferForVy(api: Api, reason = 'Về quê sinh sống và làm việc tại xã Trà Đốc') {
  const started = await api.start('p-vy', 'member-transfer', {
    memberId: 'p-lan',
    kind: 'permanent',
    sourceBranchId: 'cd-kdc-tayan',
    destinationBaseId: 'tradoc',
    reason,
    memberIsCadre: false,
  });
  await api.send('p-vy', started.id, { type: 'SUBMIT' });
  return started.id;
}

/**
 * A member transfer Vy filed, submitted and confirmed (comment and dues): waiting at the source base,
 * where Đỗ Thị Nga, Bí thư of Hòa Châu, decides — in member transfer v2 only the base may refuse.
 */
export async function transferForNga(api: Api, reason = 'Về quê sinh sống và làm việc tại xã Trà Đốc') {
  const id = await transferForVy(api, reason);
  await api.send('p-vy', id, {
    type: 'CONFIRM',
    payload: { duesPaidThrough: new Date().toISOString().slice(0, 7), memberBookComment: 'Tốt' },
  });
  return id;
}

/** In the page's `<doanflow-approval>` (ready): reject the request with a reason, and confirm. */
export async function rejectInPanel(page: Page, reason: string): Promise<void> {
  const approval = page.locator('doanflow-approval .df-ApprovalPanel[data-state="ready"]');
  await approval.locator('[data-event="REJECT"]').click();
  await approval
    .locator('form.df-ApprovalPanel-form')
    .getByLabel(/reason|Lý do/i)
    .fill(reason);
  await approval.getByRole('button', { name: /^Gửi quyết định/ }).click();
  await page
    .locator('doanflow-approval')
    .getByRole('alertdialog')
    .getByRole('button', { name: 'Tôi chắc chắn' })
    .click();
}

/** Nothing a page must not do: no CSP violation, no console error, no dialog. */
export async function expectClean(watch: PageWatch): Promise<void> {
  expect(await watch.violations()).toEqual([]);
  expect(watch.errors).toEqual([]);
  expect(watch.dialogs).toEqual([]);
}
