import { localDate } from '@doanflow/engine';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import type { TaskRow } from '../../src/runner/rows.ts';
import { mayActOn } from '../../src/runner/visibility.ts';
import { bearer } from '../e2e/support.ts';

export interface InboxAudit {
  /** Inbox requests compared with the rows (each officer, each server, with and without a unit filter). */
  checked: number;
  /** `<server> <person> [unit]: missing … / extra …` */
  problems: string[];
}

/** Every instance id in a person's inbox, through every page. */
async function inboxInstances(url: string, personId: string, unitId?: string): Promise<string[]> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '100', ...(unitId ? { unitId } : {}) });
    if (cursor) query.set('cursor', cursor);
    const answer = await fetch(`${url}/inbox?${query}`, {
      headers: await bearer(personId),
      signal: AbortSignal.timeout(15_000),
    });
    if (answer.status !== 200) throw new Error(`inbox of ${personId} at ${url}: ${answer.status}`);
    const page = (await answer.json()) as { items: { instanceId: string }[]; nextCursor: string | null };
    for (const item of page.items) ids.add(item.instanceId);
    cursor = page.nextCursor;
  } while (cursor);
  return [...ids].sort();
}

const difference = (a: string[], b: string[]) => a.filter((id) => !b.includes(id));

/**
 * Nothing hidden: with no load running, every officer's inbox on every server (with no filter, and
 * filtered by each unit on the way up from their tasks and bindings) holds exactly the instances
 * whose task rows the inbox rule lets them act on, placed in the tree as the directory says today,
 * whatever release wrote the rows and their stored unit paths.
 */
export async function auditInboxes(
  urls: Record<string, string>,
  verifier: { runtime: HostedRuntime },
): Promise<InboxAudit> {
  const { runtime } = verifier;
  await runtime.cache.load(runtime.db);
  const now = new Date();
  const today = localDate(now);
  const rows = await runtime.db.query<TaskRow>('select * from tasks');
  const officers = [...new Set(runtime.cache.directory.data.bindings.map((binding) => binding.personId))];
  const audit: InboxAudit = { checked: 0, problems: [] };
  for (const personId of officers) {
    const mine = rows.filter((row) => mayActOn(personId, row, runtime.cache, now));
    const pathOf = (row: TaskRow) => runtime.cache.unitPath(row.unit_id, today);
    const units = new Set([
      ...runtime.cache.directory.data.bindings.filter((b) => b.personId === personId).map((b) => b.unitId),
      ...mine.flatMap(pathOf),
    ]);
    const expected = (unitId?: string) =>
      [
        ...new Set(
          mine.filter((row) => !unitId || pathOf(row).includes(unitId)).map((row) => row.instance_id),
        ),
      ].sort();
    for (const [server, url] of Object.entries(urls)) {
      for (const unitId of [undefined, ...units]) {
        const got = await inboxInstances(url, personId, unitId);
        const want = expected(unitId);
        audit.checked += 1;
        const missing = difference(want, got);
        const extra = difference(got, want);
        if (missing.length || extra.length) {
          audit.problems.push(
            `${server} ${personId}${unitId ? ` [${unitId}]` : ''}: missing ${missing.length}, extra ${extra.length}`,
          );
        }
      }
    }
  }
  return audit;
}
