import { localDate, OrgDirectory, type DirectoryData, type InstanceSnapshot } from '@doanflow/engine';
import type { ChangeEvent } from './contract.ts';
import { mergeDirectory } from './directory-cache.ts';
import type { DurableRuntime } from './durable-runtime.ts';
import type { TaskRow } from './rows.ts';

const taskKey = (task: Pick<TaskRow, 'role' | 'unit_id' | 'person_id'>) =>
  `${task.role}|${task.unit_id ?? ''}|${task.person_id ?? ''}`;

const BATCH = 200;

/**
 * Stores the directory (replacing it or merging effective-dated records into it), reloads the cache,
 * and recomputes the open tasks of every active instance: after a merger, work addressed to the old
 * unit moves to its successor. Returns how many tasks now point somewhere new.
 */
export async function importDirectory(
  runtime: DurableRuntime,
  data: DirectoryData,
  mode: 'replace' | 'merge',
) {
  const incoming = OrgDirectory.parse(data).data;
  const { db, cache, hub } = runtime;
  const now = runtime.clock.now();
  const today = localDate(now);
  const stored = await db.transaction(async (query) => {
    const [current] = await query<{ data: DirectoryData; version: number }>(
      'select data, version from directory where id = 1 for update',
    );
    const next =
      mode === 'merge' && current
        ? OrgDirectory.parse(mergeDirectory(current.data, incoming)).data
        : incoming;
    const version = (current?.version ?? 0) + 1;
    await query(
      `insert into directory (id, data, version, updated_at) values (1, $1::jsonb, $2, $3)
       on conflict (id) do update set data = excluded.data, version = excluded.version, updated_at = excluded.updated_at`,
      [JSON.stringify(next), version, now.toISOString()],
    );
    if (db.kind === 'postgresql')
      await query('select pg_notify($1, $2)', [hub.channel, hub.message({ directoryVersion: version })]);
    return { data: next, version };
  });
  cache.set(stored.data, stored.version);

  let tasksRerouted = 0;
  let after = '';
  for (;;) {
    const changes: ChangeEvent[] = [];
    const batch = await db.transaction(async (query) => {
      const rows = await query<{
        id: string;
        snapshot: InstanceSnapshot;
        revision: number;
        participant_ids: string[] | null;
        old: TaskRow[];
      }>(
        `select i.id, i.snapshot, i.revision, i.participant_ids,
           coalesce((select json_agg(t) from tasks t where t.instance_id = i.id), '[]'::json) as old
         from instances i where i.status = 'active' and i.id > $1 order by i.id limit ${BATCH} for update`,
        [after],
      );
      const replaced: TaskRow[] = [];
      const changedIds: string[] = [];
      for (const row of rows) {
        // Paths on today's tree (task rows otherwise take the date of the instance's last step).
        const fresh = runtime
          .recomputeTasks(row.snapshot, now)
          .map((task) => ({ ...task, unit_path: cache.unitPath(task.unit_id, today) }));
        const oldKeys = new Set(row.old.map(taskKey));
        const moved = fresh.filter((task) => !oldKeys.has(taskKey(task))).length;
        if (moved === 0 && fresh.length === row.old.length) continue;
        tasksRerouted += moved;
        changedIds.push(row.id);
        replaced.push(...fresh);
        changes.push({
          instanceId: row.id,
          workflowId: row.snapshot.workflowId,
          state: row.snapshot.state,
          revision: row.revision,
          // Where the tasks were and where they are now, with the units above (their officers' inboxes).
          unitIds: [
            ...new Set([...row.old, ...fresh].flatMap((task) => cache.unitPath(task.unit_id, today))),
          ],
          personIds: [
            ...new Set([
              ...(row.participant_ids ?? []),
              ...[...row.old, ...fresh].flatMap((task) => (task.person_id ? [task.person_id] : [])),
            ]),
          ],
        });
      }
      if (changedIds.length > 0) {
        await query(
          `with old as (delete from tasks where instance_id in (select jsonb_array_elements_text($1::jsonb)))
           insert into tasks (instance_id, workflow_id, version, state, role, unit_id, unit_path, or_above,
             person_id, relation, events, due, subject, search, updated_at)
           select instance_id, workflow_id, version, state, role, unit_id, unit_path, or_above,
             person_id, relation, events, due, subject, search, updated_at
           from jsonb_populate_recordset(null::tasks, $2::jsonb)`,
          [JSON.stringify(changedIds), JSON.stringify(replaced)],
        );
      }
      return rows;
    });
    for (const change of changes) hub.publish(change);
    if (batch.length < BATCH) break;
    after = batch[batch.length - 1]!.id;
  }
  // Tasks that stayed at their unit may still have moved in the tree (a re-parented base).
  await runtime.taskPaths.ensure(now);
  return {
    units: stored.data.units.length,
    people: stored.data.people.length,
    bindings: stored.data.bindings.length,
    tasksRerouted,
  };
}
