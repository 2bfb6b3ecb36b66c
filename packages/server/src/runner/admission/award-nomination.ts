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
         and ${ctx}->>'campaignId' = $1 and ${ctx}->'awardForm'->>'id' = $2 and ${ctx}->'nominee' @> $3::jsonb
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
         and ${ctx}->>'campaignId' = $1 and ${ctx}->>'nominatingUnitId' = $2
         and ${ctx}->>'submittedAt' is not null and state <> 'withdrawn'`,
      [context?.['campaignId'], context?.['nominatingUnitId'], instanceId],
    );
    return { submittedInUnit: Number(row?.n ?? 0) };
  },
};

export const awardAdmissions: Admission[] = [nominationStart, nominationSubmit];
