import { CalendarNoticeEntity } from './calendar-notice.ts';
import { DemoSeedEntity } from './demo-seed.ts';
import { DirectoryDocumentEntity } from './directory-document.ts';
import { HistoryEntity } from './history.ts';
import { IdempotencyKeyEntity } from './idempotency-key.ts';
import { InstanceEntity } from './instance.ts';
import { OutboxMessageEntity } from './outbox-message.ts';
import { TaskEntity } from './task.ts';
import { TimerEntity } from './timer.ts';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.ts';

export {
  CalendarNoticeEntity,
  DemoSeedEntity,
  DirectoryDocumentEntity,
  HistoryEntity,
  IdempotencyKeyEntity,
  InstanceEntity,
  OutboxMessageEntity,
  TaskEntity,
  TimerEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
};

export const entities = [
  InstanceEntity,
  HistoryEntity,
  TaskEntity,
  TimerEntity,
  IdempotencyKeyEntity,
  OutboxMessageEntity,
  DirectoryDocumentEntity,
  WebhookEntity,
  CalendarNoticeEntity,
  WebhookDeliveryEntity,
  DemoSeedEntity,
];
