/** The two charts of the award process: the round (campaign) and one nomination within it. */
export { campaignMachine, campaignMachineV2, type CampaignContext } from './campaign-machine.ts';
export { nominationMachine, type NominationContext } from './nomination-machine.ts';
export { nominationMachineV2 } from './nomination-machine.ts';
