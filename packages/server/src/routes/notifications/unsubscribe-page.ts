import type { NotificationKind } from '../../notifications/kinds.ts';

const kindNames: Record<NotificationKind, { vi: string; en: string }> = {
  'task.new': { vi: 'việc mới', en: 'new tasks' },
  'task.dueSoon': { vi: 'việc sắp đến hạn', en: 'tasks due soon' },
  'task.overdue': { vi: 'việc quá hạn', en: 'overdue tasks' },
  'task.returned': { vi: 'hồ sơ bị trả lại', en: 'work returned to you' },
  'request.decided': { vi: 'quyết định về đề nghị của đồng chí', en: 'decisions on your requests' },
  'workflow.notice': { vi: 'nhắc việc và cảnh báo quá hạn của quy trình', en: 'reminders and escalations' },
};

/** A small page, Vietnamese first: a confirmation button, or the confirmation itself. */
export function unsubscribePage(kind: NotificationKind, token: string, done: boolean): string {
  const name = kindNames[kind];
  const body = done
    ? `<p>Đồng chí sẽ không nhận thông báo về ${name.vi} nữa. Có thể bật lại trong phần cài đặt thông báo.</p>
       <p lang="en">You will no longer receive notifications about ${name.en}. You can turn them on again in your notification settings.</p>`
    : `<form method="post" action="?token=${encodeURIComponent(token)}">
         <p>Ngừng nhận thông báo về ${name.vi}?</p><p lang="en">Stop notifications about ${name.en}?</p>
         <button type="submit">Ngừng nhận / Unsubscribe</button>
       </form>`;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Thông báo doanflow</title></head><body>${body}</body></html>`;
}
