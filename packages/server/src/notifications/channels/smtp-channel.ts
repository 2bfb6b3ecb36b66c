import type { Transporter } from 'nodemailer';
import type { ChannelResult, NotificationChannel, OutgoingNotification, Recipient } from '../channel.ts';

export interface SmtpChannelOptions {
  /** smtp://user:pass@host:587 or smtps://…:465 (nodemailer's connection URL). */
  url: string;
  /** The From address: "Doanflow <no-reply@doan.example>". */
  from: string;
  /** Per-attempt timeout (default 30 s). */
  timeoutMs?: number;
  /** SMTP connections kept open and reused (default 4, the notifier's sends at once). */
  connections?: number;
}

/**
 * E-mail over SMTP (nodemailer). The Message-ID is the notification's (derived from its key): a
 * message sent again after a crash between the SMTP server's "250 OK" and our acknowledgement
 * carries the same Message-ID, which mail stores use to drop the second copy.
 */
export class SmtpChannel implements NotificationChannel {
  readonly name = 'email';
  private readonly options: SmtpChannelOptions;
  /** Made at the first message (issue 15, memory): nodemailer's ~5 MiB of heap only once mail goes out. */
  private transport: Promise<Transporter> | null = null;

  constructor(options: SmtpChannelOptions) {
    this.options = options;
  }

  private transporter(): Promise<Transporter> {
    const timeout = this.options.timeoutMs ?? 30_000;
    this.transport ??= import('nodemailer').then(({ createTransport }) =>
      // One options object: given the URL alone, nodemailer takes its second argument as the
      // messages' defaults, and these timeouts were never applied (its own: 2 and 10 minutes).
      // Pooled: a connection per message paid its TCP (and TLS) set-up, greeting and EHLO each time.
      createTransport({
        url: this.options.url,
        pool: true,
        maxConnections: this.options.connections ?? 4,
        maxMessages: 100,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      } as never),
    );
    return this.transport;
  }

  reaches(recipient: Recipient): boolean {
    return recipient.email !== null;
  }

  async send(message: OutgoingNotification, signal: AbortSignal): Promise<ChannelResult> {
    if (!message.recipient.email) return { ok: false, permanent: true, error: 'no e-mail address' };
    const headers: Record<string, string> = { 'X-Doanflow-Key': message.key };
    if (message.unsubscribeUrl) {
      headers['List-Unsubscribe'] = `<${message.unsubscribeUrl}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    try {
      signal.throwIfAborted();
      const transport = await this.transporter();
      const info = await transport.sendMail({
        from: this.options.from,
        to: { name: message.recipient.name, address: message.recipient.email },
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        headers,
      });
      return { ok: true, detail: String(info.response ?? '') };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      const text = error instanceof Error ? error.message : String(error);
      // 5xx: the server refused this message or address for good (a bounce at submission).
      return { ok: false, permanent: typeof code === 'number' && code >= 500, error: text.slice(0, 1000) };
    }
  }

  /** Closes the pooled connections; a later message opens new ones. */
  async close(): Promise<void> {
    const transport = this.transport;
    this.transport = null;
    (await transport?.catch(() => null))?.close();
  }
}
