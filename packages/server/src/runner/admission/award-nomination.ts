import { WorkflowError } from '@doanflow/engine';
import { ServerError } from '../../errors.ts';
import type { Query } from '../../db/database.ts';
import type { Admission, AdmissionSubject } from './admission.ts';

/** Branch-review levels as the award's rating scale names them. */
const ratingOf: Record<string, string> = {
  outstanding: 'excellent',
  good: 'good',
  completed: 'completed',
  notCompleted: 'notCompleted',
};

const roundLock = (campaignId: unknown) => `award-round:${String(campaignId)}`;

interface CampaignContext {
  policy?: { secretBallot?: boolean };
  awardingUnitId: string;
  deadline: string;
  quotas: Record<string, number>;
  awardForms: { id: string; nomineeKind: string }[];
}

const ctx = "snapshot->'machine'->'context'";

/**
 * Starting a v2 nomination reads its round from the campaign (open, the unit's quota, the award
 * form), refuses a second nomination of the same nominee for the same form in the round, and reads
 * the branch's latest review result from its record.
 */
export const nominationStart: Admission = {
  workflowId: 'award-nomination',
  fromVersion: 2,
  on: '$start',
  locks: ({ input }) => [roundLock(input?.['campaignId'])],
  async facts(query: Query, { input }: AdmissionSubject) {
    const { campaignId, nominatingUnitId, awardFormId, nominee } = input as {
      campaignId: string;
      nominatingUnitId: string;
      awardFormId: string;
      nominee: { kind: 'branch'; unitId: string } | { kind: 'person'; personId: string };
    };
    const [campaign] = await query<{ state: string; context: CampaignContext }>(
      `select state, ${ctx} as context from instances where id = $1 and workflow_id = 'award-campaign'`,
      [campaignId],
    );
    if (!campaign) throw new ServerError('NOT_FOUND', `no award round ${campaignId}`, { campaignId });
    if (campaign.state !== 'open') {
      throw new ServerError('CAMPAIGN_NOT_OPEN', `the award round is ${campaign.state}, not open`, {
        campaignId,
        state: campaign.state,
      });
    }
    const quota = campaign.context.quotas[nominatingUnitId];
    if (quota === undefined) {
      throw new ServerError('NOT_IN_CAMPAIGN', `${nominatingUnitId} has no quota in this round`, {
        campaignId,
        nominatingUnitId,
      });
    }
    const awardForm = campaign.context.awardForms.find((form) => form.id === awardFormId);
    if (!awardForm || awardForm.nomineeKind !== nominee.kind) {
      throw new ServerError(
        'NOT_IN_CAMPAIGN',
        `the round has no award form ${awardFormId} for this nominee`,
        {
          campaignId,
          awardFormId,
        },
      );
    }
    const [existing] = await query<{ id: string }>(
      `select id from instances where workflow_id = 'award-nomination' and state <> 'withdrawn'
         and campaign_id = $1 and ${ctx}->'awardForm'->>'id' = $2 and ${ctx}->'nominee' @> $3::jsonb
       limit 1`,
      [campaignId, awardFormId, JSON.stringify(nominee)],
    );
    if (existing) {
      throw new ServerError(
        'DUPLICATE_NOMINATION',
        'this nominee already has a nomination for this award form in this round',
        { campaignId, awardFormId, nominationId: existing.id },
      );
    }
    let rating = null;
    if (nominee.kind === 'branch') {
      const [result] = await query<{ key: string; data: { level?: string } }>(
        `select key, data from records where subject_kind = 'unit' and subject_id = $1
           and kind = 'branchReview.result' order by key desc limit 1`,
        [nominee.unitId],
      );
      const level = result && ratingOf[String(result.data.level)];
      if (result && level) rating = { year: Number(result.key), rating: level, disciplined: false };
    }
    return {
      campaign: {
        awardingUnitId: campaign.context.awardingUnitId,
        deadline: campaign.context.deadline,
        quota,
        awardForm,
        // The round's ballot policy, fixed for the nomination when it starts.
        secretBallot: campaign.context.policy?.secretBallot === true,
      },
      rating,
    };
  },
};

/** Submitting counts the unit's nominations already submitted in the round, under the round's lock. */
export const nominationSubmit: Admission = {
  workflowId: 'award-nomination',
  fromVersion: 2,
  on: 'SUBMIT',
  locks: ({ context }) => [roundLock(context?.['campaignId'])],
  async facts(query: Query, { context, instanceId }: AdmissionSubject) {
    const [row] = await query<{ n: string }>(
      `select count(*) as n from instances where workflow_id = 'award-nomination' and id <> $3
         and campaign_id = $1 and ${ctx}->>'nominatingUnitId' = $2
         and ${ctx}->>'submittedAt' is not null and state <> 'withdrawn'`,
      [context?.['campaignId'], context?.['nominatingUnitId'], instanceId],
    );
    return { submittedInUnit: Number(row?.n ?? 0) };
  },
};

const votes = new Set(['yes', 'no', 'abstain']);
const secret = (context: Record<string, unknown> | null) => context?.['secretBallot'] === true;
const voteLock = (instanceId: string | null) => `award-vote:${String(instanceId)}`;

/**
 * A vote in a secret ballot: its choice goes into the nomination's ballot box (a counter per
 * choice, no voter, no time) in the step's own transaction, and the engine — so the history — gets
 * the vote without it. A vote the engine refuses (a second one by the same member) rolls the
 * counter back with it. A public vote passes through as it is.
 */
export const nominationVote: Admission = {
  workflowId: 'award-nomination',
  fromVersion: 2,
  on: 'CAST_VOTE',
  locks: ({ instanceId }) => [voteLock(instanceId)],
  async facts(query: Query, { context, instanceId, payload }: AdmissionSubject) {
    if (!secret(context)) return {};
    const vote = payload?.['vote'];
    if (typeof vote !== 'string' || !votes.has(vote) || Object.keys(payload ?? {}).length !== 1) {
      throw new WorkflowError('INVALID_PAYLOAD', 'a vote is one of yes, no or abstain', {
        issues: [{ path: ['vote'], code: 'invalid_value', message: 'expected yes, no or abstain' }],
      });
    }
    await query(
      `insert into ballot_box (instance_id, choice, votes) values ($1, $2, 1)
         on conflict (instance_id, choice) do update set votes = ballot_box.votes + 1`,
      [instanceId, vote],
    );
    return {};
  },
  payload: ({ context, payload }) => (secret(context) ? {} : (payload ?? {})),
};

/** Closing a secret vote hands the engine the box's count (kept in the history: replay needs none). */
export const nominationCloseVote: Admission = {
  workflowId: 'award-nomination',
  fromVersion: 2,
  on: 'CLOSE_VOTE',
  locks: ({ instanceId }) => [voteLock(instanceId)],
  async facts(query: Query, { context, instanceId }: AdmissionSubject) {
    if (!secret(context)) return {};
    const rows = await query<{ choice: string; votes: number }>(
      'select choice, votes from ballot_box where instance_id = $1',
      [instanceId],
    );
    const ballotBox = { yes: 0, no: 0, abstain: 0 } as Record<string, number>;
    for (const row of rows) ballotBox[row.choice] = Number(row.votes);
    return { ballotBox };
  },
};

export const awardAdmissions: Admission[] = [
  nominationStart,
  nominationSubmit,
  nominationVote,
  nominationCloseVote,
];
