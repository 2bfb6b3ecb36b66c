import type { PermissionRule, StartRule } from '../../define-workflow.ts';
import type { NominationContext } from './machine.ts';
import { nominationV1OnlyEvents } from './schema.ts';

type NominationRule = PermissionRule<NominationContext>;

/**
 * The nominating unit's secretary (or a deputy, "KT.") or its standing committee ("TM.") prepares,
 * submits and may withdraw the dossier.
 */
const nominatingUnit = (
  event: string,
  states: string[],
  when?: (context: NominationContext) => boolean,
): NominationRule[] => [
  { event, states, role: 'baseSecretary', of: 'nominatingUnit', at: 'own', ...(when ? { when } : {}) },
  {
    event,
    states,
    role: 'baseStanding',
    of: 'nominatingUnit',
    at: 'own',
    signsForCommittee: true,
    ...(when ? { when } : {}),
  },
];

const atAwardingUnit = (
  event: string,
  states: string[],
  role: string,
  extra: Partial<NominationRule> = {},
): NominationRule => ({ event, states, role, of: 'awardingUnit', at: 'own', ...extra });

const notYetVoted = (context: NominationContext, actor: { personId: string } | null) =>
  !actor || !(actor.personId in context.ballots);

export const nominationStart: StartRule<NominationContext>[] = [
  { role: 'baseSecretary', of: 'nominatingUnit', at: 'own' },
  { role: 'baseStanding', of: 'nominatingUnit', at: 'own', signsForCommittee: true },
];

export const nominationPermissions: NominationRule[] = [
  ...nominatingUnit('ADD_DOCUMENT', ['preparing']),
  ...nominatingUnit('REMOVE_DOCUMENT', ['preparing']),
  ...nominatingUnit('RECORD_RATING', ['preparing']),
  ...nominatingUnit('SUBMIT', ['preparing']),
  // The button disappears once a council member has voted (the machine guards it too).
  ...nominatingUnit(
    'WITHDRAW',
    ['preparing', 'secretariatCheck', 'councilVoting'],
    (context) => Object.keys(context.ballots).length === 0,
  ),
  atAwardingUnit('ACCEPT_DOSSIER', ['secretariatCheck'], 'secretariat'),
  atAwardingUnit('RETURN_INCOMPLETE', ['secretariatCheck'], 'secretariat'),
  // A ballot is personal: nobody votes "KT." for someone else, and the button goes once cast.
  // The chair is a voting member.
  atAwardingUnit('CAST_VOTE', ['councilVoting'], 'councilMember', { deputies: false, when: notYetVoted }),
  atAwardingUnit('CAST_VOTE', ['councilVoting'], 'councilChair', { deputies: false, when: notYetVoted }),
  atAwardingUnit('CLOSE_VOTE', ['councilVoting'], 'councilChair'),
  // The decision: "TM. Ban Thường vụ" by a standing secretary or member, "KT." by a deputy secretary.
  atAwardingUnit('SIGN_DECISION', ['awaitingSignature'], 'standingSecretary', { signsForCommittee: true }),
  atAwardingUnit('SIGN_DECISION', ['awaitingSignature'], 'upperStanding', { signsForCommittee: true }),
  atAwardingUnit('DECLINE_TO_SIGN', ['awaitingSignature'], 'standingSecretary', { signsForCommittee: true }),
  atAwardingUnit('DECLINE_TO_SIGN', ['awaitingSignature'], 'upperStanding', { signsForCommittee: true }),
];

/**
 * v2: the round's one decision replaces each nomination's own, and the tờ trình that submits the
 * dossier is signed by title (signing.ts): "TM. BAN THƯỜNG VỤ" by the nominating unit's Bí thư (or a
 * Phó Bí thư where the policy allows), "KT." by a Phó Bí thư; ordinary committee members prepare
 * the dossier but do not sign it.
 */
export const nominationPermissionsV2: NominationRule[] = [
  ...nominationPermissions.filter(
    (rule) => !nominationV1OnlyEvents.has(rule.event) && rule.event !== 'SUBMIT',
  ),
  {
    event: 'SUBMIT',
    states: ['preparing'],
    role: 'baseSecretary',
    of: 'nominatingUnit',
    at: 'own',
    signsForCommittee: true,
    signs: {},
  },
];
