// The demo's local mail server: `pnpm --filter @doanflow/server demo:mail` listens on 127.0.0.1:1025
// (MAIL_CATCHER_PORT) and prints each notification the demo server sends, links included. Start the
// demo with NOTIFY_SMTP_URL=smtp://127.0.0.1:1025 (README, "Notifications in the demo").
import { SmtpSink } from './smtp-sink.ts';

const port = Number(process.env['MAIL_CATCHER_PORT'] ?? 1025);
const sink = await SmtpSink.start(port);
sink.onMail = (mail) => {
  console.log(`\n✉  ${mail.to} — ${mail.subject}`);
  console.log(`   Message-ID: ${mail.messageId}`);
  console.log(mail.text.replace(/^/gm, '   '));
};
console.log(`mail catcher: listening on smtp://127.0.0.1:${sink.port} (Ctrl-C to stop)`);
process.once('SIGINT', () => void sink.close().then(() => process.exit(0)));
