import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the SMTP server received it. */
export interface ReceivedMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  /** The message as sent (headers unfolded by nothing). */
  raw: string;
}

/**
 * A real SMTP server on loopback (smtp-server), keeping every message it accepts: what a mail
 * relay would receive from the notifier. `hold` keeps the next messages' "250 OK" back.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** Recipients refused with "550 mailbox unavailable" (a bounce at submission). */
  readonly refuse = new Set<string>();
  /** Told of each message as it arrives (the demo's mail catcher prints it). */
  onMail: ((mail: ReceivedMail) => void) | null = null;
  /** SMTP connections accepted so far, and those open now. */
  connections = 0;
  open = 0;
  private readonly server: SMTPServer;
  port = 0;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_session, callback) => {
        this.connections += 1;
        this.open += 1;
        callback();
      },
      onClose: () => {
        this.open -= 1;
      },
      onRcptTo: (address, _session, callback) => {
        if (!this.refuse.has(address.address)) return callback();
        callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => void parse(Buffer.concat(chunks)));
        const parse = (raw: Buffer) =>
          simpleParser(raw).then(
            (mail) => {
              const to = mail.to;
              this.received.push({
                messageId: mail.messageId ?? '',
                to: (Array.isArray(to) ? to[0] : to)?.value[0]?.address ?? '',
                subject: mail.subject ?? '',
                text: mail.text ?? '',
                html: typeof mail.html === 'string' ? mail.html : '',
                headers: mail.headers as Map<string, unknown>,
                raw: raw.toString('utf8'),
              });
              this.onMail?.(this.received.at(-1)!);
              callback();
            },
            (error: Error) => callback(error),
          );
      },
    });
  }

  static async start(port = 0): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve) => sink.server.listen(port, '127.0.0.1', resolve));
    sink.port = (sink.server.server.address() as { port: number }).port;
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** A header's value as sent, folded lines joined. */
  static header(mail: ReceivedMail, name: string): string | null {
    const head = mail.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
    const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    return line ? line.slice(name.length + 1).trim() : null;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to === address);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
