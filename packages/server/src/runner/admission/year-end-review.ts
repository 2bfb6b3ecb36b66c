import { reviewRecordKinds, type RecordedFact } from '@doanflow/engine';
import type { Query } from '../../db/database.ts';
import { isoOf } from '../rows.ts';
import type { Admission, AdmissionSubject } from './admission.ts';

/**
 * A year-end review reads the person's record of the year — the host branches' comments for a
 * member, the "1+2" year and its credited trips for a cadre — when it starts (the panel shows them)
 * and again at the decision (a comment delivered meanwhile counts). The facts go into the history,
 * so the review replays as it was decided, however the record grows later.
 */
async function recordOfYear(query: Query, { input, context }: AdmissionSubject) {
  const about = (input ?? context) as { personId: string; year: number; as: 'member' | 'cadre' };
  const rows = await query<{
    kind: string;
    key: string;
    data: Record<string, unknown>;
    source_instance_id: string;
    source_workflow_id: string;
    source_seq: number;
    recorded_at: string | Date;
  }>(
    `select kind, key, data, source_instance_id, source_workflow_id, source_seq, recorded_at from records
     where subject_kind = 'person' and subject_id = $1 and kind = any($2::text[]) and data->>'year' = $3
     order by recorded_at, kind, key`,
    [about.personId, reviewRecordKinds[about.as], String(about.year)],
  );
  const record: RecordedFact[] = rows.map((row) => ({
    kind: row.kind,
    key: row.key,
    data: row.data,
    source: { instanceId: row.source_instance_id, workflowId: row.source_workflow_id, seq: row.source_seq },
    recordedAt: isoOf(row.recorded_at)!,
  }));
  return { record };
}

export const yearEndReviewAdmissions: Admission[] = ['$start', 'DECIDE'].map((on) => ({
  workflowId: 'year-end-review',
  fromVersion: 1,
  on,
  // Nothing is counted across instances: the record is only read, so no lock is needed.
  locks: () => [],
  facts: recordOfYear,
}));
