import type { NotificationKind } from './kinds.ts';

export type Locale = 'vi' | 'en';
type Label = { vi: string; en: string };

/** What a notification row carries for its message (written when it was derived). */
export interface NotificationPayload {
  instanceId: string | null;
  workflowId: string | null;
  workflowTitle: Label;
  stateLabel: Label;
  /** The instance's subject (a member's or a unit's name). */
  subject: string;
  /** The task's deadline, when it has one. */
  due: string | null;
  /** The event that led here (RETURN_TO_BRANCH, APPROVE, …). */
  event: string | null;
  /** A workflow's own reminder or escalation: its words (kind `workflow.notice`). */
  notice?: Label;
}

/** A message ready for a channel: both a plain-text and an HTML body, and its links. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** Where the portal shows the instance. */
  link: string | null;
}

const headlines: Record<NotificationKind, Record<Locale, string>> = {
  'task.new': { vi: 'Việc mới cần xử lý', en: 'A new task for you' },
  'task.dueSoon': { vi: 'Sắp đến hạn (còn 2 ngày làm việc)', en: 'Due in 2 working days' },
  'task.overdue': { vi: 'Đã quá hạn', en: 'Overdue' },
  'task.returned': { vi: 'Hồ sơ được trả lại cho đồng chí', en: 'Returned to you' },
  'request.decided': { vi: 'Đã có quyết định về đề nghị của đồng chí', en: 'A decision on your request' },
  'workflow.notice': { vi: 'Nhắc việc', en: 'Reminder' },
};

/** The first line and the subject: the notice's own words, or the kind's headline. */
const headline = (kind: NotificationKind, payload: NotificationPayload, locale: Locale) =>
  payload.notice?.[locale] ?? headlines[kind][locale];

const words = {
  vi: {
    step: 'Bước',
    due: 'Hạn',
    open: 'Mở trong cổng thông tin',
    digest: (n: number) => `Tổng hợp thông báo: ${n} việc`,
    unsubscribe: 'Không nhận loại thông báo này nữa',
    footer: 'Thư tự động từ hệ thống doanflow.',
  },
  en: {
    step: 'Step',
    due: 'Due',
    open: 'Open in the portal',
    digest: (n: number) => `Notification digest: ${n} items`,
    unsubscribe: 'Stop notifications of this kind',
    footer: 'An automatic message from doanflow.',
  },
};

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** "14/11/2026 17:00" in Vietnam time. */
function localDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));
}

function lines(kind: NotificationKind, payload: NotificationPayload, locale: Locale): string[] {
  const w = words[locale];
  const out = [
    `${headline(kind, payload, locale)}: ${payload.workflowTitle[locale]} — ${payload.subject}`,
    `${w.step}: ${payload.stateLabel[locale]}`,
  ];
  if (payload.due) out.push(`${w.due}: ${localDateTime(payload.due, locale)}`);
  return out;
}

/** The deep link: the configured pattern with {instanceId} and {workflowId} filled in. */
export function portalLink(pattern: string | null, payload: NotificationPayload): string | null {
  if (!pattern || !payload.instanceId) return null;
  return pattern
    .replaceAll('{instanceId}', encodeURIComponent(payload.instanceId))
    .replaceAll('{workflowId}', encodeURIComponent(payload.workflowId ?? ''));
}

export interface RenderOptions {
  locale: Locale;
  portalUrl: string | null;
  /** The one-click unsubscribe page for this message's kind (none for a digest). */
  unsubscribeUrl: string | null;
}

/** One notification: Vietnamese or English, with its deep link and unsubscribe link. */
export function renderOne(kind: NotificationKind, payload: NotificationPayload, options: RenderOptions) {
  const link = portalLink(options.portalUrl, payload);
  return compose(
    `${headline(kind, payload, options.locale)}: ${payload.workflowTitle[options.locale]} — ${payload.subject}`,
    [{ lines: lines(kind, payload, options.locale), link }],
    options,
    link,
  );
}

/** A digest: every bundled notification with its own link. */
export function renderDigest(
  items: { kind: NotificationKind; payload: NotificationPayload }[],
  options: RenderOptions,
): RenderedMessage {
  const blocks = items.map((item) => ({
    lines: lines(item.kind, item.payload, options.locale),
    link: portalLink(options.portalUrl, item.payload),
  }));
  return compose(words[options.locale].digest(items.length), blocks, options, blocks[0]?.link ?? null);
}

function compose(
  subject: string,
  blocks: { lines: string[]; link: string | null }[],
  options: RenderOptions,
  link: string | null,
): RenderedMessage {
  const w = words[options.locale];
  const text = [
    ...blocks.map((block) =>
      [...block.lines, ...(block.link ? [`${w.open}: ${block.link}`] : [])].join('\n'),
    ),
    [w.footer, ...(options.unsubscribeUrl ? [`${w.unsubscribe}: ${options.unsubscribeUrl}`] : [])].join('\n'),
  ].join('\n\n');
  const html = [
    `<!doctype html><html lang="${options.locale}"><body>`,
    ...blocks.map(
      (block) =>
        `<p>${block.lines.map(escapeHtml).join('<br>')}` +
        (block.link ? `<br><a href="${escapeHtml(block.link)}">${escapeHtml(w.open)}</a>` : '') +
        '</p>',
    ),
    `<p><small>${escapeHtml(w.footer)}`,
    options.unsubscribeUrl
      ? ` <a href="${escapeHtml(options.unsubscribeUrl)}">${escapeHtml(w.unsubscribe)}</a>`
      : '',
    '</small></p></body></html>',
  ].join('');
  return { subject, text, html, link };
}
