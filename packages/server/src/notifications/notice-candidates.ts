import { noticeWords } from '@doanflow/engine';
import { stateLabel, subjectName } from '../runner/views.ts';
import type { Candidate, DeriveContext } from './deriver.ts';
import type { FactsWanted, InstanceFacts } from './instance-facts.ts';

/** What the step builder puts on the outbox for a workflow's `notify` effect (step-builder.ts). */
interface NoticeMessage {
  instanceId: string;
  workflowId: string;
  seq: number;
  message: string;
  recipients: string[];
  data: Record<string, unknown>;
  /** The actor and the people the same step's new tasks reach: their task mail says it already. */
  alreadyTold?: string[];
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const isoMonth = /^(\d{4})-(\d{2})$/;

/** A notice's data in words: a person's name for their id, dates as officers write them. */
function filler(context: DeriveContext) {
  return (name: string, value: unknown, locale: 'vi' | 'en'): string => {
    if (typeof value !== 'string') return String(value);
    if (name.endsWith('Id')) return context.cache.personName(value) ?? value;
    const date = isoDate.exec(value);
    if (date) return `${date[3]}/${date[2]}/${date[1]}`;
    const month = isoMonth.exec(value);
    if (month) return `${month[2]}/${month[1]}`;
    if (!Number.isNaN(Date.parse(value)) && value.includes('T'))
      return new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
        timeZone: 'Asia/Ho_Chi_Minh',
        dateStyle: 'short',
      }).format(new Date(value));
    return value;
  };
}

/** The people a notice is for, less those the same step tells already. */
function recipientsOf(notice: NoticeMessage): string[] {
  const skip = new Set(notice.alreadyTold ?? []);
  return [...new Set(notice.recipients)].filter((personId) => !skip.has(personId));
}

/** A notice with someone to tell names its instance's subject and state. */
export function noticeFactsWanted(notice: NoticeMessage): FactsWanted | null {
  if (recipientsOf(notice).length === 0) return null;
  return { instanceId: notice.instanceId, seq: notice.seq, snapshot: true, people: false };
}

/**
 * A workflow's own reminder or escalation (a `notify` effect): one notification per person the step
 * resolved, in the words the workflow gives the message. A message without words is not mailed:
 * the workflow has not said what it means (defineWorkflow's notices).
 */
export function noticeCandidates(
  notice: NoticeMessage,
  context: DeriveContext,
  facts: InstanceFacts,
): Candidate[] {
  const recipients = recipientsOf(notice);
  if (recipients.length === 0) return [];
  let definition;
  try {
    definition = context.registry.get(notice.workflowId);
  } catch {
    return [];
  }
  const words = noticeWords(definition, notice.message, notice.data ?? {}, filler(context));
  if (!words) return [];
  const row = facts.of(notice.instanceId, notice.seq);
  const subject = row.snapshot ? subjectName(definition, row.snapshot, context.cache) : '';
  return recipients.map((personId) => ({
    kind: 'workflow.notice' as const,
    sourceKey: `${notice.instanceId}:${notice.seq}:${notice.message}`,
    personId,
    payload: {
      instanceId: notice.instanceId,
      workflowId: notice.workflowId,
      workflowTitle: definition.title,
      stateLabel: stateLabel(definition, row.state),
      subject,
      due: null,
      event: null,
      notice: words,
    },
  }));
}
