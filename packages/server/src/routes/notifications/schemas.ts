import { z } from 'zod';
import { notificationKinds } from '../../notifications/kinds.ts';

const hour = z.number().int().min(0).max(23);

export const preferencesSchema = z
  .strictObject({
    mode: z
      .enum(['immediate', 'digest'])
      .describe('"immediate": each notification as it happens; "digest": one message a day at digestHour'),
    digestHour: hour.describe('Local hour (Vietnam time) of the daily digest'),
    quietHours: z
      .strictObject({ start: hour, end: hour })
      .nullable()
      .describe(
        'Nothing immediate from start:00 to end:00 local time (may wrap midnight); it waits until end',
      ),
    optedOut: z.array(z.enum(notificationKinds)).max(notificationKinds.length).describe('Kinds turned off'),
  })
  .meta({ id: 'NotificationPreferences' });

export const preferencesView = z
  .object({
    preferences: preferencesSchema,
    /** What this server can send on. */
    channels: z.array(z.string()),
    kinds: z.array(z.enum(notificationKinds)),
    vapidPublicKey: z.string().nullable().describe('For PushManager.subscribe (null: no Web Push here)'),
  })
  .meta({ id: 'NotificationSettings' });

export const pushSubscriptionSchema = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  keys: z.strictObject({ p256dh: z.string().min(1).max(200), auth: z.string().min(1).max(100) }),
});

export const notificationStates = [
  'pending',
  'digest',
  'bundled',
  'sending',
  'sent',
  'failed',
  'cancelled',
] as const;

export const adminQuery = z.object({
  state: z.enum(notificationStates).optional(),
  personId: z.string().min(1).max(200).optional(),
  before: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .describe('The id of the last row of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const notificationView = z
  .object({
    id: z.string(),
    key: z.string(),
    personId: z.string(),
    channel: z.string(),
    kind: z.string(),
    instanceId: z.string().nullable(),
    state: z.enum(notificationStates),
    attempts: z.number().int(),
    createdAt: z.string(),
    notBefore: z.string(),
    sentAt: z.string().nullable(),
    failedAt: z.string().nullable(),
    lastError: z.string().nullable().describe('The last failure (an SMTP refusal is a bounce at submission)'),
  })
  .meta({ id: 'Notification' });

export const tokenQuery = z.object({ token: z.string().min(1).max(1000) });
