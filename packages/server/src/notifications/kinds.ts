/** What a notification is about; each can be turned off per person (one-click unsubscribe too). */
export const notificationKinds = [
  'task.new',
  'task.dueSoon',
  'task.overdue',
  'task.returned',
  'request.decided',
  /** A workflow's own reminder or escalation, in its words (a `notify` effect). */
  'workflow.notice',
] as const;

export type NotificationKind = (typeof notificationKinds)[number];

export const isNotificationKind = (value: string): value is NotificationKind =>
  (notificationKinds as readonly string[]).includes(value);

/** Working days before a task's deadline when "due soon" is announced. */
export const DUE_SOON_WORKING_DAYS = 2;
