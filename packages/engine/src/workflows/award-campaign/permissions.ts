import type { PermissionRule, StartRule } from '../../define-workflow.ts';
import type { CampaignContext } from './machine.ts';

type CampaignRule = PermissionRule<CampaignContext>;

/** The awarding level's office (Văn phòng) opens a round with its forms, quotas and deadline. */
export const campaignStart: StartRule<CampaignContext>[] = [
  { role: 'secretariat', of: 'awardingUnit', at: 'own' },
];

const standingSigns = (event: string, states: string[]): CampaignRule => ({
  event,
  states,
  role: 'standingSecretary',
  of: 'awardingUnit',
  at: 'own',
  signsForCommittee: true,
});

export const campaignPermissions: CampaignRule[] = [
  { event: 'SEND_TO_COUNCIL', states: ['closed'], role: 'secretariat', of: 'awardingUnit', at: 'own' },
  // Signed "TM. Ban Thường vụ" by a standing secretary, or "KT." by a deputy.
  standingSigns('SIGN_DECISION', ['councilReview']),
  standingSigns('CANCEL', ['open', 'closed', 'councilReview']),
];

/** v2: the round's one decision, signed by title (signing.ts); no separate count typed in. */
export const campaignPermissionsV2: CampaignRule[] = [
  ...campaignPermissions.filter((rule) => rule.event !== 'SIGN_DECISION'),
  { ...standingSigns('DECIDE_AWARDS', ['councilReview']), signs: {} },
];
