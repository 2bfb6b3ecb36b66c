import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_PATH } from './chromium.ts';

/** The server global-setup.ts started (real PostgreSQL and Redis, dev tokens, demo directory). */
export const serverUrl = (): string => inject('doanflowUrl');

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

/** What a page did that it must not: dialogs opened, scripts failed, errors logged. */
export interface PageWatch {
  page: Page;
  dialogs: string[];
  errors: string[];
  close(): Promise<void>;
}

/** A page in a fresh browser context (its own storage) at 1280×800, watched for dialogs and errors. */
export async function openPage(browser: Browser, locale = 'vi-VN'): Promise<PageWatch> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale,
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const page = await context.newPage();
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
  return { page, dialogs, errors, close: () => context.close() };
}

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

  send(personId: string, instanceId: string, event: { type: string; payload?: unknown; comment?: string }) {
    return this.call<{ id: string; state: string }>(
      personId,
      'POST',
      `/instances/${instanceId}/events`,
      event,
    );
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
