/**
 * The demo deployment's policy overrides: this province lets a Phó Bí thư sign "TM. BAN THƯỜNG VỤ"
 * (issue 11), so the demo shows such a referral; its awards council is the four members the demo
 * directory names (Hà, Tuấn, Yến, Nga), so a vote can reach its quorum. Versions that do not know a
 * key ignore it.
 */
export const demoPolicy: Record<string, Record<string, unknown>> = {
  'member-transfer': { signing: { deputyMaySignForCommittee: true } },
  'field-visit': { signing: { deputyMaySignForCommittee: true } },
  'award-nomination': { councilSize: 4 },
};
