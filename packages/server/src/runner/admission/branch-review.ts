import type { Query } from '../../db/database.ts';
import type { Admission, AdmissionSubject } from './admission.ts';

const ctx = "snapshot->'machine'->'context'";

/** A review's level as the round stands: published, else the base's decision, else self-assessed. */
const levelNow = `coalesce(${ctx}->'result'->>'level', ${ctx}->'pendingTop'->>'level',
  ${ctx}->'draft'->>'proposedLevel')`;

/**
 * A v2 rating decision counts the base's other reviews of the year (the round), under the round's
 * lock, so two committees' decisions in parallel cannot both take the last top rating: reviews rated
 * "tốt" or better, all reviews, and those already rated (or held for approval as) "xuất sắc".
 */
async function countRound(query: Query, { context, instanceId }: AdmissionSubject) {
  const [row] = await query<{ good_or_better: string; all_branches: string; top_rated: string }>(
    `select count(*) filter (where ${levelNow} in ('outstanding', 'good')) as good_or_better,
       count(*) as all_branches,
       count(*) filter (where coalesce(${ctx}->'result'->>'level', ${ctx}->'pendingTop'->>'level') = 'outstanding')
         as top_rated
     from instances where workflow_id = 'branch-review' and id <> $3
       and ${ctx}->>'baseId' = $1 and (${ctx}->>'year')::int = $2`,
    [context?.['baseId'], context?.['year'], instanceId],
  );
  return {
    goodOrBetter: Number(row?.good_or_better ?? 0),
    allBranches: Number(row?.all_branches ?? 0),
    topRated: Number(row?.top_rated ?? 0),
  };
}

const roundLock = ({ context }: AdmissionSubject) => [
  `branch-review:${String(context?.['baseId'])}:${String(context?.['year'])}`,
];

export const branchReviewAdmissions: Admission[] = ['DECIDE_LEVEL', 'AMEND_RESULT'].map((on) => ({
  workflowId: 'branch-review',
  fromVersion: 2,
  on,
  locks: roundLock,
  facts: countRound,
}));
