import { createHmac, timingSafeEqual } from 'node:crypto';
import { isNotificationKind, type NotificationKind } from './kinds.ts';

/**
 * The token of a one-click unsubscribe link: who and which kind, signed with the server's secret,
 * so the link works without signing in and cannot be forged for someone else. It does not expire
 * (a mail read months later must still unsubscribe).
 */
export class UnsubscribeTokens {
  private readonly secret: string;
  constructor(secret: string) {
    if (secret.length < 16) throw new Error('the unsubscribe secret must be at least 16 characters');
    this.secret = secret;
  }

  sign(personId: string, kind: NotificationKind): string {
    const body = Buffer.from(JSON.stringify([personId, kind])).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The person and kind, or null for a token this server did not sign. */
  verify(token: string): { personId: string; kind: NotificationKind } | null {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const [personId, kind] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown[];
      if (typeof personId !== 'string' || typeof kind !== 'string' || !isNotificationKind(kind)) return null;
      return { personId, kind };
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(`unsubscribe:${body}`).digest('base64url');
  }
}
