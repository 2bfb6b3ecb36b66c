import { localDate, type WorkflowRegistry, type WorkingCalendar } from '@doanflow/engine';
import type { Query } from '../db/database.ts';
import type { DirectoryCache } from '../runner/directory-cache.ts';
import type { OpenedTasks } from '../runner/step-builder.ts';
import { stateLabel, subjectName } from '../runner/views.ts';
import type { DueTaskRow } from './deadline-scan.ts';
import type { NotificationKind } from './kinds.ts';
import { InstanceFacts, type FactsWanted, type StepFacts } from './instance-facts.ts';
import { noticeCandidates, noticeFactsWanted } from './notice-candidates.ts';
import type { NotificationPayload } from './templates.ts';

/** Someone to tell about something: the notifier turns it into a row per channel. */
export interface Candidate {
  kind: NotificationKind;
  /** What it is about, unique for the kind (instance, step, deadline). */
  sourceKey: string;
  personId: string;
  payload: NotificationPayload;
}

export interface DeriveContext {
  registry: WorkflowRegistry;
  cache: DirectoryCache;
}

interface StepChange {
  instanceId: string;
  workflowId: string;
  state: string;
  seq: number;
  event: string;
  opened?: OpenedTasks;
}

/** A decision someone else took on a request: approving, rejecting, accepting or declining it. */
const DECISION = /^(APPROVE|REJECT|ACCEPT|DECLINE)/;
/** Sending work back: the opened task is "returned to you" rather than new. */
const RETURN = /^RETURN/;

function labels(context: DeriveContext, workflowId: string, state: string) {
  try {
    const definition = context.registry.get(workflowId);
    return { definition, workflowTitle: definition.title, stateLabel: stateLabel(definition, state) };
  } catch {
    return {
      definition: null,
      workflowTitle: { vi: workflowId, en: workflowId },
      stateLabel: { vi: state, en: state },
    };
  }
}

type OutboxMessage = { topic: string; payload: Record<string, unknown> };

/** What a message's candidates will ask of its instance (nothing for most topics). */
function factsWanted(message: OutboxMessage): FactsWanted | null {
  if (message.topic === 'notify') return noticeFactsWanted(message.payload as never);
  if (message.topic !== 'instance.changed') return null;
  const change = message.payload as unknown as StepChange;
  const people = DECISION.test(change.event ?? '');
  if (!change.opened && !people) return null;
  return { instanceId: change.instanceId, seq: change.seq, snapshot: people, people };
}

/** What a pass's outbox messages mean for people: their instances read in one statement. */
export async function candidatesOfMessages(
  messages: readonly OutboxMessage[],
  context: DeriveContext,
  query: Query,
): Promise<Candidate[]> {
  const wanted = messages.map(factsWanted).filter((want) => want !== null);
  const facts = await InstanceFacts.read(wanted, query);
  return messages.flatMap((message) => candidatesOf(message, context, facts));
}

/** What one outbox message means for people (nothing for most topics). */
function candidatesOf(message: OutboxMessage, context: DeriveContext, facts: InstanceFacts): Candidate[] {
  if (message.topic === 'notify') return noticeCandidates(message.payload as never, context, facts);
  if (message.topic !== 'instance.changed') return [];
  const change = message.payload as unknown as StepChange;
  const step = facts.of(change.instanceId, change.seq);
  const candidates: Candidate[] = [];
  if (change.opened) {
    // A task already closed again (the requester submitted at once, the outbox read late) is not news.
    const current = new Set(step.state.split('|'));
    const open = change.opened.tasks.filter((task) => current.has(task.state));
    candidates.push(...openedCandidates(change, open, change.opened.actorPersonId, context));
  }
  if (DECISION.test(change.event ?? '')) candidates.push(...decisionCandidates(change, context, step));
  return candidates;
}

function openedCandidates(
  opened: StepChange,
  tasks: OpenedTasks['tasks'],
  actorPersonId: string | null,
  context: DeriveContext,
): Candidate[] {
  const kind: NotificationKind = RETURN.test(opened.event) ? 'task.returned' : 'task.new';
  return tasks.flatMap((task) => {
    const { workflowTitle, stateLabel: label } = labels(context, opened.workflowId, task.state);
    return task.recipients
      .filter((personId) => personId !== actorPersonId)
      .map((personId) => ({
        kind,
        sourceKey: `${opened.instanceId}:${opened.seq}:${task.state}`,
        personId,
        payload: {
          instanceId: opened.instanceId,
          workflowId: opened.workflowId,
          workflowTitle,
          stateLabel: label,
          subject: task.subject,
          due: task.due,
          event: opened.event,
        },
      }));
  });
}

/** The requester (who started the instance) hears of a decision someone else took. */
function decisionCandidates(
  change: { instanceId: string; workflowId: string; state: string; seq: number; event: string },
  context: DeriveContext,
  row: StepFacts,
): Candidate[] {
  if (!row.requester || row.requester === row.actor) return [];
  const { definition, workflowTitle, stateLabel: label } = labels(context, change.workflowId, change.state);
  const subject = definition && row.snapshot ? subjectName(definition, row.snapshot, context.cache) : '';
  return [
    {
      kind: 'request.decided',
      sourceKey: `${change.instanceId}:${change.seq}`,
      personId: row.requester,
      payload: {
        instanceId: change.instanceId,
        workflowId: change.workflowId,
        workflowTitle,
        stateLabel: label,
        subject,
        due: null,
        event: change.event,
      },
    },
  ];
}

/**
 * Who hears of open tasks whose deadline is within two working days, or passed (the rows a
 * DeadlineScan read). Each deadline is announced once per person: the key holds it, so reading a
 * task again adds nothing.
 */
export function deadlineCandidates(
  rows: readonly DueTaskRow[],
  context: DeriveContext,
  calendar: WorkingCalendar,
  now: Date,
): Candidate[] {
  const on = localDate(now, calendar);
  return rows.flatMap((row) => {
    const due = row.due instanceof Date ? row.due.toISOString() : new Date(row.due).toISOString();
    const kind: NotificationKind = Date.parse(due) <= now.getTime() ? 'task.overdue' : 'task.dueSoon';
    const recipients = row.person_id
      ? [row.person_id]
      : row.unit_id
        ? [...new Set(context.cache.directory.holders(row.role, row.unit_id, on).map((b) => b.personId))]
        : [];
    const { workflowTitle, stateLabel: label } = labels(context, row.workflow_id, row.state);
    return recipients.map((personId) => ({
      kind,
      sourceKey: `${row.instance_id}:${row.state}:${due}`,
      personId,
      payload: {
        instanceId: row.instance_id,
        workflowId: row.workflow_id,
        workflowTitle,
        stateLabel: label,
        subject: row.subject,
        due,
        event: null,
      },
    }));
  });
}
