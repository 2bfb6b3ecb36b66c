import { randomUUID } from 'node:crypto';
import type { ChaosClient } from './client.ts';

/** Nguyễn Văn An asks to move from Chi đoàn thôn 2 to Đoàn phường Hòa Châu (as in the e2e tests). */
export const transferInput = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
};

export interface Step {
  personId: string;
  type: string;
  payload?: Record<string, unknown>;
}

/**
 * A transfer that goes back and forth: SUBMIT, then `rounds` × (the branch confirms, the base returns
 * it to the branch), then the member withdraws. Every step changes the state, so applying one twice
 * would either be refused or show up as an extra history entry.
 */
export function transferSteps(rounds: number): Step[] {
  const steps: Step[] = [{ personId: 'p-an', type: 'SUBMIT' }];
  for (let round = 0; round < rounds; round += 1) {
    steps.push({
      personId: 'p-binh',
      type: 'CONFIRM',
      payload: {
        duesPaidThrough: '2026-02',
        memberBookComment: `Vòng ${round + 1}: hoàn thành tốt nhiệm vụ`,
      },
    });
    steps.push({
      personId: 'p-hieu',
      type: 'RETURN_TO_BRANCH',
      payload: { reason: `Vòng ${round + 1}: bổ sung hồ sơ` },
    });
  }
  steps.push({ personId: 'p-an', type: 'WITHDRAW' });
  return steps;
}

/** A request a client sent with its own Idempotency-Key, and whether a 2xx came back. */
export interface LedgerEntry {
  key: string;
  kind: 'start' | 'send';
  instanceId: string | null;
  type: string;
  status: number | null;
}

/** Everything the clients sent, by key: the truth the database is checked against. */
export class Ledger {
  readonly entries = new Map<string, LedgerEntry>();

  /** A fresh key; also the decision's comment, so its history entry can be found by key. */
  newKey(kind: LedgerEntry['kind'], instanceId: string | null, type: string): string {
    const key = `chaos-${randomUUID()}`;
    this.entries.set(key, { key, kind, instanceId, type, status: null });
    return key;
  }

  settle(key: string, status: number, instanceId?: string): void {
    const entry = this.entries.get(key)!;
    entry.status = status;
    if (instanceId) entry.instanceId = instanceId;
  }

  acknowledged(kind?: LedgerEntry['kind']): LedgerEntry[] {
    return [...this.entries.values()].filter(
      (entry) => entry.status !== null && entry.status < 300 && (!kind || entry.kind === kind),
    );
  }
}

export const commentOf = (key: string) => `chaos:${key}`;

/** Starts an instance with an Idempotency-Key (retried on faults); returns its id. */
export async function startInstance(
  client: ChaosClient,
  ledger: Ledger,
  personId: string,
  workflowId: string,
  input: unknown,
): Promise<string> {
  const key = ledger.newKey('start', null, '$start');
  const outcome = await client.request({
    personId,
    method: 'POST',
    path: '/instances',
    body: { workflowId, input },
    key,
  });
  const id = typeof outcome.body['id'] === 'string' ? outcome.body['id'] : undefined;
  ledger.settle(key, outcome.status, id);
  if (outcome.status !== 201 || !id) throw new Error(`start refused: ${JSON.stringify(outcome)}`);
  return id;
}

/** Sends one decision with an Idempotency-Key and its key as the comment; returns the outcome. */
export async function sendDecision(
  client: ChaosClient,
  ledger: Ledger,
  instanceId: string,
  step: Step,
  extra: Record<string, unknown> = {},
) {
  const key = ledger.newKey('send', instanceId, step.type);
  const outcome = await client.request({
    personId: step.personId,
    method: 'POST',
    path: `/instances/${instanceId}/events`,
    body: {
      type: step.type,
      ...(step.payload ? { payload: step.payload } : {}),
      comment: commentOf(key),
      ...extra,
    },
    key,
  });
  ledger.settle(key, outcome.status);
  return outcome;
}

/**
 * A transfer from the request to the member's acknowledgement at the new branch, as the officers
 * of the e2e directory take it: three timers (the referral's validity, the destination's response,
 * the acknowledgement) are pending on the way, each cancelled by the step that leaves its state.
 */
export function transferToCompletion(issuedOn: string, number: string): Step[] {
  return [
    { personId: 'p-an', type: 'SUBMIT' },
    {
      personId: 'p-binh',
      type: 'CONFIRM',
      payload: { duesPaidThrough: '2026-02', memberBookComment: 'Hoàn thành tốt nhiệm vụ' },
    },
    { personId: 'p-hieu', type: 'ISSUE_REFERRAL', payload: { referralNumber: `${number}/GGT`, issuedOn } },
    { personId: 'p-an', type: 'PRESENT_REFERRAL' },
    { personId: 'p-nga', type: 'ACCEPT' },
    { personId: 'p-nga', type: 'ASSIGN_BRANCH', payload: { branchId: 'cd-kdc-tayan' } },
    { personId: 'p-vy', type: 'ACKNOWLEDGE' },
  ];
}

/**
 * A v2 transfer (issue 11's rules) from the request to the member's acknowledgement: `rounds` ×
 * (the branch confirms, the base returns it), then the base's Bí thư signs the referral — a number
 * from the base's register and a rendered PDF, in the step's own transaction — and the destination
 * takes the member in.
 */
export function transferV2Steps(rounds: number, issuedOn: string): Step[] {
  const confirm: Step = {
    personId: 'p-binh',
    type: 'CONFIRM',
    payload: { duesPaidThrough: '2026-02', memberBookComment: 'Hoàn thành tốt nhiệm vụ' },
  };
  const steps: Step[] = [{ personId: 'p-an', type: 'SUBMIT' }];
  for (let round = 0; round < rounds; round += 1) {
    steps.push(confirm, {
      personId: 'p-hieu',
      type: 'RETURN_TO_BRANCH',
      payload: { reason: `Vòng ${round + 1}: bổ sung nhận xét` },
    });
  }
  steps.push(
    confirm,
    { personId: 'p-hieu', type: 'ISSUE_REFERRAL', payload: { issuedOn } },
    { personId: 'p-an', type: 'PRESENT_REFERRAL' },
    { personId: 'p-nga', type: 'ACCEPT' },
    { personId: 'p-nga', type: 'ASSIGN_BRANCH', payload: { branchId: 'cd-kdc-tayan' } },
    { personId: 'p-vy', type: 'ACKNOWLEDGE' },
  );
  return steps;
}
