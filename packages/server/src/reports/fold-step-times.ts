import type { Query } from '../db/database.ts';

/**
 * Folds the moves writers appended (report_step_time_deltas) into the report's cells
 * (report_step_times), `batch` at a time, and returns how many it folded. Rows another process is
 * folding are skipped, and the cells are updated in key order, so two folders never deadlock and
 * never count a move twice; a report reading meanwhile sees each move once, before or after.
 */
export async function foldStepTimes(query: Query, batch: number): Promise<number> {
  let folded = 0;
  for (;;) {
    const [row] = await query<{ taken: number }>(
      `with taken as (
         delete from report_step_time_deltas where id in (
           select id from report_step_time_deltas order by id limit $1 for update skip locked)
         returning unit_id, day, workflow_id, step, bucket, moves),
       cells as (
         insert into report_step_times (unit_id, day, workflow_id, step, bucket, moves)
         select unit_id, day, workflow_id, step, bucket, sum(moves)::int from taken
          group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
         on conflict (unit_id, day, workflow_id, step, bucket)
           do update set moves = report_step_times.moves + excluded.moves
         returning 1)
       select (select count(*) from taken)::int as taken, (select count(*) from cells)::int as cells`,
      [batch],
    );
    folded += row?.taken ?? 0;
    if ((row?.taken ?? 0) < batch) return folded;
  }
}
